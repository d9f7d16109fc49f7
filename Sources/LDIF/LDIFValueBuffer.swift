/// The bytes of one record's values, in one allocation.
///
/// The reader sizes it from the block's text, which no set of decoded values
/// can outgrow, and appends each value once; a value refers to its range.
/// Bytes are written once, front to back, and never changed after a value
/// refers to them, which is what makes sharing the buffer between values
/// (and threads) safe; `LDIFValue` vouches for that in its `Sendable` conformance.
final class LDIFValueBuffer: ManagedBuffer<LDIFValueBufferHeader, UInt8> {
    static func make(capacity: Int) -> LDIFValueBuffer {
        let buffer = create(minimumCapacity: capacity) { _ in LDIFValueBufferHeader(used: 0, capacity: capacity) }
        return unsafeDowncast(buffer, to: LDIFValueBuffer.self)
    }

    var byteCapacity: Int { header.capacity }

    /// Makes the buffer empty again; only when no value refers to it.
    func reset() {
        header.used = 0
    }

    /// Stores `bytes` as a new value.
    func append(_ bytes: UnsafeBufferPointer<UInt8>) -> LDIFValue {
        let start = header.used
        guard start + bytes.count <= header.capacity else { return LDIFValue(bytes: Array(bytes)) }
        if let source = bytes.baseAddress {
            withUnsafeMutablePointerToElements { ($0 + start).initialize(from: source, count: bytes.count) }
        }
        header.used = start + bytes.count
        return LDIFValue(shared: self, start: start, count: bytes.count)
    }

    /// Decodes base64 `text` straight into the buffer as a new value; nil when
    /// it is not base64.
    func appendDecodingBase64(_ text: UnsafeBufferPointer<UInt8>, table: UnsafePointer<UInt8>) -> LDIFValue? {
        let start = header.used
        guard start + Base64.maximumDecodedCount(text.count) <= header.capacity else {
            return Base64.decode(text).map { LDIFValue(bytes: $0) }
        }
        let count = withUnsafeMutablePointerToElements { Base64.decode(text, table: table, into: $0 + start) }
        guard let count else { return nil }
        header.used = start + count
        return LDIFValue(shared: self, start: start, count: count)
    }
}

/// How much of an `LDIFValueBuffer` is written, and its size (asking the
/// allocator for the size would cost a call per value).
struct LDIFValueBufferHeader {
    var used: Int
    var capacity: Int
}
