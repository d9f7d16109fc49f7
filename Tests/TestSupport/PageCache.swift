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

    /// How many pages of the file at `path` in `start..<length` are cached;
    /// nil when that cannot be told.
    public static func residentPages(path: String, length: Int, from start: Int = 0) -> Int? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        guard let all = residentPages(descriptor, length: length) else { return nil }
        if start == 0 { return all }
        guard let before = residentPages(descriptor, length: start) else { return nil }
        return all - before
    }

    /// Why a file could not be set up uncached.
    public struct SetUpFailure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Writes `bytes` to a new file called `name` in a temporary directory,
    /// syncs it and lets all its pages go, then runs `body` with its path.
    public static func withUncachedFile(_ bytes: [UInt8], named name: String, _ body: (String) throws -> Void) throws {
        #if os(Linux)
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let path = folder.url.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw SetUpFailure(description: "cannot open \(path)") }
        defer { close(descriptor) }
        _ = fdatasync(descriptor)
        _ = posix_fadvise(descriptor, 0, 0, POSIX_FADV_DONTNEED)
        guard residentPages(descriptor, length: bytes.count) == 0 else {
            throw SetUpFailure(description: "\(path): its pages stayed in the cache")
        }
        try body(path)
        #else
        throw SetUpFailure(description: "the page cache cannot be looked at here")
        #endif
    }

    /// Reads the first `count` bytes of the file at `path` without
    /// read-ahead, as another reader would, so that those pages are cached.
    public static func readFirst(_ count: Int, of path: String) throws {
        #if os(Linux)
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw SetUpFailure(description: "cannot open \(path)") }
        defer { close(descriptor) }
        _ = posix_fadvise(descriptor, 0, 0, POSIX_FADV_RANDOM)
        var buffer = [UInt8](repeating: 0, count: count)
        guard buffer.withUnsafeMutableBytes({ pread(descriptor, $0.baseAddress, $0.count, 0) }) == count else {
            throw SetUpFailure(description: "\(path): could not read its first \(count) bytes")
        }
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
