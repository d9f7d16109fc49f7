import Foundation
#if canImport(Glibc)
import Glibc
#endif
@testable import LDIF
import TestSupport
import Testing

/// Reading an export leaves the page cache as it found it: the pages the
/// reading brought in go once read, those cached before stay.
@Suite struct ReadPagesTests {
    #if os(Linux)
    /// An export of `count` records of 1 KiB each.
    static func export(records count: Int) -> [UInt8] {
        var text = "version: 1\n"
        for index in 0..<count {
            let head = "dn: CN=User \(index),OU=Staff,DC=contoso,DC=com\ncn: User \(index)\ndescription: "
            text += head + String(repeating: "x", count: 1023 - head.utf8.count - 2) + "\n\n"
        }
        return Array(text.utf8)
    }

    /// Writes `bytes` to a new file, syncs it and lets all its pages go,
    /// then runs `body` with its path and length.
    static func withUncachedFile(_ bytes: [UInt8], _ body: (String, Int) throws -> Void) throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let path = folder.url.appendingPathComponent("export.ldif").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        _ = fdatasync(descriptor)
        _ = posix_fadvise(descriptor, 0, 0, POSIX_FADV_DONTNEED)
        try #require(PageCache.residentPages(descriptor, length: bytes.count) == 0)
        try body(path, bytes.count)
    }

    /// Reads the whole export; the number of records read.
    static func readAll(_ path: String) throws -> Int {
        let reader = try LDIFReader(path: path)
        var records = 0
        while try reader.next() != nil { records += 1 }
        return records
    }

    /// How many pages of the file in `start..<length` are cached.
    static func resident(_ path: String, length: Int, from start: Int = 0) throws -> Int {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        let all = try #require(PageCache.residentPages(descriptor, length: length))
        let before = start == 0 ? 0 : try #require(PageCache.residentPages(descriptor, length: start))
        return all - before
    }

    @Test(.enabled(if: PageCache.temporaryFilesCanLeave, "the temporary directory is in memory (tmpfs)"))
    func anUncachedExportLeavesTheCacheAsItIsRead() throws {
        let bytes = Self.export(records: 12 * 1024)
        try Self.withUncachedFile(bytes) { path, length throws in
            #expect(try Self.readAll(path) == 12 * 1024)
            #expect(try Self.resident(path, length: length) == 0)
        }
    }

    @Test(.enabled(if: PageCache.temporaryFilesCanLeave, "the temporary directory is in memory (tmpfs)"))
    func pagesCachedBeforeTheReadStay() throws {
        let bytes = Self.export(records: 12 * 1024)
        try Self.withUncachedFile(bytes) { path, length throws in
            // Its first 4 MiB read by someone else first, without read-ahead.
            let cachedBytes = 4 << 20
            let other = open(path, O_RDONLY | O_CLOEXEC)
            try #require(other >= 0)
            _ = posix_fadvise(other, 0, 0, POSIX_FADV_RANDOM)
            var buffer = [UInt8](repeating: 0, count: cachedBytes)
            try #require(buffer.withUnsafeMutableBytes { pread(other, $0.baseAddress, $0.count, 0) } == cachedBytes)
            close(other)
            let cachedPages = cachedBytes / Int(sysconf(Int32(_SC_PAGESIZE)))
            #expect(PageCache.about(try Self.resident(path, length: cachedBytes), cachedPages))
            #expect(try Self.resident(path, length: length, from: cachedBytes) == 0)
            #expect(try Self.readAll(path) == 12 * 1024)
            #expect(PageCache.about(try Self.resident(path, length: cachedBytes), cachedPages))
            #expect(try Self.resident(path, length: length, from: cachedBytes) == 0)
        }
    }

    @Test func anExportInMemoryOrNotARegularFileHasNoPagesToLetGo() throws {
        #expect(ReadPages(descriptor: -1) == nil)
        var pipeEnds: [Int32] = [0, 0]
        try #require(pipe(&pipeEnds) == 0)
        defer { close(pipeEnds[0]); close(pipeEnds[1]) }
        #expect(ReadPages(descriptor: pipeEnds[0]) == nil)
    }
    #endif
}
