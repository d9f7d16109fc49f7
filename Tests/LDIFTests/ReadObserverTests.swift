import Foundation
@testable import LDIF
import TestSupport
import Testing

/// `LDIFReader.observeBytesRead` feeds the sync's input digest: it must see
/// the file's bytes exactly as they are on disk, though the reader joins
/// folded lines in place in the same buffer right after reading them.
@Suite struct ReadObserverTests {
    /// An export of several 1 MiB chunks: folded lines (space and tab),
    /// CRLF and LF line ends, comments with continuations, and records and
    /// line ends that straddle the chunks' edges.
    static func export() -> [UInt8] {
        var text = "version: 1\r\n"
        var index = 0
        while text.utf8.count < (5 << 20) / 2 {
            let end = index % 3 == 0 ? "\r\n" : "\n"
            text += "# record \(index)\(end) continued comment\(end)"
            text += "dn: CN=User \(index),OU=Staff,DC=contoso,DC=com\(end)"
            text += "description: " + String(repeating: "x", count: 70 + index % 50) + end
            text += " folded with a space" + end
            text += "\tand with a tab\(end)"
            text += "cn: User \(index)\(end)\(end)"
            index += 1
        }
        return Array(text.utf8)
    }

    @Test func observerSeesTheFileAsItIsOnDisk() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let bytes = Self.export()
        let path = directory.url.appendingPathComponent("export.ldif").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))

        let reader = try LDIFReader(path: path)
        var seen: [UInt8] = []
        var calls = 0
        reader.observeBytesRead { chunk in
            seen.append(contentsOf: chunk)
            calls += 1
        }
        #expect(!reader.reachedEndOfInput)
        var records: [LDIFRecord] = []
        while let record = try reader.next() { records.append(record) }
        #expect(reader.reachedEndOfInput)
        #expect(calls > 2, "read in several chunks")
        #expect(seen.count == bytes.count)
        // Compared as one answer: a failing expectation would print both megabytes.
        let same = seen == bytes
        #expect(same, "the observed bytes differ from the file's")
        // Observing changes nothing the reader makes of the bytes.
        let (fromMemory, _) = try readAll(bytes: bytes)
        #expect(records == fromMemory)
        #expect(records.count > 1000)
        #expect(records[7].texts("description").first??.hasSuffix("folded with a spaceand with a tab") == true)
    }

    @Test func aReaderStoppedEarlyHasNotReachedTheEnd() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let path = directory.url.appendingPathComponent("export.ldif").path
        try Data(Self.export()).write(to: URL(fileURLWithPath: path))
        let reader = try LDIFReader(path: path)
        var seen = 0
        reader.observeBytesRead { seen += $0.count }
        _ = try reader.next()
        #expect(!reader.reachedEndOfInput)
        #expect(seen > 0 && seen < Self.export().count)
    }
}
