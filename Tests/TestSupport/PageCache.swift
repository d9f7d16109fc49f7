import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What the page cache holds of a file, for tests of code that lets pages go.
public enum PageCache {
    /// How many of the first `length` bytes' pages of the file are in the
    /// page cache; nil when that cannot be told.
    public static func residentPages(_ descriptor: Int32, length: Int) -> Int? {
        #if os(Linux)
        let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
        guard let mapping = mmap(nil, length, PROT_READ, MAP_SHARED, descriptor, 0), mapping != MAP_FAILED else {
            return nil
        }
        defer { munmap(mapping, length) }
        var vector = [UInt8](repeating: 0, count: (length + pageSize - 1) / pageSize)
        guard mincore(mapping, length, &vector) == 0 else { return nil }
        return vector.filter { $0 & 1 == 1 }.count
        #else
        return nil
        #endif
    }

    /// Pages the kernel may let go of by itself while a test looks: of
    /// 3,072 pages just read back, up to 5 were missing a moment later in 2
    /// of 15 runs (`WriteBehindTests`).
    public static let pagesTheKernelMayDrop = 32

    /// Whether `count` cached pages are the `expected` ones, but for a few
    /// the kernel may have let go of by itself. Checks that pages stay use
    /// this; checks that pages went are exact.
    public static func about(_ count: Int, _ expected: Int) -> Bool {
        count <= expected && count >= expected - pagesTheKernelMayDrop
    }

    /// Pages of a tmpfs file live only in memory: `POSIX_FADV_DONTNEED` keeps
    /// them. The temporary directory's file system, by its longest mount
    /// point in `/proc/mounts`.
    public static var temporaryFilesCanLeave: Bool {
        let directory = FileManager.default.temporaryDirectory.resolvingSymlinksInPath().path
        guard let mounts = try? String(contentsOfFile: "/proc/mounts", encoding: .utf8) else { return true }
        var best: (point: String, type: String)?
        for line in mounts.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count >= 3 else { continue }
            let point = String(fields[1])
            let inside = point == "/" || directory == point || directory.hasPrefix(point + "/")
            if inside, point.count > (best?.point.count ?? -1) { best = (point, String(fields[2])) }
        }
        return best?.type != "tmpfs"
    }
}
