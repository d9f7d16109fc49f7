import Foundation
import Synchronization

/// An exclusive, advisory lock beside the store (`<store>.lock`) held for the
/// whole of a run or purge, so a second writer is refused at once (exit 4)
/// instead of waiting on SQLite's lock mid-run. Readers never take it.
///
/// The lock is `flock(2)`: the kernel releases it when the process dies, so a
/// killed run never leaves the store locked.
public final class StoreLock: Sendable {
    public let path: String
    private let descriptor: Mutex<Int32>

    /// Someone else holds the lock; `holder` is what they wrote into it.
    public struct Busy: Error, CustomStringConvertible {
        public var path: String
        public var holder: String
        public var description: String {
            "the store is in use by another run (\(holder.isEmpty ? "holder unknown" : holder)); lock: \(path)"
        }
    }

    /// Takes the lock or throws `Busy` without waiting.
    public init(storePath: String, purpose: String) throws {
        path = storePath + ".lock"
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw StoreError.io("cannot open lock file \(path): \(String(cString: strerror(errno)))")
        }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            close(descriptor)
            throw Busy(path: path, holder: holder)
        }
        let host = ProcessInfo.processInfo.hostName
        let started = ISO8601DateFormatter().string(from: Date())
        let text = "\(purpose) by pid \(getpid()) on \(host) since \(started)\n"
        _ = ftruncate(descriptor, 0)
        _ = text.withCString { pwrite(descriptor, $0, strlen($0), 0) }
        self.descriptor = Mutex(descriptor)
    }

    /// Releases the lock; calling it again does nothing.
    public func release() {
        descriptor.withLock { descriptor in
            guard descriptor >= 0 else { return }
            _ = ftruncate(descriptor, 0)
            flock(descriptor, LOCK_UN)
            close(descriptor)
            descriptor = -1
        }
    }

    deinit { release() }
}
