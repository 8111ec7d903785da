import Foundation

/// What tells this build of minescreen from another of the same version: the running executable's size and
/// modification time. Cache keys include it (`--cache`), so that a rebuilt binary whose analysis changed never
/// takes what an older build kept. "unknown build" where the executable cannot be looked at.
public let buildIdentity: String = {
    var info = stat()
    guard stat("/proc/self/exe", &info) == 0 else { return "unknown build" }
    return "\(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
}()
