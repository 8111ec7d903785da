/// Gives memory that has been freed back to the system (glibc's `malloc_trim`, which also releases whole free
/// pages inside the heap, not only at its top). Reading a big layer frees as much as it keeps (file bytes, parse
/// scaffolding, GDAL's batches and caches), scattered between what it keeps: without this, that memory stays
/// counted against the run until it ends.
public enum FreedMemory {
    public static func release() {
        #if os(Linux)
        _ = glibcMallocTrim(0)
        #endif
    }
}

#if os(Linux)
/// `int malloc_trim(size_t pad)` from `<malloc.h>`, which the Glibc module does not bring in.
@_silgen_name("malloc_trim")
private func glibcMallocTrim(_ pad: Int) -> Int32
#endif
