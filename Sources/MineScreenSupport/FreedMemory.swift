#if canImport(Glibc)
import Glibc
#endif

/// Gives memory that has been freed back to the system (glibc's `malloc_trim`, which also releases whole free
/// pages inside the heap, not only at its top). Reading a big layer frees as much as it keeps (file bytes, parse
/// scaffolding, GDAL's batches and caches), scattered between what it keeps: without this, that memory stays
/// counted against the run until it ends. Does nothing where the C library has no `malloc_trim`.
public enum FreedMemory {
    public static func release() {
        _ = mallocTrim?(0)
    }

    /// `int malloc_trim(size_t pad)` from `<malloc.h>` (which the Glibc module does not bring in), looked up once.
    private static let mallocTrim: (@convention(c) (Int) -> Int32)? = {
        #if canImport(Glibc)
        // A null handle is RTLD_DEFAULT: the symbol as the program itself would find it.
        guard let symbol = dlsym(nil, "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
        #else
        return nil
        #endif
    }()
}
