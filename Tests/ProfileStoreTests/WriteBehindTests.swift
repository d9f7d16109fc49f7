import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif
import Testing
import TestSupport

@testable import ProfileStore

/// A first run's commit syncs the store file as it grows, from another
/// thread, until the commit stops it.
@Suite struct WriteBehindTests {
    final class Calls: Sendable {
        let count = Atomic<Int>(0)
        let descriptors = Mutex<Set<Int32>>([])

        /// Waits until `count` syncs were made, 30 s at most (the caller
        /// checks the count): however loaded the machine, several intervals.
        func wait(forAtLeast count: Int) {
            let deadline = ContinuousClock.now + .seconds(30)
            while self.count.load(ordering: .relaxed) < count && ContinuousClock.now < deadline {
                Thread.sleep(forTimeInterval: 0.005)
            }
        }
    }

    /// A small file to sync, `profiles.db` in `folder`.
    static func storeFile(in folder: TemporaryDirectory) throws -> String {
        let path = folder.url.appendingPathComponent("profiles.db").path
        try Data("rows".utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func syncsTheFileUntilStoppedAndNeverAfter() throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let path = try Self.storeFile(in: folder)
        let calls = Calls()
        let writeBehind = try #require(
            WriteBehind(path: path, interval: .milliseconds(5)) { descriptor in
                calls.count.add(1, ordering: .relaxed)
                calls.descriptors.withLock { _ = $0.insert(descriptor) }
            })
        // Several intervals, however loaded the machine: wait for three syncs.
        calls.wait(forAtLeast: 3)
        writeBehind.stop()
        let stopped = calls.count.load(ordering: .relaxed)
        #expect(stopped >= 3)
        // The file is opened once for all the syncs.
        #expect(calls.descriptors.withLock { $0.count } == 1)
        Thread.sleep(forTimeInterval: 0.05)
        #expect(calls.count.load(ordering: .relaxed) == stopped)
    }

