#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
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
/// A commit through the WAL (every run but a first) has two such files:
/// the WAL, into which the page cache spills pages during the transaction
/// and which the COMMIT syncs, and the store, into which the checkpoint
/// after it copies them and which it syncs. Both are synced as they are
/// written, and keep their pages cached (`keeping: .max`): the checkpoint
/// reads the WAL back, and the next run reads the store.
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
    /// Signalled by `stop()`: the thread waits on it between syncs, so that
    /// it ends at once. It slept the interval through, and the commit,
    /// which stops it after its COMMIT, waited out the rest of that sleep:
    /// 4-33 ms of a 100k first import's last 50 ms.
    private let wake = DispatchSemaphore(value: 0)
    /// Raised by `readingBack()`.
    private let readBack = Flag()
    private let task: BackgroundTask<Void>

    /// Starts syncing `path`; nil when it cannot be opened (the commit then
    /// syncs everything itself, as it always does). `sync` is called with
    /// the file's descriptor (tests count the calls). Synced pages but the
    /// file's last `keeping` bytes leave the page cache (`.max`: none do).
    init?(
        path: String, interval: Duration, keeping: Int = WriteBehind.keptBytes,
        sync: @escaping @Sendable (Int32) -> Void = { descriptor in WriteBehind.dataSync(descriptor) }
    ) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        let stopped = self.stopped
        let wake = self.wake
        let readBack = self.readBack
        let nanoseconds = interval.components.seconds * 1_000_000_000 + interval.components.attoseconds / 1_000_000_000
        task = BackgroundTask(priority: .dedicated) {
            defer { close(descriptor) }
            var pages = WrittenPages(keeping: keeping)
            while !stopped.raised.load(ordering: .relaxed) {
                // Signalled only by `stop()`; a timeout is the next sync.
                if wake.wait(timeout: .now() + .nanoseconds(Int(nanoseconds))) == .success { break }
                if stopped.raised.load(ordering: .relaxed) { break }
                let length = WrittenPages.length(of: descriptor)
                sync(descriptor)
                if readBack.raised.load(ordering: .relaxed) {
                    pages.releaseReadBack(descriptor, upTo: length)
                } else {
                    pages.release(descriptor, upTo: length)
                }
            }
        }
    }

    /// The commit has written its rows and now reads the file back (a
    /// first run's index builds scan the tables): from the next sync on,
    /// pages read back leave the cache too, but the file's last
    /// `keptBytes`, so that each scan's reads reuse the pages the last
    /// ones freed instead of growing the cache.
    ///
    /// On the virtual machines these runs are measured on, a scan that
    /// fills pages the kernel had not handed out for a while costs as much
    /// as writing them did (`WrittenPages`). A million-profile store's
    /// three index builds, from a cold cache in the sqlite3 shell: 4.78 and
    /// 4.96 s (system time 3.1 and 3.6 s) as they were, 3.01 and 3.17 s
    /// (1.1 and 1.25 s) with the file's pages dropped every 50 ms. A store
    /// within `keptBytes` (100,000 profiles) is read from the cache and
    /// nothing changes.
    func readingBack() {
        readBack.raised.store(true, ordering: .relaxed)
    }

    /// Writes the file's data to the disk (not its times).
    static func dataSync(_ descriptor: Int32) {
        #if canImport(Glibc)
        _ = fdatasync(descriptor)
        #else
        _ = fsync(descriptor)
        #endif
    }

    /// Stops syncing and waits for a sync under way to end, not for the
    /// interval; no sync starts after it returns. Called once.
    func stop() {
        stopped.raised.store(true, ordering: .relaxed)
        wake.signal()
        try? task.wait()
    }
}

/// The part of a file whose pages have been let go of: each written range
/// once, just after the sync that put it on the disk, all but the file's
/// last `keeping` bytes.
///
/// Once only while the rows are written: a version that dropped the whole
/// file at every sync made each of a 100k commit's index scans read the
/// store from the disk anew (1.18 s against 0.99 s without any dropping),
/// and a store within `keeping` now stays cached whole. Once the file is
/// read back, a store larger than `keeping` is read from the disk whatever
/// is done, and `releaseReadBack` lets go of the pages behind the scans.
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

    /// Asks the kernel to drop every cached page of the file but its last
    /// `keeping` bytes (those synced already, read back or not): called
    /// at each sync once the file is read back (`WriteBehind.readingBack`),
    /// it lets go of what the scans have read since the last one.
    mutating func releaseReadBack(_ descriptor: Int32, upTo length: Int) {
        let end = length - keeping
        guard end > 0 else { return }
        #if os(Linux)
        _ = posix_fadvise(descriptor, 0, off_t(end), POSIX_FADV_DONTNEED)
        #endif
        released = max(released, end)
    }
}
