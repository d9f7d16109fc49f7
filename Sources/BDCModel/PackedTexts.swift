/// Optional texts packed end to end: one byte array and one offset per text.
///
/// A business extract's rows as canonical text (`TypedValue.text`), field
/// after field: as `[String?]` each cell was 16 bytes and, past 15 bytes of
/// text, a heap string of its own (an HR row of nine fields made three),
/// every one of them held until the run's build was done.
public struct PackedTexts: Sendable {
    /// The texts' bytes: the first `byteCount` of it. Kept filled to its
    /// capacity, so that an append is a copy into elements it already has:
    /// `[UInt8].append(contentsOf:)` took the standard library's generic
    /// path, about 100 instructions a call before the bytes moved.
    @usableFromInline
    private(set) var storage: [UInt8] = []
    /// The texts' bytes end to end.
    public private(set) var byteCount = 0
    /// Per text, where its bytes end, with `absent` set for nil (whose
    /// bytes are empty). Each starts where the one before ends.
    @usableFromInline
    private(set) var ends: [UInt32] = []
    @usableFromInline
    static let absent: UInt32 = 1 << 31

    public init() {}

    /// How many texts (nil ones included).
    public var count: Int { ends.count }

    /// Bytes of room filled in beyond the texts' (what `reserve` made and appends have not used yet).
    var roomBytes: Int { storage.count - byteCount }

    public mutating func append(utf8 text: UnsafeBufferPointer<UInt8>) {
        let start = byteCount
        let end = start + text.count
        precondition(end < Int(Self.absent), "more than 2 GB of text in one extract")
        if end > storage.count { grow(to: end) }
        if let source = text.baseAddress, !text.isEmpty {
            storage.withUnsafeMutableBufferPointer { target in
                (target.baseAddress! + start).update(from: source, count: text.count)
            }
        }
        byteCount = end
        ends.append(UInt32(end))
    }

    public mutating func append(_ text: String?) {
        guard var text else {
            ends.append(UInt32(byteCount) | Self.absent)
            return
        }
        text.withUTF8 { append(utf8: $0) }
    }

    /// Removes the last `count` texts.
    public mutating func removeLast(_ count: Int) {
        guard count > 0 else { return }
        ends.removeLast(count)
        byteCount = ends.last.map { Int($0 & ~Self.absent) } ?? 0
    }

    /// Makes room for `texts` more texts of `bytes` more bytes in all, so
    /// that a reader that can tell how much is coming fills one buffer
    /// instead of doubling into new ones: a million-row HR extract's texts
    /// grew through buffers of 1, 2, … 128 MB, each new memory (which the
    /// machine charges for: README, Performance) and each copied whole.
    public mutating func reserve(texts: Int, bytes: Int) {
        ends.reserveCapacity(ends.count + max(0, texts))
        let needed = byteCount + max(0, bytes)
        if needed > storage.count {
            storage.append(contentsOf: repeatElement(0, count: needed - storage.count))
        }
    }

    /// Lets go of the room kept beyond its contents when it is more than a
    /// sixteenth of them. Less is what `reserve` leaves of a close estimate:
    /// copying every text to give back a sliver would write as much new
    /// memory as the texts themselves.
    public mutating func trim() {
        let roomyBytes = storage.count - byteCount > byteCount / 16
        let roomyEnds = ends.capacity - ends.count > ends.count / 16
        guard roomyBytes || roomyEnds else { return }
        guard roomyBytes else {
            ends = Self.exactCopy(of: ends)
            return
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(byteCount)
        bytes.append(contentsOf: storage[..<byteCount])
        storage = bytes
        if roomyEnds { ends = Self.exactCopy(of: ends) }
    }

    private static func exactCopy(of ends: [UInt32]) -> [UInt32] {
        var exact: [UInt32] = []
        exact.reserveCapacity(ends.count)
        exact.append(contentsOf: ends)
        return exact
    }

    /// Text `index`'s bytes (nil for a nil text), valid while `body` runs.
    // Inlinable: specialized where it is called (reading, joining and
    // building, once for every cell of every row), not run as an
    // unspecialized generic, about 230 instructions a call before the body.
    @inlinable
    public func withText<Result>(at index: Int, _ body: (UnsafeBufferPointer<UInt8>?) throws -> Result) rethrows -> Result {
        let end = ends[index]
        guard end & Self.absent == 0 else { return try body(nil) }
        let start = index == 0 ? 0 : Int(ends[index - 1] & ~Self.absent)
        return try storage.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[start..<Int(end)])) }
    }

    /// Text `index`, or nil.
    public func text(at index: Int) -> String? {
        withText(at: index) { $0.map { String(decoding: $0, as: UTF8.self) } }
    }

    /// Doubling: the array grows a few dozen times for a whole extract.
    @inline(never)
    private mutating func grow(to needed: Int) {
        storage.append(contentsOf: repeatElement(0, count: max(needed, storage.count * 2, 4096) - storage.count))
    }
}