    /// Stopping does not wait out the interval: the commit stops it after
    /// its COMMIT, and the run waited for the rest of a sleep.
    @Test func stoppingEndsTheWaitForTheNextSyncAtOnce() throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let path = try Self.storeFile(in: folder)
        let calls = Calls()
        let writeBehind = try #require(
            WriteBehind(path: path, interval: .seconds(30)) { _ in calls.count.add(1, ordering: .relaxed) })
        // Into its wait for the first sync, 30 s away.
        Thread.sleep(forTimeInterval: 0.05)
        let started = ContinuousClock.now
        writeBehind.stop()
        let waited = ContinuousClock.now - started
        #expect(waited < .seconds(5), "stop() waited \(waited)")
        #expect(calls.count.load(ordering: .relaxed) == 0)
    }

    @Test func aFileThatCannotBeOpenedGetsNoWriteBehind() throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        #expect(WriteBehind(path: folder.url.appendingPathComponent("missing.db").path, interval: .milliseconds(5)) == nil)
    }

    #if os(Linux)
    /// The store's pages that a sync has put on the disk leave the page
    /// cache, each range once: pages written after the sync stay until the
    /// next one, and pages read back (the index builds' scans) stay.
    @Test(.enabled(if: WriteBehindTests.temporaryFilesCanLeaveThePageCache, "the temporary directory is in memory (tmpfs)"))
    func eachSyncedRangeLeavesThePageCacheOnce() throws {
        try Self.withStoreFile { path, descriptor in
            let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
            let chunk = [UInt8](repeating: 0x5A, count: 256 * pageSize)
            func append() throws {
                try Self.append(chunk, to: descriptor)
            }
            var pages = WrittenPages()
            func syncAndRelease() {
                let length = WrittenPages.length(of: descriptor)
                WriteBehind.dataSync(descriptor)
                pages.release(descriptor, upTo: length)
            }

            try append()
            #expect(try Self.residentPages(descriptor, length: chunk.count) == 256)
            syncAndRelease()
            #expect(try Self.residentPages(descriptor, length: chunk.count) == 0)
            #expect(pages.released == chunk.count)

            // Written after the sync: dirty, so kept; the next sync drops it.
            try append()
            #expect(try Self.residentPages(descriptor, length: 2 * chunk.count) == 256)
            // The first range read back (as an index build scans a table) stays
            // cached through the next sync; only the new range goes.
            var back = [UInt8](repeating: 0, count: chunk.count)
            try #require(back.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) } == chunk.count)
            #expect(back == chunk)
            #expect(try Self.residentPages(descriptor, length: 2 * chunk.count) == 512)
            syncAndRelease()
            #expect(try Self.residentPages(descriptor, length: chunk.count) == 256)
            #expect(try Self.residentPages(descriptor, length: 2 * chunk.count) == 256)
            #expect(pages.released == 2 * chunk.count)
            // Nothing was lost: the file reads back whole.
            try Self.expectWhole(path, chunks: 2, of: chunk)
        }
    }

    /// With `keeping`, a sync lets go of all but the file's last bytes; a
    /// file no longer than that keeps every page. (Ranges of 4 MiB: the
    /// kernel drops only whole folios, which can be that large.)
    @Test(.enabled(if: WriteBehindTests.temporaryFilesCanLeaveThePageCache, "the temporary directory is in memory (tmpfs)"))
    func theLastBytesStayCached() throws {
        try Self.withStoreFile { _, descriptor in
            let chunk = Self.folioChunk
            let pagesPerChunk = Self.pagesPerFolioChunk
            var pages = WrittenPages(keeping: chunk.count)
            func appendSyncAndRelease() throws {
                try Self.append(chunk, to: descriptor)
                let length = WrittenPages.length(of: descriptor)
                WriteBehind.dataSync(descriptor)
                pages.release(descriptor, upTo: length)
            }
            try appendSyncAndRelease()  // within the kept bytes
            #expect(try Self.residentPages(descriptor, length: chunk.count) == pagesPerChunk)
            #expect(pages.released == 0)
            try appendSyncAndRelease()  // the first chunk goes
            #expect(try Self.residentPages(descriptor, length: chunk.count) == 0)
            #expect(try Self.residentPages(descriptor, length: 2 * chunk.count) == pagesPerChunk)
            try appendSyncAndRelease()  // and the second
            #expect(try Self.residentPages(descriptor, length: 3 * chunk.count) == pagesPerChunk)
            #expect(pages.released == 2 * chunk.count)
        }
    }

    /// Once the file is read back, each sync lets go of every page but the
    /// file's last bytes, those read back since the last sync included.
    @Test(.enabled(if: WriteBehindTests.temporaryFilesCanLeaveThePageCache, "the temporary directory is in memory (tmpfs)"))
    func pagesReadBackLeaveTheCacheButTheLastBytes() throws {
        try Self.withStoreFile { path, descriptor in
            let chunk = Self.folioChunk
            let pagesPerChunk = Self.pagesPerFolioChunk
            var pages = WrittenPages(keeping: chunk.count)
            for _ in 0..<3 {
                try Self.append(chunk, to: descriptor)
            }
            var length = WrittenPages.length(of: descriptor)
            WriteBehind.dataSync(descriptor)
            pages.release(descriptor, upTo: length)
            #expect(PageCache.about(try Self.residentPages(descriptor, length: 3 * chunk.count), pagesPerChunk))
            // The scans read the whole file back.
            func readBack() throws {
                var back = [UInt8](repeating: 0, count: 3 * chunk.count)
                try #require(back.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) } == back.count)
                #expect(back.allSatisfy { $0 == 0x5A })
            }
            try readBack()
            #expect(PageCache.about(try Self.residentPages(descriptor, length: 3 * chunk.count), 3 * pagesPerChunk))
            // `release` lets go of each range once: what was read back stays.
            pages.release(descriptor, upTo: length)
            #expect(PageCache.about(try Self.residentPages(descriptor, length: 3 * chunk.count), 3 * pagesPerChunk))
            pages.releaseReadBack(descriptor, upTo: length)
            #expect(try Self.residentPages(descriptor, length: 2 * chunk.count) == 0)
            #expect(PageCache.about(try Self.residentPages(descriptor, length: 3 * chunk.count), pagesPerChunk))
            // Read again (the next index's scan), dropped again; a page written
            // since (dirty, as an index's new pages) stays until it is synced.
            try readBack()
            try Self.append(chunk, to: descriptor)
            pages.releaseReadBack(descriptor, upTo: length)
            #expect(try Self.residentPages(descriptor, length: 2 * chunk.count) == 0)
            #expect(PageCache.about(try Self.residentPages(descriptor, length: 4 * chunk.count), 2 * pagesPerChunk))
            length = WrittenPages.length(of: descriptor)
            WriteBehind.dataSync(descriptor)
            pages.releaseReadBack(descriptor, upTo: length)
            #expect(try Self.residentPages(descriptor, length: 3 * chunk.count) == 0)
            #expect(PageCache.about(try Self.residentPages(descriptor, length: 4 * chunk.count), pagesPerChunk))
            #expect(pages.released == 3 * chunk.count)
            // Nothing was lost.
            try Self.expectWhole(path, chunks: 4, of: chunk)
        }
    }

    /// A file within the kept bytes is never let go of, read back or not.
    @Test(.enabled(if: WriteBehindTests.temporaryFilesCanLeaveThePageCache, "the temporary directory is in memory (tmpfs)"))
    func aFileWithinTheKeptBytesStaysCachedWhenReadBack() throws {
        try Self.withStoreFile { _, descriptor in
            let chunk = Self.folioChunk
            let pagesPerChunk = Self.pagesPerFolioChunk
            var pages = WrittenPages(keeping: 2 * chunk.count)
            try Self.append(chunk, to: descriptor)
            let length = WrittenPages.length(of: descriptor)
            WriteBehind.dataSync(descriptor)
            pages.releaseReadBack(descriptor, upTo: length)
            #expect(try Self.residentPages(descriptor, length: chunk.count) == pagesPerChunk)
            #expect(pages.released == 0)
        }
    }

    /// The caller chooses what a write-behind's syncs let go of: a commit
    /// through the WAL keeps every page (`.max`), since the checkpoint reads
    /// the WAL back and the next run the store; a first run's keeps the
    /// file's last bytes only.
    @Test(.enabled(if: WriteBehindTests.temporaryFilesCanLeaveThePageCache, "the temporary directory is in memory (tmpfs)"))
    func theBytesKeptCachedAreTheCallersToChoose() throws {
        let chunk = Self.folioChunk
        let pagesPerChunk = Self.pagesPerFolioChunk
        for (keeping, resident) in [(Int.max, 3 * pagesPerChunk), (chunk.count, pagesPerChunk)] {
            try Self.withStoreFile { path, descriptor in
                for _ in 0..<3 { try Self.append(chunk, to: descriptor) }
                let calls = Calls()
                let writeBehind = try #require(
                    WriteBehind(path: path, interval: .milliseconds(5), keeping: keeping) { descriptor in
                        WriteBehind.dataSync(descriptor)
                        calls.count.add(1, ordering: .relaxed)
                    })
                calls.wait(forAtLeast: 2)
                writeBehind.stop()
                #expect(calls.count.load(ordering: .relaxed) >= 2)
                #expect(
                    PageCache.about(try Self.residentPages(descriptor, length: 3 * chunk.count), resident),
                    "keeping \(keeping)")
                try Self.expectWhole(path, chunks: 3, of: chunk)
            }
        }
    }

    /// 4 MiB of one byte: the kernel drops only whole folios, which can be that large.
    static let folioChunk = [UInt8](repeating: 0x5A, count: 4 << 20)

    /// The pages of `folioChunk`.
    static var pagesPerFolioChunk: Int { folioChunk.count / Int(sysconf(Int32(_SC_PAGESIZE))) }

    /// Appends `chunk` to the file, whole.
    static func append(_ chunk: [UInt8], to descriptor: Int32) throws {
        try #require(chunk.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) } == chunk.count)
    }

    /// The file holds `count` copies of `chunk`, every byte as written.
    static func expectWhole(_ path: String, chunks count: Int, of chunk: [UInt8]) throws {
        let file = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(file.count == count * chunk.count && file.allSatisfy { $0 == chunk[0] })
    }

    /// Runs `body` with a new store file in a temporary directory, open for
    /// reading and writing, and removes both afterwards.
    static func withStoreFile(_ body: (_ path: String, _ descriptor: Int32) throws -> Void) throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let path = folder.url.appendingPathComponent("profiles.db").path
        let descriptor = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        try body(path, descriptor)
    }

    /// How many of the first `length` bytes' pages of the file are in the page cache.
    static func residentPages(_ descriptor: Int32, length: Int) throws -> Int {
        try #require(PageCache.residentPages(descriptor, length: length))
    }

    static var temporaryFilesCanLeaveThePageCache: Bool { PageCache.temporaryFilesCanLeave }
    #endif
}
