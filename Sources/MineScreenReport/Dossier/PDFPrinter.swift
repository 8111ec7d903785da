import Foundation

/// Prints an HTML dossier to PDF with a headless Chromium (the page's own print CSS: A4, running header,
/// page numbers), so a dossier to sign is one command. The HTML and Chromium's profile live in a private
/// temporary folder that is removed afterwards; the PDF comes back as bytes for the caller to write atomically.
public struct PDFPrinter {
    /// Program names looked up on PATH, in order; `MINESCREEN_CHROMIUM` names one explicitly.
    public static let programNames = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]
    /// A dossier of a few hundred blocks prints in well under a minute; a browser that hangs is stopped.
    public var timeoutSeconds: Double = 600
    public var browser: String

    public init(browser: String) { self.browser = browser }

    /// The browser to print with, or an error naming what was looked for.
    public static func find(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> PDFPrinter {
        if let explicit = environment["MINESCREEN_CHROMIUM"], !explicit.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: explicit) else {
                throw ReportError.cannotWrite("--format pdf: MINESCREEN_CHROMIUM=\(explicit) is not an executable program")
            }
            return PDFPrinter(browser: explicit)
        }
        let folders = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        for name in programNames {
            for folder in folders where !folder.isEmpty {
                let candidate = folder + "/" + name
                if FileManager.default.isExecutableFile(atPath: candidate) { return PDFPrinter(browser: candidate) }
            }
        }
        throw ReportError.cannotWrite("--format pdf prints the HTML dossier with a headless Chromium, and none was found on PATH (looked for \(programNames.joined(separator: ", "))): install chromium or set MINESCREEN_CHROMIUM to the program")
    }

    public func pdf(html: String) throws -> Data {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("minescreen-pdf-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw ReportError.cannotWrite("--format pdf: cannot make a temporary folder: \(error.localizedDescription)")
        }
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("dossier.html")
        let output = folder.appendingPathComponent("dossier.pdf")
        do { try Data(html.utf8).write(to: page) } catch {
            throw ReportError.cannotWrite("--format pdf: cannot write the page to print: \(error.localizedDescription)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: browser)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
                             "--user-data-dir=" + folder.appendingPathComponent("profile").path,
                             "--no-pdf-header-footer", "--print-to-pdf=" + output.path, page.absoluteString]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        do { try process.run() } catch {
            throw ReportError.cannotWrite("--format pdf: cannot start \(browser): \(error.localizedDescription)")
        }
        // Chromium is chatty on stderr: read it as it comes so a full pipe never blocks it; keep the tail.
        let collected = ErrorTail()
        errors.fileHandleForReading.readabilityHandler = { handle in collected.append(handle.availableData) }
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while process.isRunning {
            if Date() > deadline {
                process.terminate()
                process.waitUntilExit()
                errors.fileHandleForReading.readabilityHandler = nil
                throw ReportError.cannotWrite("--format pdf: \(browser) did not finish printing within \(Int(timeoutSeconds)) s")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        errors.fileHandleForReading.readabilityHandler = nil
        let data = try? Data(contentsOf: output)
        guard process.terminationStatus == 0, let data, data.starts(with: Data("%PDF".utf8)) else {
            throw ReportError.cannotWrite("--format pdf: \(browser) exited \(process.terminationStatus) without a PDF: \(collected.text)")
        }
        return data
    }
}

/// The last few kilobytes a child process wrote to stderr, for the error message.
private final class ErrorTail: @unchecked Sendable {
    private let lock = NSLock()
    private var bytes = Data()

    func append(_ data: Data) {
        lock.lock(); defer { lock.unlock() }
        bytes.append(data)
        if bytes.count > 4096 { bytes = bytes.suffix(4096) }
    }

    var text: String {
        lock.lock(); defer { lock.unlock() }
        return String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
