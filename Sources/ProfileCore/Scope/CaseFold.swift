/// Case-insensitive comparison in the sense of AD's default case-ignore
/// matching, with an allocation-free fast path for ASCII text.
///
/// Filters and exclusion rules run against up to a million entries, and almost
/// every directory value is ASCII; folding each value with `lowercased()` would
/// allocate a string per comparison. Non-ASCII text falls back to Unicode
/// lowercasing, which is correct but allocates.
public enum CaseFold {
    /// An ASCII capital's lowercase letter; any other byte as it is.
    @inlinable @inline(__always)
    public static func lower(_ byte: UInt8) -> UInt8 {
        byte &- 0x41 < 26 ? byte | 0x20 : byte
    }

    /// Exactly `text.lowercased()`: for ASCII text (nearly every DN) the
    /// bytes are lowered in one pass into the new string; `lowercased()`
    /// took about 38 instructions a byte, and every DN of a run is lowered
    /// as a map key two or three times. Other text goes scalar by scalar
    /// (`lowercasedByScalar`).
    public static func lowercased(_ text: String) -> String {
        let lowered: String?? = text.utf8.withContiguousStorageIfAvailable { utf8 -> String? in
            var needed = false
            for byte in utf8 {
                if byte >= 0x80 { return nil }
                if byte &- 0x41 < 26 { needed = true }
            }
            guard needed else { return text }
            return String(unsafeUninitializedCapacity: utf8.count) { buffer in
                for index in 0..<utf8.count { buffer[index] = lower(utf8[index]) }
                return utf8.count
            }
        }
        if let lowered, let lowered { return lowered }
        return lowercasedByScalar(text)
    }

    /// `lowercased(String(decoding: utf8, as: UTF8.self))` for valid UTF-8,
    /// without the first string when the bytes are ASCII: they are lowered
    /// straight into the result.
    public static func lowercased(utf8: UnsafeBufferPointer<UInt8>) -> String {
        guard utf8.allSatisfy({ $0 < 0x80 }) else { return lowercasedByScalar(String(decoding: utf8, as: UTF8.self)) }
        return String(unsafeUninitializedCapacity: utf8.count) { buffer in
            for index in 0..<utf8.count { buffer[index] = lower(utf8[index]) }
            return utf8.count
        }
    }

    /// Exactly `text.lowercased()`, which is the concatenation of every
    /// scalar's `lowercaseMapping`: a string made per scalar, about 30,000
    /// instructions for a DN with one accented letter. Most scalars of a
    /// name map to themselves (ASCII other than capitals, and letters that
    /// are lowercase already), which one property lookup tells; only the
    /// others are mapped. A test holds this to `lowercased()` for every
    /// scalar, alone and among others.
    static func lowercasedByScalar(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                bytes.append(lower(UInt8(truncatingIfNeeded: scalar.value)))
            } else if !scalar.properties.changesWhenLowercased {
                bytes.append(contentsOf: UTF8.encode(scalar)!)
            } else {
                bytes.append(contentsOf: scalar.properties.lowercaseMapping.utf8)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether ASCII `bytes`, lowercased, equal the lowercase `name`.
    static func equals(ascii bytes: UnsafeBufferPointer<UInt8>, lowercased name: [UInt8]) -> Bool {
        guard bytes.count == name.count else { return false }
        for index in 0..<bytes.count where lower(bytes[index]) != name[index] { return false }
        return true
    }

    /// A comparison value folded once, when a filter or rule is compiled.
    struct Pattern: Sendable, Hashable {
        /// The lowercased text.
        let folded: String
        /// Its UTF-8 bytes.
        let bytes: [UInt8]
        /// Whether every byte is ASCII, which enables the byte-wise fast path.
        let isASCII: Bool

        init(_ text: some StringProtocol) {
            folded = text.lowercased()
            bytes = Array(folded.utf8)
            isASCII = bytes.allSatisfy { $0 < 0x80 }
        }
    }

    /// Whether `value` equals `pattern`, ignoring case.
    static func equals(_ value: some StringProtocol, _ pattern: Pattern) -> Bool {
        if pattern.isASCII {
            let fast: Bool?? = value.utf8.withContiguousStorageIfAvailable { utf8 -> Bool? in
                guard utf8.count == pattern.bytes.count else {
                    // Different lengths only prove inequality when the value is
                    // ASCII too (lowercasing "İ" changes its length).
                    return utf8.allSatisfy({ $0 < 0x80 }) ? false : nil
                }
                var equal = true
                for index in 0..<utf8.count {
                    let byte = utf8[index]
                    if byte >= 0x80 { return nil }
                    if lower(byte) != pattern.bytes[index] { equal = false }
                }
                return equal
            }
            if let fast, let result = fast { return result }
        }
        return value.lowercased() == pattern.folded
    }

    /// Whether `value` equals `pattern` ignoring case and every space
    /// character; `pattern` must have been built from text without spaces.
    static func equalsIgnoringSpaces(_ value: some StringProtocol, _ pattern: Pattern) -> Bool {
        if pattern.isASCII {
            let fast: Bool?? = value.utf8.withContiguousStorageIfAvailable { utf8 -> Bool? in
                var position = 0
                var equal = true
                for byte in utf8 where byte != 0x20 {
                    // Keep scanning after a mismatch: a later non-ASCII byte
                    // sends us to the slow path.
                    if byte >= 0x80 { return nil }
                    if !equal { continue }
                    if position == pattern.bytes.count || lower(byte) != pattern.bytes[position] {
                        equal = false
                        continue
                    }
                    position += 1
                }
                return equal && position == pattern.bytes.count
            }
            if let fast, let result = fast { return result }
        }
        return value.lowercased().filter { $0 != " " } == pattern.folded
    }

    /// Three-way comparison of `value` with `pattern`, ignoring case:
    /// negative, zero or positive as `value` sorts before, equal to or after it.
    static func compare(_ value: some StringProtocol, _ pattern: Pattern) -> Int {
        if pattern.isASCII {
            let fast: Int?? = value.utf8.withContiguousStorageIfAvailable { utf8 -> Int? in
                guard utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
                let common = min(utf8.count, pattern.bytes.count)
                for index in 0..<common {
                    let left = lower(utf8[index]), right = pattern.bytes[index]
                    if left != right { return left < right ? -1 : 1 }
                }
                return utf8.count - pattern.bytes.count
            }
            if let fast, let result = fast { return result }
        }
        let folded = value.lowercased()
        return folded == pattern.folded ? 0 : (folded < pattern.folded ? -1 : 1)
    }

    /// Calls `body` with the folded UTF-8 bytes of `value`: the value's own
    /// bytes (folded on the fly by the callee through `lower`) when it is ASCII,
    /// else the bytes of its Unicode lowercasing.
    static func withFoldedUTF8<R>(
        _ value: some StringProtocol, _ body: (UnsafeBufferPointer<UInt8>, _ needsASCIIFold: Bool) -> R
    ) -> R {
        if let result = value.utf8.withContiguousStorageIfAvailable({ utf8 -> R? in
            utf8.allSatisfy({ $0 < 0x80 }) ? body(utf8, true) : nil
        }), let result {
            return result
        }
        var folded = value.lowercased()
        return folded.withUTF8 { body($0, false) }
    }
}
