import Foundation
import Testing
import TestSupport

@testable import Reports

/// Direct writes go out in padded blocks; the file must still hold exactly
/// the bytes written, whatever their sizes, and whether the file system
/// took them direct or the writer fell back to the page cache.
@Suite struct DirectFileWriterTests {
    static let block = DirectFileWriter.blockBytes
    static let alignment = DirectFileWriter.alignment

    /// Writes `pieces` (sizes) of a seeded byte stream through a writer and
    /// returns what the file holds and what was written.
    static func write(_ pieces: [Int], after prefix: [UInt8] = [], seed: UInt64) throws -> (
        file: [UInt8], expected: [UInt8], wasDirect: Bool
    ) {
        try withNewFile { descriptor, path in try write(pieces, after: prefix, seed: seed, to: descriptor, at: path) }
    }

    /// A new, empty file in a temporary folder, open for writing, for `body`.
    static func withNewFile<T>(_ body: (_ descriptor: Int32, _ path: String) throws -> T) throws -> T {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let path = folder.url.appendingPathComponent("out.json").path
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        #expect(descriptor >= 0)
        defer { close(descriptor) }
        return try body(descriptor, path)
    }

    private static func write(_ pieces: [Int], after prefix: [UInt8], seed: UInt64, to descriptor: Int32, at path: String)
        throws -> (file: [UInt8], expected: [UInt8], wasDirect: Bool)
    {
        if !prefix.isEmpty { _ = prefix.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress!, $0.count) } }
        var random = SeededGenerator(seed: seed)
        var expected = prefix
        let writer = DirectFileWriter(descriptor: descriptor)
        let wasDirect = writer.isDirect
        for size in pieces {
            let bytes = Self.bytes(size, &random)
            expected += bytes
            try bytes.withUnsafeBytes { try writer.write($0) }
        }
        try writer.flush()
        #expect(!writer.isDirect, "after the flush, writes go through the page cache")
        return (Array(try Data(contentsOf: URL(fileURLWithPath: path))), expected, wasDirect)
    }

    @Test(arguments: [
        [], [0], [1], [alignment - 1], [alignment], [alignment + 1], [block - 1], [block], [block + 1],
        [3, block, alignment, 17], [block / 3, block / 3, block / 3, block / 3, 5], [2 * block + alignment + 9],
    ])
    func theFileHoldsExactlyTheBytesWritten(pieces: [Int]) throws {
        let result = try Self.write(pieces, seed: UInt64(pieces.reduce(0, +)))
        #expect(Self.difference(result.file, result.expected) == nil)
    }

    /// Bytes already at an unaligned offset: the first direct write is
    /// refused, and the writer writes that block, and the rest, through the
    /// page cache after the bytes that were there: a little more (the
    /// first pieces), or whole blocks more (the second).
    @Test(arguments: [[block + 100, 7, alignment], [3 * block + 5, 11]])
    func anUnalignedStartFallsBackToOrdinaryWrites(pieces: [Int]) throws {
        let prefix = Array("{\"before\":1}".utf8)
        let result = try Self.write(pieces, after: prefix, seed: 42)
        #expect(Self.difference(result.file, result.expected) == nil)
        #expect(Array(result.file.prefix(prefix.count)) == prefix)
    }

    /// Whole aligned blocks are written where they lie when nothing is
    /// gathered before them, and gathered like any other bytes when
    /// something is (or when they are not whole or not aligned): the file
    /// holds exactly the bytes, in order, either way. After an unaligned
    /// start the writer falls back for them too.
    @Test(arguments: [false, true])
    func alignedWholeBlocksMixWithOtherPieces(unalignedStart: Bool) throws {
        try Self.withNewFile { descriptor, path in try Self.writeAlignedAndOther(unalignedStart, to: descriptor, at: path) }
    }

    private static func writeAlignedAndOther(_ unalignedStart: Bool, to descriptor: Int32, at path: String) throws {
        var expected: [UInt8] = unalignedStart ? Array("prefix".utf8) : []
        if unalignedStart { _ = expected.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress!, $0.count) } }
        let writer = DirectFileWriter(descriptor: descriptor)
        let capacity = 3 * Self.alignment + 64
        let aligned = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: Self.alignment)
        defer { aligned.deallocate() }
        var random = SeededGenerator(seed: 11)
        // (offset into the aligned buffer, length): whole blocks, a short
        // piece, whole blocks after it (gathered), an unaligned start.
        let pieces = [
            (0, 2 * Self.alignment), (0, Self.alignment), (0, 100), (0, Self.alignment), (8, Self.alignment),
            (0, 3 * Self.alignment),
        ]
        for (offset, length) in pieces {
            let bytes = Self.bytes(length, &random)
            bytes.withUnsafeBytes { (aligned + offset).copyMemory(from: $0.baseAddress!, byteCount: length) }
            expected += bytes
            try writer.write(UnsafeRawBufferPointer(start: aligned + offset, count: length))
        }
        try writer.flush()
        #expect(Self.difference(Array(try Data(contentsOf: URL(fileURLWithPath: path))), expected) == nil)
    }

    /// A write the file refuses for another reason than alignment is an
    /// error, not a fall-back (a descriptor open for reading only).
    @Test func aFailedWriteIsThrown() throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let path = folder.url.appendingPathComponent("out.json").path
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let descriptor = open(path, O_RDONLY)
        #expect(descriptor >= 0)
        defer { close(descriptor) }
        let writer = DirectFileWriter(descriptor: descriptor)
        var random = SeededGenerator(seed: 3)
        // One whole block: written as soon as it is gathered.
        let bytes = Self.bytes(Self.block, &random)
        #expect(throws: POSIXError.self) { try bytes.withUnsafeBytes { try writer.write($0) } }
    }

    /// A report written through a sink is the same, byte for byte, when
    /// it is larger than one block.
    @Test func aSinkWritesLargeReportsWhole() throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let path = folder.url.appendingPathComponent("report.json").path
        let sink = try ReportSink(.file(path))
        var expected: [UInt8] = []
        var random = SeededGenerator(seed: 7)
        for size in [Self.block - 3, 1, Self.block + 5, 12_345] {
            let piece = Self.bytes(size, &random)
            expected += piece
            try sink.write(piece)
        }
        try sink.sync()
        try sink.finish()
        #expect(Self.difference(Array(try Data(contentsOf: URL(fileURLWithPath: path))), expected) == nil)
    }

    /// `count` seeded bytes, eight from each number drawn.
    static func bytes(_ count: Int, _ random: inout SeededGenerator) -> [UInt8] {
        var words: [UInt64] = []
        words.reserveCapacity(count / 8 + 1)
        for _ in 0...(count / 8) { words.append(random.next()) }
        return words.withUnsafeBytes { Array($0.prefix(count)) }
    }

    /// Where two byte arrays first differ, in a line a failure can print (nil when equal).
    static func difference(_ file: [UInt8], _ expected: [UInt8]) -> String? {
        if let index = (0..<min(file.count, expected.count)).first(where: { file[$0] != expected[$0] }) {
            return "byte \(index) is \(file[index]), expected \(expected[index])"
        }
        return file.count == expected.count ? nil : "\(file.count) bytes, expected \(expected.count)"
    }
}
