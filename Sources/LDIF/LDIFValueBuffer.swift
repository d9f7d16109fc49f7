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

    // Through the pointers rather than `header`: the property is a class
    // stored property with a dynamic exclusivity check on every access.
    var byteCapacity: Int { withUnsafeMutablePointerToHeader { $0.pointee.capacity } }

    /// Makes the buffer empty again; only when no value refers to it.
    func reset() {
        withUnsafeMutablePointerToHeader { $0.pointee.used = 0 }
    }

    /// Stores `bytes` as a new value.
    func append(_ bytes: UnsafeBufferPointer<UInt8>) -> LDIFValue {
        let start = withUnsafeMutablePointers { header, elements -> Int? in
            let start = header.pointee.used
            guard start + bytes.count <= header.pointee.capacity else { return nil }
            if let source = bytes.baseAddress { (elements + start).initialize(from: source, count: bytes.count) }
            header.pointee.used = start + bytes.count
            return start
        }
        guard let start else { return LDIFValue(bytes: Array(bytes)) }
        return LDIFValue(shared: self, start: start, count: bytes.count)
    }

    /// Decodes base64 `text` straight into the buffer as a new value; nil when
    /// it is not base64.
    func appendDecodingBase64(_ text: UnsafeBufferPointer<UInt8>, table: UnsafePointer<UInt8>) -> LDIFValue? {
        let written = withUnsafeMutablePointers { header, elements -> (start: Int, count: Int?)? in
            let start = header.pointee.used
            guard start + Base64.maximumDecodedCount(text.count) <= header.pointee.capacity else { return nil }
            let count = Base64.decode(text, table: table, into: elements + start)
            if let count { header.pointee.used = start + count }
            return (start, count)
        }
        guard let written else { return Base64.decode(text).map { LDIFValue(bytes: $0) } }
        guard let count = written.count else { return nil }
        return LDIFValue(shared: self, start: written.start, count: count)
    }
}

/// How much of an `LDIFValueBuffer` is written, and its size (asking the
/// allocator for the size would cost a call per value).
struct LDIFValueBufferHeader {
    var used: Int
    var capacity: Int
}
