import InputFiles

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
    /// The lines, in the source's storage, valid until the next `nextBlock`.
    var lines = UnsafeBufferPointer<LDIFLogicalLine>(start: nil, count: 0)
    /// The total length of the lines: all the record's values, decoded or
    /// not, fit in this many bytes.
    var textByteCount = 0
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
    /// Where in the file reading started (`init(descriptor:range:)`).
    private let base: Int
    /// Bytes still to read before the end of the range (`Int.max`: to the file's end).
    @exclusivity(unchecked) private var remaining: Int
    /// Physical lines consumed so far (the number of the line just returned).
    @exclusivity(unchecked) private(set) var lineNumber = 0
    @exclusivity(unchecked) private(set) var bytesRead = 0
    // The current block's lines: kept here rather than in an array, which
    // checked uniqueness and capacity on every append.
    @exclusivity(unchecked) private var lines = UnsafeMutablePointer<LDIFLogicalLine>.allocate(capacity: 256)
    @exclusivity(unchecked) private var lineCapacity = 256
    /// Sees each chunk as read(2) left it, before folded lines are joined in place.
    var readObserver: ((UnsafeRawBufferPointer) -> Void)?
    /// The file's pages this reading brings into the cache, let go of once read.
    private let readPages: ReadPages?
    /// Whether read(2) has reported the end of the file (or the bytes were in memory).
    var reachedEndOfInput: Bool { atEOF }

    /// Reads from an open descriptor, which this source closes: from its
    /// offset to its end, or only the bytes of `range` (the descriptor is
    /// moved to its start).
    init(descriptor: Int32, range: Range<Int>? = nil) {
        self.descriptor = descriptor
        if let range { lseek(descriptor, off_t(range.lowerBound), SEEK_SET) }
        base = range?.lowerBound ?? 0
        remaining = range?.count ?? Int.max
        readPages = ReadPages(descriptor: descriptor, startingAt: base)
        capacity = Self.chunkSize
        buffer = .allocate(capacity: capacity)
        end = 0
        atEOF = false
    }

    /// Reads from bytes in memory.
    init(bytes: [UInt8]) {
        descriptor = -1
        base = 0
        remaining = 0
        readPages = nil
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
        lines.deallocate()
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
            let count = remaining == 0 ? 0 : read(descriptor, buffer + end, min(capacity - end, remaining))
            if count < 0 {
                if errno == EINTR { continue }
                throw LDIFReadError(message: "read failed: \(String(cString: strerror(errno)))")
            }
            if count == 0 { atEOF = true }
            if count > 0, let readObserver { readObserver(UnsafeRawBufferPointer(start: buffer + end, count: count)) }
            end += count
            bytesRead += count
            if count > 0 && remaining != Int.max { remaining -= count }
            // Copied out by read(2): the file's pages up to here are not read
            // again; at its end, its last page too (at a range's end, the
            // next reader's first page is its own).
            readPages?.release(upTo: count > 0 || remaining != Int.max ? base + bytesRead : Int.max)
            return
        }
    }

    /// The index of the first CR or LF in `from..<to`, or -1; sets `sawNUL`
    /// when a NUL comes before it.
    ///
    /// Sixteen bytes at a time: a lane below 0x0E in LDIF text is a line end,
    /// a tab or a NUL. The comparison's lanes are all ones or all zeros, so
    /// read as two words the lowest set bit gives the first such byte; no byte
    /// is looked at twice and none below 0x0E is missed. The last few bytes
    /// go one at a time.
    @inline(__always)
    private static func findLineEnd(
        _ pointer: UnsafePointer<UInt8>, from start: Int, to limit: Int, sawNUL: inout Bool
    ) -> Int {
        var index = start
        let control = SIMD16<UInt8>(repeating: 0x0E)
        while index + 16 <= limit {
            let lanes = UnsafeRawPointer(pointer + index).loadUnaligned(as: SIMD16<UInt8>.self) .< control
            let words = unsafeBitCast(lanes, to: SIMD2<UInt64>.self)
            if words == .zero {
                index += 16
                continue
            }
            let low = UInt64(littleEndian: words[0])
            index += low != 0 ? low.trailingZeroBitCount >> 3 : 8 + UInt64(littleEndian: words[1]).trailingZeroBitCount >> 3
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
        var count = 0
        var textByteCount = 0
        // Nothing before this block is looked at again.
        blockStart = position
        var current = Current.none
        var sawNUL = false
        reading: while let (start, lineEnd) = try nextLine(sawNUL: &sawNUL) {
            defer { sawNUL = false }
            if start == lineEnd {
                if count > 0 { break reading }
                blockStart = position
                current = .none
                continue
            }
            let first = buffer[blockStart + start]
            if first == 0x20 || first == 0x09 {
                switch current {
                case .data:
                    // Join in place: the continuation moves back over the line break.
                    let last = lines + count - 1
                    let length = lineEnd - start - 1
                    (buffer + blockStart + last.pointee.end).update(from: buffer + blockStart + start + 1, count: length)
                    last.pointee.end += length
                    textByteCount += length
                    if sawNUL { last.pointee.hasNUL = true }
                case .comment:
                    continue
                case .none:
                    if UnsafeBufferPointer(start: buffer + blockStart + start, count: lineEnd - start)
                        .allSatisfy({ $0 == 0x20 || $0 == 0x09 })
                    {
                        // A whitespace-only line where a record could start is
                        // a blank line that an editor padded.
                        if count > 0 { break reading }
                        blockStart = position
                        continue
                    }
                    appendLine(LDIFLogicalLine(start: start, end: start, line: lineNumber, isOrphanContinuation: true), count: &count)
                    current = .comment  // swallow what follows the orphan; the parser reports it
                }
            } else if first == UInt8(ascii: "#") {
                current = .comment
            } else {
                current = .data
                appendLine(LDIFLogicalLine(start: start, end: lineEnd, line: lineNumber, hasNUL: sawNUL), count: &count)
                textByteCount += lineEnd - start
            }
        }
        block.bytes = UnsafeBufferPointer(start: buffer + blockStart, count: position - blockStart)
        block.lines = UnsafeBufferPointer(start: lines, count: count)
        block.textByteCount = textByteCount
        return count > 0
    }

    @inline(__always)
    private func appendLine(_ line: LDIFLogicalLine, count: inout Int) {
        if count == lineCapacity {
            let larger = UnsafeMutablePointer<LDIFLogicalLine>.allocate(capacity: lineCapacity * 2)
            larger.moveInitialize(from: lines, count: count)
            lines.deallocate()
            lines = larger
            lineCapacity *= 2
        }
        (lines + count).initialize(to: line)
        count += 1
    }
}

/// An input/output failure while reading LDIF (not a syntax error).
public struct LDIFReadError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public var message: String
    public var description: String { message }
}
