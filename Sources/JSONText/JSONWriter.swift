/// Writes compact JSON text into a byte buffer, keys in the order given.
///
/// `JSONEncoder` sorts or scrambles keys and is slow on millions of small
/// records; inspect output and reports need a fixed key order (DESIGN §5) and
/// speed. Commas are inserted automatically; the caller only opens and closes.
public struct JSONWriter: ~Copyable, @unchecked Sendable {
    // The text, in memory of its own: `[UInt8].append` checked the array's
    // uniqueness and capacity and called a generic copy for every piece,
    // a quarter of a 234 MB report's rendering. A writer is not copyable,
    // so nothing else ever holds this memory (hence sendable).
    @usableFromInline var start: UnsafeMutablePointer<UInt8>
    @usableFromInline var capacity: Int
    @usableFromInline var used = 0
    /// The alignment of `start` (`init(reservingCapacity:alignment:)`).
    private let alignment: Int
    // Open containers, and per container whether a value was already written
    // in it: one bit per level, which costs less per value than an array of
    // flags (reports write tens of millions of values). Levels past 64 keep
    // their flags in `deepHasValue`.
    private var depth = 0
    private var hasValueBits: UInt64 = 0
    private var deepHasValue: [Bool] = []
    private var afterKey = false

    public init(reservingCapacity capacity: Int = 256) {
        self.init(reservingCapacity: capacity, alignment: MemoryLayout<UInt8>.alignment)
    }

    /// A writer whose text starts at an address that is a multiple of
    /// `alignment` (a power of two), however it grows: what it flushes in
    /// whole blocks (`flush(wholeBlocksOf:_:)`) can be written to a file
    /// opened `O_DIRECT` where it lies.
    public init(reservingCapacity capacity: Int, alignment: Int) {
        precondition(alignment > 0 && alignment & (alignment - 1) == 0, "alignment must be a power of two")
        self.alignment = alignment
        self.capacity = max(capacity, 16)
        start = Self.allocate(self.capacity, alignment: alignment)
    }

