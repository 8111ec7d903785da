import Foundation

extension GEOSContext {
    /// The calling thread's own context for geometries made outside any `ThreadWorkspace` call
    /// (`LazyGEOSGeometry`): made when the thread first asks, released when the thread ends. Geometries made in
    /// it keep it alive, so they may outlive the thread.
    public static var ofThisThread: GEOSContext {
        if let stored = pthread_getspecific(threadKey) {
            return Unmanaged<GEOSContext>.fromOpaque(stored).takeUnretainedValue()
        }
        let context = GEOSContext()
        pthread_setspecific(threadKey, Unmanaged.passRetained(context).toOpaque())
        return context
    }

    private static let threadKey: pthread_key_t = {
        var key = pthread_key_t()
        let created = pthread_key_create(&key) { stored in
            if let stored { Unmanaged<GEOSContext>.fromOpaque(stored).release() }
        }
        precondition(created == 0, "pthread_key_create failed (\(created)): no thread-specific key left")
        return key
    }()
}
