import UTF8Validation

/// One attribute value exactly as the LDIF file carried it, after unfolding
/// and base64 decoding.
///
/// Values are kept as bytes because directory data is not always text
/// (objectGUID, objectSid, jpegPhoto, certificates); `string` decodes on demand
/// so a reader that only counts or forwards values never pays for decoding.
public struct LDIFValue: Hashable, Sendable {
    /// The raw value bytes.
    public var bytes: [UInt8]

    /// Wraps raw bytes (any content, including invalid UTF-8).
    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Wraps the UTF-8 encoding of `string`.
    public init(_ string: String) {
        self.bytes = Array(string.utf8)
    }

    /// The value as text, or nil when the bytes are not valid UTF-8.
    public var string: String? {
        // Not String(validating:): generic, it looks up type metadata on every
        // call on Linux, which cost the sync engine more than the parse.
        bytes.withUnsafeBufferPointer { UTF8Validation.isValid($0) ? String(decoding: $0, as: UTF8.self) : nil }
    }

    /// Whether the bytes are valid UTF-8 (what `string != nil` tells, without building the string).
    public var isUTF8: Bool {
        bytes.withUnsafeBufferPointer { UTF8Validation.isValid($0) }
    }
}
