#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One unfolded, non-comment line of a block: `bytes[start..<end]` of the
/// block, starting on physical line `line`.
struct LDIFLogicalLine {
    var start: Int
    var end: Int
    var line: Int
    /// A continuation line with no line before it to continue (an error the
    /// parser reports at this line).
    var isOrphanContinuation = false
}

/// The lines of one record-to-be: everything between two blank lines, with
/// folding undone and comments removed. The bytes are reused across blocks.
struct LDIFBlock {
    var bytes: [UInt8] = []
    var lines: [LDIFLogicalLine] = []

    mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        lines.removeAll(keepingCapacity: true)
    }
}

/// Cuts an LDIF byte stream into blocks of logical lines.
///
/// Reads a file in 1 MiB chunks with read(2) so memory stays bounded by the
/// chunk plus the largest record, whatever the file size. Handles LF, CRLF and
/// lone-CR line ends, folding with a space or (as OpenLDAP writes) a tab, and
/// comments, whose continuation lines belong to the comment.
final class LDIFBlockSource {
    private static let chunkSize = 1 << 20
    private static let lf: UInt8 = 0x0A
    private static let cr: UInt8 = 0x0D

    private var buffer: [UInt8]
    private var position = 0
    private var end: Int
    private var atEOF: Bool
    private let descriptor: Int32
    /// Physical lines consumed so far (the number of the line just returned).
    private(set) var lineNumber = 0
    private(set) var bytesRead = 0

    /// Reads from an open descriptor, which this source closes.
    init(descriptor: Int32) {
        self.descriptor = descriptor
        buffer = [UInt8](repeating: 0, count: Self.chunkSize)
        end = 0
        atEOF = false
    }

    /// Reads from bytes in memory.
    init(bytes: [UInt8]) {
        descriptor = -1
        buffer = bytes
        end = bytes.count
        atEOF = true
        bytesRead = bytes.count
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// Moves unread bytes to the front and reads more; grows the buffer when
    /// one line is longer than it.
    private func refill() throws(LDIFReadError) {
        if position > 0 {
            let remaining = end - position
            if remaining > 0 {
                buffer.withUnsafeMutableBufferPointer { pointer in
                    let base = pointer.baseAddress!
                    base.update(from: base + position, count: remaining)
                }
            }
            end = remaining
            position = 0
        }
        if end == buffer.count {
            buffer.append(contentsOf: repeatElement(0, count: buffer.count))
        }
        while true {
            let count = buffer.withUnsafeMutableBytes { raw in
                read(descriptor, raw.baseAddress! + end, raw.count - end)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw LDIFReadError(message: "read failed: \(String(cString: strerror(errno)))")
            }
            if count == 0 { atEOF = true }
            end += count
            bytesRead += count
            return
        }
    }

    /// The index of the first CR or LF in `from..<to`, or -1.
    ///
    /// Eight bytes at a time: a word is only inspected byte by byte when one
    /// of its bytes is below 0x0E (the classic "has a byte less than n" bit
    /// trick), which in LDIF text means a line end.
    @inline(__always)
    private static func findLineEnd(_ pointer: UnsafeBufferPointer<UInt8>, from start: Int, to limit: Int) -> Int {
        let raw = UnsafeRawPointer(pointer.baseAddress!)
        var index = start
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let below = ones &* 0x0E
        while index + 8 <= limit {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            if (word &- below) & ~word & highs != 0 { break }
            index += 8
        }
        while index < limit {
            let byte = pointer[index]
            if byte == lf || byte == cr { return index }
            index += 1
            // Back to whole words once past the byte that stopped the fast loop.
            if byte < 0x0E || index & 7 != 0 { continue }
            while index + 8 <= limit {
                let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                if (word &- below) & ~word & highs != 0 { break }
                index += 8
            }
        }
        return -1
    }

    /// The next physical line as a range of `buffer` (valid until the next call),
    /// nil at the end of input.
    private func nextLine() throws(LDIFReadError) -> Range<Int>? {
        var scanFrom = position
        while true {
            let found = buffer.withUnsafeBufferPointer { Self.findLineEnd($0, from: scanFrom, to: end) }
            if found >= 0 {
                var next = found + 1
                if buffer[found] == Self.cr {
                    if next == end && !atEOF {
                        // The LF of a CRLF may be in the next chunk.
                        let offset = found - position
                        try refill()
                        scanFrom = position + offset
                        continue
                    }
                    if next < end && buffer[next] == Self.lf { next += 1 }
                }
                let line = position..<found
                position = next
                lineNumber += 1
                return line
            }
            if atEOF {
                guard position < end else { return nil }
                let line = position..<end
                position = end
                lineNumber += 1
                return line
            }
            let offset = end - position
            try refill()
            scanFrom = position + offset
        }
    }

    private enum Current { case none, comment, data }

    /// Fills `block` with the next block that has at least one data line;
    /// false at the end of input.
    func nextBlock(into block: inout LDIFBlock) throws(LDIFReadError) -> Bool {
        block.reset()
        var current = Current.none
        while let range = try nextLine() {
            if range.isEmpty {
                if !block.lines.isEmpty { return true }
                current = .none
                continue
            }
            let first = buffer[range.lowerBound]
            if first == 0x20 || first == 0x09 {
                switch current {
                case .data:
                    appendToBlock(&block, range.lowerBound + 1..<range.upperBound)
                    block.lines[block.lines.count - 1].end = block.bytes.count
                case .comment:
                    continue
                case .none:
                    if buffer[range].allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                        // A whitespace-only line where a record could start is
                        // a blank line that an editor padded.
                        if !block.lines.isEmpty { return true }
                        continue
                    }
                    block.lines.append(
                        LDIFLogicalLine(
                            start: block.bytes.count, end: block.bytes.count, line: lineNumber,
                            isOrphanContinuation: true))
                    current = .comment  // swallow what follows the orphan; the parser reports it
                }
            } else if first == UInt8(ascii: "#") {
                current = .comment
            } else {
                current = .data
                let start = block.bytes.count
                appendToBlock(&block, range)
                block.lines.append(LDIFLogicalLine(start: start, end: block.bytes.count, line: lineNumber))
            }
        }
        return !block.lines.isEmpty
    }

    private func appendToBlock(_ block: inout LDIFBlock, _ range: Range<Int>) {
        buffer.withUnsafeBufferPointer { pointer in
            block.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: pointer[range]))
        }
    }
}

/// An input/output failure while reading LDIF (not a syntax error).
public struct LDIFReadError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public var message: String
    public var description: String { message }
}
