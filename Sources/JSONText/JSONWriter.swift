/// Writes compact JSON text into a byte buffer, keys in the order given.
///
/// `JSONEncoder` sorts or scrambles keys and is slow on millions of small
/// records; inspect output and reports need a fixed key order (DESIGN §5) and
/// speed. Commas are inserted automatically; the caller only opens and closes.
public struct JSONWriter: Sendable {
    public private(set) var bytes: [UInt8] = []
    // Open containers, and per container whether a value was already written
    // in it: one bit per level, which costs less per value than an array of
    // flags (reports write tens of millions of values). Levels past 64 keep
    // their flags in `deepHasValue`.
    private var depth = 0
    private var hasValueBits: UInt64 = 0
    private var deepHasValue: [Bool] = []
    private var afterKey = false

    public init(reservingCapacity capacity: Int = 256) {
        bytes.reserveCapacity(capacity)
    }

    /// Empties the buffer for reuse, keeping its capacity.
    public mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        depth = 0
        hasValueBits = 0
        deepHasValue.removeAll(keepingCapacity: true)
        afterKey = false
    }

    /// Hands the text written so far to `body` and empties the buffer while
    /// keeping the open containers, so a large document streams out in pieces.
    public mutating func flush(_ body: ([UInt8]) throws -> Void) rethrows {
        try body(bytes)
        bytes.removeAll(keepingCapacity: true)
    }

    private mutating func separate() {
        if afterKey {
            afterKey = false
            return
        }
        guard depth > 0 else { return }
        if depth > 64 {
            if deepHasValue[deepHasValue.count - 1] { bytes.append(UInt8(ascii: ",")) }
            deepHasValue[deepHasValue.count - 1] = true
            return
        }
        let bit: UInt64 = 1 << UInt64(depth - 1)
        if hasValueBits & bit != 0 { bytes.append(UInt8(ascii: ",")) }
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
        bytes.append(UInt8(ascii: "{"))
        open()
    }

    public mutating func endObject() {
        close()
        bytes.append(UInt8(ascii: "}"))
    }

    public mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        open()
    }

    public mutating func endArray() {
        close()
        bytes.append(UInt8(ascii: "]"))
    }

    /// Writes an object key; the next value written belongs to it.
    public mutating func key(_ name: String) {
        separate()
        appendQuoted(name)
        bytes.append(UInt8(ascii: ":"))
        afterKey = true
    }

    /// Writes an object key spelled in the source, which needs no escape (a
    /// debug build checks): the report writes a handful of these for every
    /// property of every profile, and a `String` key is scanned each time.
    public mutating func key(plain name: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { utf8 in
            assert(!Self.needsEscaping(utf8), "key(plain:) needs a key without characters to escape")
            bytes.append(contentsOf: utf8)
        }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
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
        bytes.append(contentsOf: String(value).utf8)
    }

    public mutating func double(_ value: Double) {
        separate()
        if value.isFinite {
            if value == value.rounded(), abs(value) < 1e15 {
                bytes.append(contentsOf: String(Int(value)).utf8)
            } else {
                bytes.append(contentsOf: "\(value)".utf8)
            }
        } else {
            bytes.append(contentsOf: "null".utf8)
        }
    }

    public mutating func bool(_ value: Bool) {
        separate()
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    public mutating func null() {
        separate()
        bytes.append(contentsOf: "null".utf8)
    }

    /// Inserts already-valid JSON text as one value.
    public mutating func raw(_ json: some Sequence<UInt8>) {
        separate()
        bytes.append(contentsOf: json)
    }

    /// Appends a byte outside the JSON grammar (e.g. the newline of JSON Lines).
    public mutating func appendNewline() {
        bytes.append(0x0A)
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
        bytes.append(UInt8(ascii: "\""))
        if !Self.needsEscaping(utf8) {
            bytes.append(contentsOf: utf8)
        } else {
            appendEscaped(utf8)
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Whether any byte is a control character, a quote or a backslash,
    /// eight bytes at a time: a 100,000-profile report quotes 20 million strings.
    static func needsEscaping(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = utf8.baseAddress else { return false }
        let raw = UnsafeRawPointer(base)
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var offset = 0
        while offset + 8 <= utf8.count {
            let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            // A byte below 0x20; a byte equal to '"' or to '\\' (a zero after XOR).
            // Each test is exact about whether some byte matches.
            let control = (word &- ones &* 0x20) & ~word & highs
            let quote = word ^ (ones &* 0x22)
            let backslash = word ^ (ones &* 0x5C)
            let quoteFound = (quote &- ones) & ~quote & highs
            let backslashFound = (backslash &- ones) & ~backslash & highs
            if control | quoteFound | backslashFound != 0 { return true }
            offset += 8
        }
        while offset < utf8.count {
            let byte = utf8[offset]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return true }
            offset += 1
        }
        return false
    }

    private mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        var start = 0
        for index in 0..<utf8.count {
            let byte = utf8[index]
            // Only quote, backslash and controls need escaping; other bytes
            // (UTF-8 included) are copied in runs.
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            if start < index { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index])) }
            start = index + 1
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x08: bytes.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case 0x0C: bytes.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            default:
                bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30])
                bytes.append(Self.hex[Int(byte >> 4)])
                bytes.append(Self.hex[Int(byte & 0x0F)])
            }
        }
        if start < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...])) }
    }
}
