import DelimitedText
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import TestSupport
import Testing

/// Reading an extract leaves the page cache as it found it, as reading an
/// export does (`ReadPagesTests`): the pages the reading brought in go once
/// read, those cached before stay.
@Suite struct CSVReadPagesTests {
    #if os(Linux)
    static let rows = 96 * 1024

    /// An extract of `rows` rows of 128 bytes each (12 MiB).
    static func extract() -> [UInt8] {
        var text = "EmployeeID,Department,Notes\n"
        for index in 0..<rows {
            let head = "E\(index),Sales,"
            text += head + String(repeating: "x", count: 127 - head.utf8.count) + "\n"
        }
        return Array(text.utf8)
    }

    /// Reads every row; how many.
    static func readAll(_ path: String) throws -> Int {
        let reader = try CSVReader(path: path)
        var count = 0
        while try reader.next() != nil { count += 1 }
        return count
    }

    @Test(.enabled(if: PageCache.temporaryFilesCanLeave, "the temporary directory is in memory (tmpfs)"))
    func anUncachedExtractLeavesTheCacheAsItIsRead() throws {
        let bytes = Self.extract()
        try PageCache.withUncachedFile(bytes, named: "hr.csv") { path throws in
            #expect(try Self.readAll(path) == Self.rows)
            #expect(PageCache.residentPages(path: path, length: bytes.count) == 0)
        }
    }

    @Test(.enabled(if: PageCache.temporaryFilesCanLeave, "the temporary directory is in memory (tmpfs)"))
    func pagesCachedBeforeTheReadStay() throws {
        let bytes = Self.extract()
        try PageCache.withUncachedFile(bytes, named: "hr.csv") { path throws in
            let cachedBytes = 4 << 20
            try PageCache.readFirst(cachedBytes, of: path)
            let cachedPages = cachedBytes / Int(sysconf(Int32(_SC_PAGESIZE)))
            #expect(try Self.readAll(path) == Self.rows)
            #expect(PageCache.about(try #require(PageCache.residentPages(path: path, length: cachedBytes)), cachedPages))
            #expect(PageCache.residentPages(path: path, length: bytes.count, from: cachedBytes) == 0)
        }
    }
    #endif
}
