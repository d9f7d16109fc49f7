#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ProfileCore
import Synchronization

/// Flushes a file the committing thread is writing, from another thread,
/// every `interval`, so that the commit's own sync at the end finds little
/// left to write.
///
/// A first run writes the whole store (250 MB at 100,000 profiles) into the
/// page cache as SQLite spills pages during the transaction; the kernel
/// would start writing them back only after about 30 seconds, so the
/// COMMIT's `fdatasync` wrote all of them while the run waited: 87 ms at
/// 100k. Synced as it grows, the disk works while the run still computes.
/// Durability is SQLite's as before: this only syncs earlier, never instead.
///
/// A sync blocks only this thread; SQLite's writes go on meanwhile.
final class WriteBehind: Sendable {
    /// Between syncs. 100k first run, commit stage in four rounds: 20 ms
    /// 0.657-0.758 s, 50 ms 0.647-0.701 s, 150 ms 0.687-0.694 s.
    static let interval = Duration.milliseconds(50)

    private final class Flag: Sendable {
        let raised = Atomic<Bool>(false)
    }

    private let stopped = Flag()
    private let task: BackgroundTask<Void>

    /// Starts syncing `path`; nil when it cannot be opened (the commit then
    /// syncs everything itself, as it always does). `sync` is called with
    /// the file's descriptor (tests count the calls).
    init?(
        path: String, interval: Duration,
        sync: @escaping @Sendable (Int32) -> Void = { descriptor in WriteBehind.dataSync(descriptor) }
    ) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        let stopped = self.stopped
        let nanoseconds = interval.components.seconds * 1_000_000_000 + interval.components.attoseconds / 1_000_000_000
        task = BackgroundTask(priority: .dedicated) {
            defer { close(descriptor) }
            var pause = timespec(tv_sec: Int(nanoseconds / 1_000_000_000), tv_nsec: Int(nanoseconds % 1_000_000_000))
            while !stopped.raised.load(ordering: .relaxed) {
                nanosleep(&pause, nil)
                if stopped.raised.load(ordering: .relaxed) { break }
                sync(descriptor)
            }
        }
    }

    /// Writes the file's data to the disk (not its times).
    static func dataSync(_ descriptor: Int32) {
        #if canImport(Glibc)
        _ = fdatasync(descriptor)
        #else
        _ = fsync(descriptor)
        #endif
    }

    /// Stops syncing and waits for a sync under way to end; no sync starts after it returns.
    func stop() {
        stopped.raised.store(true, ordering: .relaxed)
        try? task.wait()
    }
}
