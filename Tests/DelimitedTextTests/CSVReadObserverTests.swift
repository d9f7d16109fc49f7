import DelimitedText
import Foundation
import Testing

/// What `CSVReader(path:observeBytesRead:)` shows its caller: every byte of
/// the file once, in order, as read, before any transcoding (the run hashes
/// an HR extract from it).
@Suite struct CSVReadObserverTests {
    /// Reads the file at `path` whole in chunks of `chunkSize`; the bytes observed and the rows read.
    static func observe(_ path: String, chunkSize: Int) throws -> (bytes: [UInt8], rows: Int, ended: Bool) {
        var seen: [UInt8] = []
        var options = CSVReaderOptions()
        options.chunkSize = chunkSize
        let reader = try CSVReader(path: path, options: options) { seen.append(contentsOf: $0) }
        var rows = 0
        var endedEarly = false
        while try reader.next() != nil {
            rows += 1
            if rows == 1 { endedEarly = reader.reachedEndOfInput }
        }
        #expect(!endedEarly, "the end was reported after the first row")
        return (seen, rows, reader.reachedEndOfInput)
    }

    /// Where `seen` first differs from `expected` (a length counts), or nil:
    /// a failure names an offset rather than printing both files.
    static func firstDifference(_ seen: [UInt8], _ expected: [UInt8]) -> Int? {
        zip(seen, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            ?? (seen.count == expected.count ? nil : min(seen.count, expected.count))
    }

    @Test func everyByteIsSeenOnceInOrderAcrossChunks() throws {
        let files = try TemporaryFiles()
        defer { files.cleanup() }
        var text = "EmployeeID,Department\n"
        for index in 0..<2_000 { text += "E\(index),Sales \(index % 7)\n" }
        let bytes = Array(text.utf8)
        let path = try files.write("hr.csv", bytes)
        for chunkSize in [16, 1_000, 1 << 20] {
            let read = try Self.observe(path, chunkSize: chunkSize)
            #expect(Self.firstDifference(read.bytes, bytes) == nil, "chunks of \(chunkSize)")
            #expect(read.rows == 2_000)
            #expect(read.ended)
        }
    }

    /// A UTF-16 extract is observed as its bytes on disk, byte-order mark
    /// and all, not as the UTF-8 it is read as.
    @Test func aTranscodedExtractIsSeenAsItsOwnBytes() throws {
        let files = try TemporaryFiles()
        defer { files.cleanup() }
        var text = "EmployeeID,Department\r\n"
        for index in 0..<500 { text += "E\(index),Zürich \(index)\r\n" }
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in text.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let path = try files.write("hr-utf16.csv", bytes)
        let read = try Self.observe(path, chunkSize: 100)
        #expect(Self.firstDifference(read.bytes, bytes) == nil)
        #expect(read.rows == 500)
    }
}
