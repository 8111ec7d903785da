import Foundation
#if MINESCREEN_FUZZING
import CLibFuzzerDriver
#endif

/// One binary serves every reader. Built with `-sanitize=fuzzer -D MINESCREEN_FUZZING` (Scripts/fuzz/run) it is
/// a libFuzzer program: `MINESCREEN_FUZZ_READER=geojson minescreen-fuzz [libFuzzer flags] CORPUS...`. A normal
/// build replays files through a reader (e.g. a crash file libFuzzer wrote): `minescreen-fuzz READER FILE...`.
@main
struct FuzzMain {
    static func main() {
        #if MINESCREEN_FUZZING
        let name = ProcessInfo.processInfo.environment["MINESCREEN_FUZZ_READER"] ?? ""
        guard let reader = FuzzedReader(rawValue: name) else { usage("MINESCREEN_FUZZ_READER must be one of \(readerNames) (got '\(name)')") }
        fuzzedReader = reader
        // libFuzzer reads its own flags and corpus folders from the arguments.
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOneInput))
        #else
        let arguments = CommandLine.arguments.dropFirst()
        guard let name = arguments.first, let reader = FuzzedReader(rawValue: name), arguments.count > 1 else {
            usage("usage: minescreen-fuzz \(readerNames) FILE...")
        }
        for path in arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else { usage("\(path): cannot read") }
            reader.read(Array(data))
            print("\(path): read without a crash")
        }
        #endif
    }

    static let readerNames = FuzzedReader.allCases.map(\.rawValue).joined(separator: "|")

    static func usage(_ message: String) -> Never {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        exit(2)
    }
}

#if MINESCREEN_FUZZING
/// One input. Exported under libFuzzer's name too: the runtime's own `main`, linked but unused (SwiftPM points
/// `main` at the `@main` above), refers to it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzedReader.read(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}

/// Set once by `main` before libFuzzer starts calling back; read only afterwards.
nonisolated(unsafe) var fuzzedReader = FuzzedReader.geojson
#endif
