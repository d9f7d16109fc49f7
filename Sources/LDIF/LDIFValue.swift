#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import UTF8Validation

/// One attribute value exactly as the LDIF file carried it, after unfolding
/// and base64 decoding.
///
/// Values are kept as bytes because directory data is not always text
/// (objectGUID, objectSid, jpegPhoto, certificates); `string` decodes on demand
/// so a reader that only counts or forwards values never pays for decoding.
///
/// The values of one record that `LDIFReader` returns share one buffer, so a
/// record costs one allocation for its value bytes rather than one per value;
/// a value kept after its record is dropped keeps that buffer alive.
/// `bytes` makes an array of its own when read from a shared value.
public struct LDIFValue: Hashable, Sendable {
    // Unchecked: a shared buffer is never written where a value already refers.
    private enum Storage: @unchecked Sendable {
        case owned([UInt8])
        case shared(LDIFValueBuffer)
    }

    private var storage: Storage
    // The value is `length` bytes from `start` in the storage.
    private var start: Int
    private var length: Int

    /// Wraps raw bytes (any content, including invalid UTF-8).
    public init(bytes: [UInt8]) {
        storage = .owned(bytes)
        start = 0
        length = bytes.count
    }

    /// Wraps the UTF-8 encoding of `string`.
    public init(_ string: String) {
        self.init(bytes: Array(string.utf8))
    }

    init(shared buffer: LDIFValueBuffer, start: Int, count: Int) {
        storage = .shared(buffer)
        self.start = start
        length = count
    }

    /// The raw value bytes.
    public var bytes: [UInt8] {
        get {
            switch storage {
            case .owned(let bytes): bytes
            case .shared: withUnsafeBufferPointer { Array($0) }
            }
        }
        set {
            storage = .owned(newValue)
            start = 0
            length = newValue.count
        }
    }

    /// The number of bytes.
    public var count: Int { length }

    /// Calls `body` with the value's bytes, without copying them.
    @inline(__always)
    public func withUnsafeBufferPointer<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        switch storage {
        case .owned(let bytes):
            return try bytes.withUnsafeBufferPointer(body)
        case .shared(let buffer):
            return try buffer.withUnsafeMutablePointerToElements { elements in
                try body(UnsafeBufferPointer(start: elements + start, count: length))
            }
        }
    }

    /// The value as text, or nil when the bytes are not valid UTF-8.
    public var string: String? {
        // Not String(validating:): generic, it looks up type metadata on every
        // call on Linux, which cost the sync engine more than the parse.
        withUnsafeBufferPointer { UTF8Validation.isValid($0) ? String(decoding: $0, as: UTF8.self) : nil }
    }

    /// Whether the bytes are valid UTF-8 (what `string != nil` tells, without building the string).
    public var isUTF8: Bool {
        withUnsafeBufferPointer { UTF8Validation.isValid($0) }
    }

    // By content: where the bytes live is not part of the value.
    public static func == (lhs: LDIFValue, rhs: LDIFValue) -> Bool {
        guard lhs.length == rhs.length else { return false }
        return lhs.withUnsafeBufferPointer { left in
            rhs.withUnsafeBufferPointer { right in
                left.count == 0 || memcmp(left.baseAddress!, right.baseAddress!, left.count) == 0
            }
        }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(length)
        withUnsafeBufferPointer { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
