/// Checks that bytes are well-formed UTF-8 (RFC 3629: no overlongs, no
/// surrogates, nothing above U+10FFFF), for the LDIF and CSV readers.
///
/// The standard library's `String(validating:as:)` is generic and, on Linux,
/// looks up type metadata on every call; once per value that cost more than
/// the whole parse. This non-generic check lets the readers decide "text or
/// bytes" without allocating, then build Strings with `String(decoding:as:)`.
public enum UTF8Validation {
    /// The offset of the first byte that starts an ill-formed sequence, or nil.
    @inlinable
    public static func firstInvalidOffset(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let count = bytes.count
        var index = 0
        while index < count {
            // Eight ASCII bytes at a time: the common case for directory and HR data.
            while index + 8 <= count {
                let word = UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 != 0 { break }
                index += 8
            }
            guard index < count else { return nil }
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; upper = 0x9F
            case 0xF0: length = 4; lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; upper = 0x8F
            default: return index
            }
            guard index + length <= count else { return index }
            let second = bytes[index + 1]
            guard second >= lower && second <= upper else { return index }
            for offset in 2..<max(2, length) where bytes[index + offset] & 0xC0 != 0x80 {
                return index
            }
            index += length
        }
        return nil
    }

    /// Whether `bytes` is well-formed UTF-8.
    @inlinable
    public static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        firstInvalidOffset(in: bytes) == nil
    }

    /// Whether `bytes` is well-formed UTF-8.
    @inlinable
    public static func isValid(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { isValid($0) }
    }
}