    private static func allocate(_ capacity: Int, alignment: Int) -> UnsafeMutablePointer<UInt8> {
        UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: alignment)
            .bindMemory(to: UInt8.self, capacity: capacity)
    }

    deinit { UnsafeMutableRawPointer(start).deallocate() }

    /// How many bytes were written so far.
    public var count: Int { used }

    /// A copy of the text written so far; `withBytes` reads it in place.
    public var bytes: [UInt8] { withBytes { Array($0) } }

    /// Calls `body` with the text written so far, in place.
    public func withBytes<T>(_ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        try body(UnsafeRawBufferPointer(start: start, count: used))
    }

    /// Empties the buffer for reuse, keeping its capacity.
    public mutating func reset() {
        used = 0
        depth = 0
        hasValueBits = 0
        deepHasValue.removeAll(keepingCapacity: true)
        afterKey = false
    }

    /// Hands the text written so far to `body`, in place, and empties the
    /// buffer while keeping the open containers, so a large document streams
    /// out in pieces. In place: an array made of each piece copied every byte
    /// of a report once more on its way to the file (224 MB at 100,000 users).
    public mutating func flush(_ body: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        try body(UnsafeRawBufferPointer(start: start, count: used))
        used = 0
    }

    /// `flush(_:)` of the longest start of the text that is whole blocks of
    /// `blockSize` bytes (none when there is less than one); the rest
    /// stays, moved to the start of the buffer. With the writer aligned to
    /// `blockSize`, every piece handed out starts aligned and is whole
    /// blocks: a direct writer takes it where it lies, where it copied
    /// each byte into blocks of its own (a 234 MB report at 100,000 users).
    public mutating func flush(wholeBlocksOf blockSize: Int, _ body: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        let whole = used / blockSize * blockSize
        guard whole > 0 else { return }
        try body(UnsafeRawBufferPointer(start: start, count: whole))
        let rest = used - whole
        if rest > 0 { start.update(from: start + whole, count: rest) }
        used = rest
    }

    /// Room for `extra` more bytes; returns where they go.
    @inlinable @inline(__always)
    mutating func reserve(_ extra: Int) -> UnsafeMutablePointer<UInt8> {
        if capacity - used < extra { grow(toHold: used + extra) }
        return start + used
    }

    /// Doubles the capacity, or more when `needed` bytes need more.
    @usableFromInline
    mutating func grow(toHold needed: Int) {
        let grown = max(capacity * 2, needed)
        let moved = Self.allocate(grown, alignment: alignment)
        moved.update(from: start, count: used)
        UnsafeMutableRawPointer(start).deallocate()
        start = moved
        capacity = grown
    }

    @inlinable @inline(__always)
    mutating func append(_ byte: UInt8) {
        reserve(1).initialize(to: byte)
        used += 1
    }

    @inlinable @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count).update(from: base, count: bytes.count)
        used += bytes.count
    }

    private mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    private mutating func separate() {
        if afterKey {
            afterKey = false
            return
        }
        guard depth > 0 else { return }
        if depth > 64 {
            if deepHasValue[deepHasValue.count - 1] { append(UInt8(ascii: ",")) }
            deepHasValue[deepHasValue.count - 1] = true
            return
        }
        let bit: UInt64 = 1 << UInt64(depth - 1)
        if hasValueBits & bit != 0 { append(UInt8(ascii: ",")) }
        hasValueBits |= bit
    }

    private mutating func open() {
        depth += 1
        if depth > 64 {
            deepHasValue.append(false)
        } else {
            hasValueBits &= ~(1 << UInt64(depth - 1))
        }
    }

    private mutating func close() {
        if depth > 64 { deepHasValue.removeLast() }
        depth -= 1
    }

    public mutating func beginObject() {
        separate()
        append(UInt8(ascii: "{"))
        open()
    }

    public mutating func endObject() {
        close()
        append(UInt8(ascii: "}"))
    }

    public mutating func beginArray() {
        separate()
        append(UInt8(ascii: "["))
        open()
    }

    public mutating func endArray() {
        close()
        append(UInt8(ascii: "]"))
    }

    /// Writes an object key; the next value written belongs to it.
    public mutating func key(_ name: String) {
        separate()
        appendQuoted(name)
        append(UInt8(ascii: ":"))
        afterKey = true
    }

    /// Writes an object key spelled in the source, which needs no escape (a
    /// debug build checks): the report writes a handful of these for every
    /// property of every profile, and a `String` key is scanned each time.
    public mutating func key(plain name: StaticString) {
        separate()
        assert(name.withUTF8Buffer { !Self.needsEscaping($0) }, "key(plain:) needs a key without characters to escape")
        append(UInt8(ascii: "\""))
        literal(name)
        literal(#"":"#)
        afterKey = true
    }

    public mutating func string(_ value: String) {
        separate()
        appendQuoted(value)
    }

    public mutating func string(_ value: String?) {
        if let value { string(value) } else { null() }
    }

    public mutating func int(_ value: Int) {
        separate()
        append(String(value))
    }

    public mutating func double(_ value: Double) {
        separate()
        if value.isFinite {
            if value == value.rounded(), abs(value) < 1e15 {
                append(String(Int(value)))
            } else {
                append("\(value)")
            }
        } else {
            literal("null")
        }
    }

    public mutating func bool(_ value: Bool) {
        separate()
        if value { literal("true") } else { literal("false") }
    }

    public mutating func null() {
        separate()
        literal("null")
    }

    /// Inserts already-valid JSON text as one value.
    public mutating func raw(_ json: some Sequence<UInt8>) {
        separate()
        let copied: Void? = json.withContiguousStorageIfAvailable { append($0) }
        if copied == nil { Array(json).withUnsafeBufferPointer { append($0) } }
    }

    /// Starts one value that the caller spells out whole with `literal(_:)`
    /// and `escaped(_:)`: writes the separator due before it, nothing else.
    ///
    /// For the few shapes written millions of times (a report's property
    /// change): one copy per fixed stretch of text such as `","old":`,
    /// where keys and values cost a separator check and a byte append each.
    /// The caller must complete exactly one well-formed value.
    public mutating func beginSpelledValue() {
        separate()
    }

    /// Appends JSON text spelled in the source, as it is: part of a value
    /// begun with `beginSpelledValue()`.
    @inlinable @inline(__always)
    public mutating func literal(_ text: StaticString) {
        if text.hasPointerRepresentation {
            append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        } else {
            text.withUTF8Buffer { append($0) }
        }
    }

    /// Appends a string's characters, escaped, without quotes: part of a
    /// value begun with `beginSpelledValue()`, between quotes it spells.
    public mutating func escaped(_ text: String) {
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { appendEscapedIfNeeded($0) }
        if done == nil {
            var copy = text
            copy.withUTF8 { appendEscapedIfNeeded($0) }
        }
    }

    /// Appends UTF-8, escaped, without quotes: as `escaped(_:)` for text
    /// that is already bytes.
    public mutating func escaped(utf8: UnsafeBufferPointer<UInt8>) {
        appendEscapedIfNeeded(utf8)
    }

    /// Appends bytes `escapedBytes(_:)` made, as they are: text escaped once
    /// and written many times.
    public mutating func escaped(spelled: UnsafeBufferPointer<UInt8>) {
        append(spelled)
    }

    /// `text`'s characters as `escaped(_:)` writes them, for `escaped(spelled:)`.
    public static func escapedBytes(_ text: String) -> [UInt8] {
        var writer = JSONWriter(reservingCapacity: text.utf8.count + 16)
        writer.escaped(text)
        return writer.withBytes { Array($0) }
    }

    /// Appends a byte outside the JSON grammar (e.g. the newline of JSON Lines).
    public mutating func appendNewline() {
        append(0x0A)
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    private mutating func appendQuoted(_ text: String) {
        // The UTF-8 of a native string is read where it is; `var copy = text`
        // first (for withUTF8) retained and released every string written.
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { appendQuoted(utf8: $0) }
        if done == nil {
            var copy = text
            copy.withUTF8 { appendQuoted(utf8: $0) }
        }
    }

    private mutating func appendQuoted(utf8: UnsafeBufferPointer<UInt8>) {
        // Most strings need no escape: one scan, then one copy between the quotes.
        append(UInt8(ascii: "\""))
        appendEscapedIfNeeded(utf8)
        append(UInt8(ascii: "\""))
    }

    private mutating func appendEscapedIfNeeded(_ utf8: UnsafeBufferPointer<UInt8>) {
        if !Self.needsEscaping(utf8) {
            append(utf8)
        } else {
            appendEscaped(utf8)
        }
    }

    /// Whether any byte is a control character, a quote or a backslash,
    /// eight bytes at a time: a 100,000-profile report quotes 20 million strings.
    static func needsEscaping(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = utf8.baseAddress else { return false }
        let raw = UnsafeRawPointer(base)
        let count = utf8.count
        var offset = 0
        while offset + 8 <= count {
            if needsEscaping(word: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) { return true }
            offset += 8
        }
        let rest = count - offset
        guard rest > 0 else { return false }
        // The last bytes in one word too: the eight that end the text when
        // there are eight (some looked at again, which finds the same), else
        // the few there are after bytes that need nothing ('A'), instead of
        // a byte loop (callgrind, 10k first import: 34.0 M instructions in
        // this function against 35.7 M; most report values are shorter
        // than sixteen bytes).
        if count >= 8 { return needsEscaping(word: raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)) }
        var word: UInt64 = 0x4141_4141_4141_4141
        withUnsafeMutableBytes(of: &word) { $0.baseAddress!.copyMemory(from: raw, byteCount: rest) }
        return needsEscaping(word: word)
    }

    /// Whether any of the word's eight bytes is a control character, a
    /// quote or a backslash. Each test is exact about whether some byte
    /// matches (a zero after XOR for '"' and '\\').
    @inline(__always)
    private static func needsEscaping(word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let control = (word &- ones &* 0x20) & ~word & highs
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        let quoteFound = (quote &- ones) & ~quote & highs
        let backslashFound = (backslash &- ones) & ~backslash & highs
        return control | quoteFound | backslashFound != 0
    }

    private mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        var start = 0
        for index in 0..<utf8.count {
            let byte = utf8[index]
            // Only quote, backslash and controls need escaping; other bytes
            // (UTF-8 included) are copied in runs.
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            if start < index { append(UnsafeBufferPointer(rebasing: utf8[start..<index])) }
            start = index + 1
            switch byte {
            case UInt8(ascii: "\""): append(0x5C); append(0x22)
            case UInt8(ascii: "\\"): append(0x5C); append(0x5C)
            case 0x0A: append(0x5C); append(UInt8(ascii: "n"))
            case 0x0D: append(0x5C); append(UInt8(ascii: "r"))
            case 0x09: append(0x5C); append(UInt8(ascii: "t"))
            case 0x08: append(0x5C); append(UInt8(ascii: "b"))
            case 0x0C: append(0x5C); append(UInt8(ascii: "f"))
            default:
                literal("\\u00")
                append(Self.hex[Int(byte >> 4)])
                append(Self.hex[Int(byte & 0x0F)])
            }
        }
        if start < utf8.count { append(UnsafeBufferPointer(rebasing: utf8[start...])) }
    }
}

