// swift-tools-version:5.9
import PackageDescription

let package = Package(
    name: "MineScreen",
    products: [
        .library(name: "MineScreenKit", targets: ["MineScreenKit"]),
        .executable(name: "minescreen", targets: ["minescreen"]),
        .executable(name: "minescreen-fuzz", targets: ["MineScreenFuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // NIOHTTPTypes: the request parts a channel handler of the server sees (ExpectContinueHandler).
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        // Only for `swift package generate-documentation` (Scripts/docs); no target depends on it.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CGEOS",
            pkgConfig: "geos",
            providers: [.apt(["libgeos-dev"])]
        ),
        .systemLibrary(
            name: "CPROJ",
            pkgConfig: "proj",
            providers: [.apt(["libproj-dev"])]
        ),
        // OpenSSL's libcrypto for SHA-256 (provenance checksums, cache keys); libssl-dev comes with libgdal-dev.
        .systemLibrary(
            name: "CCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        .systemLibrary(
            name: "CGDAL",
            pkgConfig: "gdal",
            providers: [.apt(["libgdal-dev"])]
        ),
        // Library layers, bottom to top; each depends only on layers below it, so the compiler keeps imports
        // one-way. MineScreenKit re-exports them all for users of the library.
        .target(name: "MineScreenSupport"),
        .target(name: "MineScreenGeometry", dependencies: ["MineScreenSupport"]),
        .target(name: "MineScreenNative", dependencies: ["MineScreenGeometry", "CGEOS", "CPROJ", "CGDAL", "CCrypto"]),
        .target(name: "MineScreenIO", dependencies: ["MineScreenNative"]),
        .target(name: "MineScreenAnalysis", dependencies: ["MineScreenIO", .product(name: "Yams", package: "Yams")]),
        .target(name: "MineScreenReport", dependencies: ["MineScreenAnalysis", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        // Every layer is named, not only the top one: the umbrella re-exports them all, and DocC's combined
        // documentation lets a catalogue link only to its target's direct dependencies.
        .target(
            name: "MineScreenKit",
            dependencies: ["MineScreenSupport", "MineScreenGeometry", "MineScreenNative", "MineScreenIO",
                           "MineScreenAnalysis", "MineScreenReport"]
        ),
        // The HTTP screening service behind `minescreen serve` (Hummingbird 2).
        .target(
            name: "MineScreenServer",
            dependencies: ["MineScreenKit", .product(name: "Hummingbird", package: "hummingbird"),
                           .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                           .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        .executableTarget(
            name: "minescreen",
            dependencies: ["MineScreenKit", "MineScreenServer",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // libFuzzer targets for the input readers (Scripts/fuzz/run); a normal build makes a replay tool of them.
        .executableTarget(
            name: "MineScreenFuzz",
            dependencies: ["MineScreenKit", "CLibFuzzerDriver"]
        ),
        .systemLibrary(name: "CLibFuzzerDriver"),
        // Tests mirror the library's layers; shared fixtures and helpers live in MineScreenTestSupport.
        .target(name: "MineScreenTestSupport", dependencies: ["MineScreenKit"], path: "Tests/MineScreenTestSupport"),
        .testTarget(name: "MineScreenSupportTests", dependencies: ["MineScreenKit", "MineScreenTestSupport"]),
        .testTarget(name: "MineScreenGeometryTests", dependencies: ["MineScreenKit", "MineScreenTestSupport"]),
        .testTarget(name: "MineScreenNativeTests", dependencies: ["MineScreenKit", "MineScreenTestSupport"]),
        .testTarget(name: "MineScreenIOTests", dependencies: ["MineScreenKit", "MineScreenTestSupport"]),
        .testTarget(name: "MineScreenAnalysisTests", dependencies: ["MineScreenKit", "MineScreenTestSupport"]),
        .testTarget(name: "MineScreenReportTests", dependencies: ["MineScreenKit", "MineScreenTestSupport"]),
        // Compiles README.md's library snippet against MineScreenKit's public API only (no @testable import).
        .testTarget(name: "MineScreenKitUsageTests", dependencies: ["MineScreenKit"]),
        .testTarget(
            name: "minescreenTests",
            dependencies: ["minescreen"]
        ),
    ]
)
