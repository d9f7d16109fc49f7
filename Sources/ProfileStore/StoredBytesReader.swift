import ProfileCore
import UTF8Validation

/// Reads what `StoredBytesWriter` wrote, checking every length against the
/// bytes that are there: a damaged or truncated blob throws
/// `StoreError.damaged` instead of reading past its end.
///
/// Valid only inside the `withUnsafeBytes` call that gave it its buffer.
struct StoredBytesReader {
    private let buffer: UnsafeRawBufferPointer
    private(set) var offset = 0
    /// What is being read, for error messages ("profile properties").
    let what: String

    init(_ buffer: UnsafeRawBufferPointer, what: String) {
        self.buffer = buffer
        self.what = what
    }

    var isAtEnd: Bool { offset == buffer.count }

    func damaged(_ problem: String) -> StoreError {
        .damaged("\(what): \(problem) at byte \(offset) of \(buffer.count)")
    }

    mutating func byte() throws -> UInt8 {
        guard offset < buffer.count else { throw damaged("ends early") }
        defer { offset += 1 }
        return buffer[offset]
    }

    mutating func varint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while offset < buffer.count {
            let byte = buffer[offset]
            offset += 1
            // The tenth group may carry only the top bit of a UInt64.
            guard shift < 63 || byte <= 1 else { throw damaged("varint overflows 64 bits") }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
        throw damaged("ends inside a varint")
    }

    /// A number `StoredBytesWriter.word` wrote.
    mutating func word() throws -> UInt64 {
        UInt64(littleEndian: try raw(count: 8).loadUnaligned(as: UInt64.self))
    }

    /// A count or id: a varint that must fit an `Int`.
    mutating func count() throws -> Int {
        let value = try varint()
        guard value <= UInt64(Int.max) else { throw damaged("count \(value) out of range") }
        return Int(value)
    }

    /// A number `StoredBytesWriter.signed` wrote.
    mutating func signed() throws -> Int {
        let raw = try varint()
        let value = Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
        guard let number = Int(exactly: value) else { throw damaged("number \(value) out of range") }
        return number
    }

    /// A count of items that each take at least one byte, so a damaged count
    /// cannot make a caller reserve more than the blob could hold.
    mutating func itemCount() throws -> Int {
        let value = try count()
        guard value <= buffer.count - offset else { throw damaged("count \(value) exceeds the bytes left") }
        return value
    }

    /// The next `count` bytes as they are, valid as long as the reader's buffer.
    mutating func raw(count: UInt64) throws -> UnsafeRawBufferPointer {
        guard count <= UInt64(buffer.count - offset) else { throw damaged("\(count) bytes exceed the bytes left") }
        let bytes = UnsafeRawBufferPointer(rebasing: buffer[offset..<offset + Int(count)])
        offset += Int(count)
        return bytes
    }

    mutating func string() throws -> String {
        try text(length: try count())
    }

    /// What `string()` reads, as its UTF-8 (checked), valid as long as the reader's buffer.
    mutating func utf8() throws -> UnsafeBufferPointer<UInt8> {
        let length = try count()
        guard length <= buffer.count - offset else { throw damaged("string of \(length) bytes exceeds the bytes left") }
        let bytes = UnsafeRawBufferPointer(rebasing: buffer[offset..<offset + length]).assumingMemoryBound(to: UInt8.self)
        guard UTF8Validation.firstInvalidOffset(in: bytes) == nil else { throw damaged("string is not UTF-8") }
        offset += length
        return bytes
    }

    /// A value `StoredBytesWriter.value` wrote.
    mutating func value(in context: StoredValueContext) throws -> String {
        let header = try varint()
        if header & 1 == 1 {
            let position = header >> 1
            guard let text = context.text(at: position) else { throw damaged("context reference \(position) out of range") }
            return text
        }
        return try text(length: Int(header >> 1))
    }

    /// `value(in:)` appended to `list`'s last property, as its UTF-8:
    /// copied, not made into a string (unless its bytes are not ASCII: they
    /// are checked as `value(in:)` checks them, by making one).
    mutating func appendValue(in context: StoredValueContext, to list: inout PropertyList) throws {
        let header = try varint()
        if header & 1 == 1 {
            let position = header >> 1
            guard let text = context.text(at: position) else { throw damaged("context reference \(position) out of range") }
            list.appendValue(text)
            return
        }
        let length = Int(header >> 1)
        guard length <= buffer.count - offset else { throw damaged("string of \(length) bytes exceeds the bytes left") }
        let bytes = UnsafeRawBufferPointer(rebasing: buffer[offset..<offset + length]).assumingMemoryBound(to: UInt8.self)
        if UTF8Validation.firstInvalidOffset(in: bytes) != nil { throw damaged("string is not UTF-8") }
        list.appendValue(utf8: bytes)
        offset += length
    }

    /// Steps over a value `StoredBytesWriter.value` wrote, without reading it.
    mutating func skipValue() throws {
        let header = try varint()
        if header & 1 == 0 { _ = try raw(count: header >> 1) }
    }

    mutating func values(in context: StoredValueContext) throws -> [String] {
        let count = try itemCount()
        var texts: [String] = []
        texts.reserveCapacity(count)
        for _ in 0..<count { texts.append(try value(in: context)) }
        return texts
    }

    private mutating func text(length: Int) throws -> String {
        guard length <= buffer.count - offset else { throw damaged("string of \(length) bytes exceeds the bytes left") }
        let bytes = UnsafeRawBufferPointer(rebasing: buffer[offset..<offset + length]).assumingMemoryBound(to: UInt8.self)
        // Checked, then decoded: `String(validating:as:)` is generic and looked
        // up its type metadata on every call, a tenth of the thread that decodes
        // a million-user store's 2.5 million group members (perf, 1M next snapshot).
        guard UTF8Validation.firstInvalidOffset(in: bytes) == nil else { throw damaged("string is not UTF-8") }
        offset += length
        return String(decoding: bytes, as: UTF8.self)
    }

    mutating func strings() throws -> [String] {
        let count = try itemCount()
        var texts: [String] = []
        texts.reserveCapacity(count)
        for _ in 0..<count { texts.append(try string()) }
        return texts
    }
}
