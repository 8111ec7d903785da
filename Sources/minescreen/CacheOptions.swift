import ArgumentParser
import MineScreenKit

/// `--cache DIR` and `--cache-max-mb N` (`overlap`, `screen`): per-block results kept between runs.
struct CacheOptions: ParsableArguments {
    @Option(name: .customLong("cache"), help: ArgumentHelp("Keep per-block results in this directory and reuse those whose inputs did not change (may be shared by concurrent runs).", valueName: "dir"))
    var directory: String?

    @Option(name: .customLong("cache-max-mb"), help: "Largest size of the cache directory in MB; the least recently used entries are removed beyond it.")
    var maxMegabytes: Int = 1024

    func validate() throws {
        if maxMegabytes < 1 { throw ValidationError("--cache-max-mb must be at least 1") }
        if directory == "" { throw ValidationError("--cache needs a directory") }
    }

    /// The cache, or nil without `--cache`. A directory that cannot be created or written is not a reason to stop:
    /// the run warns and computes every block.
    func open() -> ResultCache? {
        guard let directory else { return nil }
        do {
            return try ResultCache(directory: directory, maxMegabytes: maxMegabytes)
        } catch {
            warn(["\(error); running without the cache"])
            return nil
        }
    }

    /// After the analysis: trims the directory to its size and records hits and misses for the report's provenance.
    func finish(_ cache: ResultCache?, blocks: Int) {
        guard directory != nil else { return }
        guard let cache else { return ProvenanceLog.shared.recordCache(hits: 0, misses: blocks) }
        cache.finishStores()
        if let why = cache.writeFailure { warn(["could not store some results in cache \(cache.directory) (\(why)); they will be recomputed next time"]) }
        cache.evict()
        ProvenanceLog.shared.recordCache(hits: cache.hits, misses: cache.misses)
    }
}
