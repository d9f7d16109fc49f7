import Foundation
#if canImport(Glibc)
import Glibc
#endif
import InputFiles
import LDIF
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

    /// Reads the whole export; the number of records read.
    static func readAll(_ path: String) throws -> Int {
        let reader = try LDIFReader(path: path)
        var records = 0
        while try reader.next() != nil { records += 1 }
        return records
    }

    @Test(.enabled(if: PageCache.temporaryFilesCanLeave, "the temporary directory is in memory (tmpfs)"))
    func anUncachedExportLeavesTheCacheAsItIsRead() throws {
        let bytes = Self.export(records: 12 * 1024)
        try PageCache.withUncachedFile(bytes, named: "export.ldif") { path throws in
            #expect(try Self.readAll(path) == 12 * 1024)
            #expect(PageCache.residentPages(path: path, length: bytes.count) == 0)
        }
    }

    @Test(.enabled(if: PageCache.temporaryFilesCanLeave, "the temporary directory is in memory (tmpfs)"))
    func pagesCachedBeforeTheReadStay() throws {
        let bytes = Self.export(records: 12 * 1024)
        try PageCache.withUncachedFile(bytes, named: "export.ldif") { path throws in
            // Its first 4 MiB read by someone else first.
            let cachedBytes = 4 << 20
            try PageCache.readFirst(cachedBytes, of: path)
            let cachedPages = cachedBytes / Int(sysconf(Int32(_SC_PAGESIZE)))
            let length = bytes.count
            #expect(PageCache.about(try #require(PageCache.residentPages(path: path, length: cachedBytes)), cachedPages))
            #expect(PageCache.residentPages(path: path, length: length, from: cachedBytes) == 0)
            #expect(try Self.readAll(path) == 12 * 1024)
            #expect(PageCache.about(try #require(PageCache.residentPages(path: path, length: cachedBytes)), cachedPages))
            #expect(PageCache.residentPages(path: path, length: length, from: cachedBytes) == 0)
        }
    }

    /// A reader of a file's second half (`inspect --summary` reads the two
    /// at once) lets go of its own pages, not of the first half's, which
    /// the other reader brought in after this one looked.
    @Test(.enabled(if: PageCache.temporaryFilesCanLeave, "the temporary directory is in memory (tmpfs)"))
    func aReaderOfTheSecondHalfLetsGoOfItsOwnPagesOnly() throws {
        let bytes = Self.export(records: 12 * 1024)
        try PageCache.withUncachedFile(bytes, named: "export.ldif") { path throws in
            let half = 6 << 20
            let descriptor = open(path, O_RDONLY)
            #expect(descriptor >= 0)
            defer { close(descriptor) }
            let pages = try #require(ReadPages(descriptor: descriptor, startingAt: half))
            try PageCache.readFirst(half, of: path)
            pages.release(upTo: Int.max)
            let halfPages = half / Int(sysconf(Int32(_SC_PAGESIZE)))
            #expect(PageCache.about(try #require(PageCache.residentPages(path: path, length: half)), halfPages))
            #expect(PageCache.residentPages(path: path, length: bytes.count, from: half) == 0)
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
