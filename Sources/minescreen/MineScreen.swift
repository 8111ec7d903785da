import ArgumentParser
import Foundation
import MineScreenKit

@main
struct MineScreen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "minescreen",
        abstract: "Areas, overlaps and clean-ore screening of mining blocks against constraint layers (CGCS2000).",
        discussion: exitCodeHelp,
        version: minescreenVersion,
        subcommands: [AreaCommand.self, OverlapCommand.self, ScreenCommand.self, GridCommand.self, ConvertCommand.self,
                      CheckCommand.self, RectifyCommand.self, VerifyCommand.self, ServeCommand.self,
                      BenchReadCommand.self]
    )

    /// Argument errors exit 2 like every other "could not run" case (ArgumentParser's default is 64).
    static func main() {
        _ = runTimings  // a global is made on first use: start the total's clock now
        // Only reports that carry provenance hash their inputs: JSON, dossiers and workbooks always, tables and CSV
        // with --provenance (not convert, and not bench-read, which times reading).
        let arguments = Array(CommandLine.arguments.dropFirst())
        // A JSON or CSV run with --cache hashes them too: its report is kept for a later run over the same inputs
        // (`ReplayedRun`).
        if let name = arguments.first, reportingCommands.contains(name), reportCarriesProvenance(arguments) || reportMayBeKept(arguments) {
            ProvenanceLog.shared.enable()
        }
        StandardStreams.ignoreBrokenPipeSignal()
        do {
            var command = try parseAsRoot(try GatheredOptions.gather(Array(CommandLine.arguments.dropFirst())))
            try command.run()
            terminate(0)
        } catch let error as InputError {
            fail(error.description)
        } catch is StandardStreams.ClosedPipe {
            // The reader of stdout stopped reading (`| head`): nothing to say, but the report is not whole.
            terminate(2)
        } catch let error as ExitCode {
            terminate(error.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success { exit(withError: error) }
            if code.rawValue == 64 || code == .validationFailure {
                let message = fullMessage(for: error).split(separator: "\n", omittingEmptySubsequences: false)
                    .map { TerminalText.escaped(String($0)) }.joined(separator: "\n")
                StandardStreams.writeError(message + "\n")
                terminate(2)
            }
            if error is CleanExit { exit(withError: error) }
            fail("\(error)")
        }
    }

    /// Exits, printing `--timings` first however the command ended (exit 1 and 3 are finished runs too).
    static func terminate(_ code: Int32) -> Never {
        StandardStreams.writeError(runTimings.report())
        Foundation.exit(code)
    }

    static func fail(_ message: String) -> Never {
        let clear = isatty(STDERR_FILENO) == 1 ? "\r\u{1B}[K" : ""  // over any progress line
        StandardStreams.writeError("\(clear)minescreen: \(TerminalText.escaped(message))\n")
        terminate(2)
    }
}

/// Inputs kept alive until the process exits: freeing 200 000 GEOS geometries one by one costs
/// a second at the end of a big run, and the operating system reclaims them at once anyway.
enum KeepUntilExit {
    nonisolated(unsafe) static var objects: [Any] = []
    static func keep(_ object: Any) { objects.append(object) }
}

/// The exit codes, as every command's --help shows them.
let exitCodeHelp = """
Exit codes:
  0  done (for screen: every block clean)
  1  screen: done, some block is not clean; grid: some block is off
     the 1′ graticule; check: some block has a finding (3 wins over 1);
     verify: some input changed or some figure differs
  2  could not run: bad arguments, missing or unreadable file,
     invalid JSON (file:line:column), unknown CRS, bad rules file,
     an output that is an input or read-only or cannot be written,
     a PostGIS connection, table or SRID that cannot be used, an existing
     --format postgis table without --overwrite; serve: could not start
  3  done, but some input features were rejected (listed under
     "rejected" with index, id, file and reason)
"""
