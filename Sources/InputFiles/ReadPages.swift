#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The pages of a file that reading it once from start to end brought into
/// the page cache, let go of as soon as they are read: the cache is left
/// as it was found. The LDIF and CSV readers read their files through it.
///
/// Which pages were cached is taken once, when the file is opened
/// (`mincore`); those stay, since something else read them and may again
/// (an export ldifde has just written is cached whole, and nothing of it
/// is dropped). The others are dropped (`POSIX_FADV_DONTNEED`) once read(2)
/// has copied them out: nothing reads them again.
///
/// On the virtual machines these runs are measured on, a page the kernel
/// has not handed out for a while is slow to touch again (the host backs it
/// anew), and reading a cold 1.5 GB export filled that many such pages.
/// Dropped behind the reader, each chunk reuses the pages the last one
/// freed. A million-user first import from a cold cache, four alternating
/// pairs: read stage 6.44–7.17 s (median 6.77) against 7.85–8.83 s
/// (median 8.72), system time 6.8–8.3 s against 9.2–12.1 s.
package final class ReadPages {
    private let descriptor: Int32
    private let pageSize: Int
    /// Per page of the file, whether it was cached when the file was opened.
    private let wasCached: [Bool]
    /// Pages before this one have been let go of.
    private var released = 0
    /// The first page this reader's releases may reach (`startingAt`).
    private var firstPage = 0

    /// How far back each release reaches again: the kernel drops only
    /// whole folios, and one that straddles the end of a release's range
    /// goes with a later one (folios are at most 2 MiB here).
    static let lookback = 4 << 20

    /// Takes which of `descriptor`'s pages are cached now; nil where that
    /// cannot be told (not a regular file, an empty one, or a platform
    /// without `posix_fadvise`): nothing is then dropped.
    /// A reader that starts at `offset` (one of several reading the file's
    /// parts) lets go of nothing before it: those pages are another's.
    package init?(descriptor: Int32, startingAt offset: Int = 0) {
        #if os(Linux)
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, status.st_size > 0 else {
            return nil
        }
        let length = Int(status.st_size)
        let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
        // Mapped only to ask which pages are cached: mincore touches none.
        guard let mapping = mmap(nil, length, PROT_READ, MAP_SHARED, descriptor, 0), mapping != MAP_FAILED else {
            return nil
        }
        defer { munmap(mapping, length) }
        var vector = [UInt8](repeating: 0, count: (length + pageSize - 1) / pageSize)
        guard mincore(mapping, length, &vector) == 0 else { return nil }
        self.descriptor = descriptor
        self.pageSize = pageSize
        wasCached = vector.map { $0 & 1 != 0 }
        released = offset / pageSize
        firstPage = released
        #else
        return nil
        #endif
    }

    /// The file has been read up to `offset` (`Int.max` at its end): its
    /// whole pages before it that were not cached when it was opened leave
    /// the cache.
    package func release(upTo offset: Int) {
        let end = min(offset / pageSize, wasCached.count)
        guard end > released else { return }
        var page = max(firstPage, released - Self.lookback / pageSize)
        while page < end {
            while page < end && wasCached[page] { page += 1 }
            let start = page
            while page < end && !wasCached[page] { page += 1 }
            if page > start { drop(pages: start..<page) }
        }
        released = end
    }

    private func drop(pages: Range<Int>) {
        #if os(Linux)
        _ = posix_fadvise(
            descriptor, off_t(pages.lowerBound * pageSize), off_t(pages.count * pageSize), POSIX_FADV_DONTNEED)
        #endif
    }
}
