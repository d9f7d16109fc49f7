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
    /// Whether a NUL byte is among the line's bytes. Found while looking for
    /// line ends, so the parser need not search values for one.
    var hasNUL = false
}

/// The lines of one record-to-be: everything between two blank lines, with
/// folding undone and comments removed.
struct LDIFBlock {
    /// The block's bytes inside the source's buffer, valid until the next
    /// `nextBlock`. Lines index this; bytes between lines are unspecified.
    var bytes = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    var lines: [LDIFLogicalLine] = []

    /// The total length of the lines: no record value, decoded or not, is longer.
    var textByteCount: Int {
        var total = 0
        for line in lines { total += line.end - line.start }
        return total
    }
}

/// Cuts an LDIF byte stream into blocks of logical lines.
///
/// Reads a file in 1 MiB chunks with read(2) so memory stays bounded by the
/// chunk plus the largest record, whatever the file size. Handles LF, CRLF and
/// lone-CR line ends, folding with a space or (as OpenLDAP writes) a tab, and
/// comments, whose continuation lines belong to the comment.
///
/// A block is left where it was read: folded lines are joined by moving each
/// continuation back over the line break before it, and the buffer keeps the
/// block's first byte when it refills. Copying every line out, as an earlier
/// version did, cost as much as the rest of reading a record.
final class LDIFBlockSource {
    private static let chunkSize = 1 << 20
    private static let lf: UInt8 = 0x0A
    private static let cr: UInt8 = 0x0D

    // Unchecked: the source is used by one reader on one thread, and dynamic
    // exclusivity checks on these, several per line, showed in profiles.
    @exclusivity(unchecked) private var buffer: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private var capacity: Int
    /// The first byte of the block being assembled; offsets in its lines count from here.
    @exclusivity(unchecked) private var blockStart = 0
    @exclusivity(unchecked) private var position = 0
    @exclusivity(unchecked) private var end: Int
    @exclusivity(unchecked) private var atEOF: Bool
    private let descriptor: Int32
    /// Physical lines consumed so far (the number of the line just returned).
    @exclusivity(unchecked) private(set) var lineNumber = 0
    @exclusivity(unchecked) private(set) var bytesRead = 0

    /// Reads from an open descriptor, which this source closes.
    init(descriptor: Int32) {
        self.descriptor = descriptor
        capacity = Self.chunkSize
        buffer = .allocate(capacity: capacity)
        end = 0
        atEOF = false
    }

    /// Reads from bytes in memory.
    init(bytes: [UInt8]) {
        descriptor = -1
        capacity = max(bytes.count, 1)
        let storage = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        bytes.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { storage.initialize(from: base, count: source.count) }
        }
        buffer = storage
        end = bytes.count
        atEOF = true
        bytesRead = bytes.count
    }

    deinit {
        buffer.deallocate()
        if descriptor >= 0 { close(descriptor) }
    }

    /// Moves the block being assembled and what follows it to the front and
    /// reads more. The buffer doubles when less than half a chunk would be
    /// free, so a record of any size is read in amortised linear time.
    private func refill() throws(LDIFReadError) {
        if blockStart > 0 {
            let kept = end - blockStart
            if kept > 0 { buffer.update(from: buffer + blockStart, count: kept) }
            position -= blockStart
            end = kept
            blockStart = 0
        }
        if capacity - end < Self.chunkSize / 2 {
            let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
            larger.moveInitialize(from: buffer, count: end)
            buffer.deallocate()
            buffer = larger
            capacity *= 2
        }
        while true {
            let count = read(descriptor, buffer + end, capacity - end)
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

    /// The index of the first CR or LF in `from..<to`, or -1; sets `sawNUL`
    /// when a NUL comes before it.
    ///
    /// Eight bytes at a time with the classic "has a byte less than n" bit
    /// trick: below 0x0E in LDIF text means a line end, a tab or a NUL. The
    /// lowest bit the trick sets marks exactly the first such byte (borrows
    /// only run upwards from it), so no byte is looked at twice and none
    /// below 0x0E is missed.
    @inline(__always)
    private static func findLineEnd(
        _ pointer: UnsafePointer<UInt8>, from start: Int, to limit: Int, sawNUL: inout Bool
    ) -> Int {
        let raw = UnsafeRawPointer(pointer)
        var index = start
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let below = ones &* 0x0E
        while index + 8 <= limit {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            let found = (word &- below) & ~word & highs
            if found == 0 {
                index += 8
                continue
            }
            index += found.trailingZeroBitCount >> 3
            let byte = pointer[index]
            if byte == lf || byte == cr { return index }
            if byte == 0 { sawNUL = true }
            index += 1
        }
        while index < limit {
            let byte = pointer[index]
            if byte == lf || byte == cr { return index }
            if byte == 0 { sawNUL = true }
            index += 1
        }
        return -1
    }

    /// The next physical line as `(start, end)` offsets from `blockStart`, nil
    /// at the end of input. Offsets stay valid across refills until the next block.
    @inline(__always)
    private func nextLine(sawNUL: inout Bool) throws(LDIFReadError) -> (start: Int, end: Int)? {
        var scanFrom = position
        while true {
            let found = Self.findLineEnd(buffer, from: scanFrom, to: end, sawNUL: &sawNUL)
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
                let line = (position - blockStart, found - blockStart)
                position = next
                lineNumber += 1
                return line
            }
            if atEOF {
                guard position < end else { return nil }
                let line = (position - blockStart, end - blockStart)
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
        block.lines.removeAll(keepingCapacity: true)
        // Nothing before this block is looked at again.
        blockStart = position
        var current = Current.none
        var sawNUL = false
        reading: while let (start, lineEnd) = try nextLine(sawNUL: &sawNUL) {
            defer { sawNUL = false }
            if start == lineEnd {
                if !block.lines.isEmpty { break reading }
                blockStart = position
                current = .none
                continue
            }
            let first = buffer[blockStart + start]
            if first == 0x20 || first == 0x09 {
                switch current {
                case .data:
                    // Join in place: the continuation moves back over the line break.
                    let last = block.lines.count - 1
                    let length = lineEnd - start - 1
                    let target = buffer + blockStart + block.lines[last].end
                    target.update(from: buffer + blockStart + start + 1, count: length)
                    block.lines[last].end += length
                    if sawNUL { block.lines[last].hasNUL = true }
                case .comment:
                    continue
                case .none:
                    if UnsafeBufferPointer(start: buffer + blockStart + start, count: lineEnd - start)
                        .allSatisfy({ $0 == 0x20 || $0 == 0x09 })
                    {
                        // A whitespace-only line where a record could start is
                        // a blank line that an editor padded.
                        if !block.lines.isEmpty { break reading }
                        blockStart = position
                        continue
                    }
                    block.lines.append(
                        LDIFLogicalLine(start: start, end: start, line: lineNumber, isOrphanContinuation: true))
                    current = .comment  // swallow what follows the orphan; the parser reports it
                }
            } else if first == UInt8(ascii: "#") {
                current = .comment
            } else {
                current = .data
                block.lines.append(LDIFLogicalLine(start: start, end: lineEnd, line: lineNumber, hasNUL: sawNUL))
            }
        }
        block.bytes = UnsafeBufferPointer(start: buffer + blockStart, count: position - blockStart)
        return !block.lines.isEmpty
    }
}

/// An input/output failure while reading LDIF (not a syntax error).
public struct LDIFReadError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public var message: String
    public var description: String { message }
}
