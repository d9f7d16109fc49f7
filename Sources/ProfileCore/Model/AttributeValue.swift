import Foundation

/// One attribute value as a source delivered it: text when it is valid UTF-8,
/// raw bytes otherwise (objectGUID, objectSid, thumbnailPhoto).
public enum AttributeValue: Hashable, Sendable {
    case text(String)
    case binary([UInt8])

    /// Decodes `bytes` once: valid UTF-8 becomes `.text`, anything else stays bytes.
    public init(bytes: some Collection<UInt8>) {
        if let text = String(validating: bytes, as: UTF8.self) {
            self = .text(text)
        } else {
            self = .binary(Array(bytes))
        }
    }

    /// The text, or nil for binary values.
    public var text: String? {
        if case .text(let text) = self { return text }
        return nil
    }

    /// The value's bytes (UTF-8 for text).
    public var bytes: [UInt8] {
        switch self {
        case .text(let text): Array(text.utf8)
        case .binary(let bytes): bytes
        }
    }

    /// The value as an integer, when its text is a decimal integer (AD writes
    /// flags and FILETIMEs this way).
    public var integer: Int64? {
        guard let text else { return nil }
        // Int64(_:) accepts no blanks, so when it succeeds trimming would have
        // changed nothing; Foundation's trimming is only for the rare padded
        // value (it was a tenth of the indexing thread's time at 100k users).
        if let number = Int64(text) { return number }
        return Int64(text.trimmingCharacters(in: .whitespaces))
    }
}
