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
///
/// After each sync, the pages it put on the disk that no earlier sync did,
/// but the file's last `keptBytes`, leave the page cache (`WrittenPages`).
/// On the virtual machines these runs are measured on, a page the kernel
/// has not handed out for a few seconds is slow to touch again (the host
/// backs it anew): writing 2.5 GB through
/// the page cache took 5.2 s of processor time, and 0.75 s when every 64 MB
/// written was synced and dropped, because the next writes then reuse the
/// pages just freed. A million-profile first run writes a 2.5 GB store; its
/// committing thread spent about a third of the commit in the kernel copying
/// pages into the cache.
final class WriteBehind: Sendable {
    /// Between syncs. 100k first run, commit stage in four rounds: 20 ms
    /// 0.657-0.758 s, 50 ms 0.647-0.701 s, 150 ms 0.687-0.694 s.
    static let interval = Duration.milliseconds(50)

    /// The file's last bytes whose pages stay cached. The index builds read
    /// the whole store back right after the rows; a 100k store (250 MB) is
    /// no slower to write through the cache than to drop, and reading it
    /// back from the disk made its commit 0.09 s slower (median of eight
    /// alternating pairs). Past this, a larger store is dropped as it grows.
    static let keptBytes = 256 << 20

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
            var pages = WrittenPages(keeping: WriteBehind.keptBytes)
            while !stopped.raised.load(ordering: .relaxed) {
                nanosleep(&pause, nil)
                if stopped.raised.load(ordering: .relaxed) { break }
                let length = WrittenPages.length(of: descriptor)
                sync(descriptor)
                pages.release(descriptor, upTo: length)
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

/// The part of a file whose pages have been let go of: each written range
/// once, just after the sync that put it on the disk, all but the file's
/// last `keeping` bytes.
///
/// Once only, because a first run's index builds then scan the tables it
/// wrote, reading them back from the disk into the cache: dropped again at
/// every sync, each of the four scans read them from the disk anew (a 100k
/// commit took 1.18 s against 0.99 s without any dropping).
struct WrittenPages {
    /// Bytes from the file's start whose pages have been let go of.
    private(set) var released = 0
    /// The file's last bytes whose pages stay cached.
    let keeping: Int

    init(keeping: Int = 0) {
        self.keeping = keeping
    }

    /// The file's length, taken before a sync: what the sync will cover.
    static func length(of descriptor: Int32) -> Int {
        var status = stat()
        return fstat(descriptor, &status) == 0 ? Int(status.st_size) : 0
    }

    /// Asks the kernel to drop the cached pages of `released..<length`
    /// but its last `keeping` bytes; a sync has just put them on the disk.
    /// `POSIX_FADV_DONTNEED` leaves pages written since (dirty) in place:
    /// nothing unsynced is lost.
    mutating func release(_ descriptor: Int32, upTo length: Int) {
        let end = length - keeping
        guard end > released else { return }
        #if os(Linux)
        _ = posix_fadvise(descriptor, off_t(released), off_t(end - released), POSIX_FADV_DONTNEED)
        #endif
        released = end
    }
}
