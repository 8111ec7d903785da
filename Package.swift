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
        .systemLibrary(
            name: "CGDAL",
            pkgConfig: "gdal",
            providers: [.apt(["libgdal-dev"])]
        ),
        .target(
            name: "MineScreenKit",
            dependencies: ["CGEOS", "CPROJ", "CGDAL", .product(name: "Yams", package: "Yams"),
                           .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        // The HTTP screening service behind `minescreen serve` (Hummingbird 2).
        .target(
            name: "MineScreenServer",
            dependencies: ["MineScreenKit", .product(name: "Hummingbird", package: "hummingbird"),
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
        .testTarget(
            name: "MineScreenKitTests",
            dependencies: ["MineScreenKit"]
        ),
        .testTarget(
            name: "minescreenTests",
            dependencies: ["minescreen"]
        ),
    ]
)
