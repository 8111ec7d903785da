import Foundation

/// `write(2)` until every byte is out, retrying on EINTR and short writes.
public enum POSIXWriter {
    /// 0 when all was written, else the errno (EPIPE, ENOSPC, EBADF …).
    public static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32 {
        guard var next = bytes.baseAddress else { return 0 }
        var left = bytes.count
        while left > 0 {
            let wrote = Glibc.write(fd, next, min(left, 1 << 30))
            if wrote < 0 {
                if errno == EINTR { continue }
                return errno
            }
            if wrote == 0 { return EIO }
            next += wrote
            left -= wrote
        }
        return 0
    }
}
