/// AD `objectSid` values: binary SID ↔ `S-1-5-21-…` (MS-DTYP 2.4.2).
///
/// Binary layout: revision (1 byte), sub-authority count (1 byte), identifier
/// authority (6 bytes, big-endian), then that many 32-bit sub-authorities,
/// little-endian. The string form prints the authority in decimal when it
/// fits in 32 bits and in hex (`0x…`) otherwise, as MS-DTYP 2.4.2.1 says.
public enum ObjectSID {
    /// The `S-R-I-S…` string of a binary SID; nil when the bytes are not a SID.
    public static func string(from bytes: [UInt8]) -> String? {
        // Written straight into the string's storage: a string per number
        // (and one per join) made this a tenth of building a profile whose
        // SID is a property, and an array of bytes then copied into a
        // string still took about 2,400 instructions a SID.
        bytes.withUnsafeBufferPointer { bytes in
            guard isSID(bytes) else { return nil }
            return String(unsafeUninitializedCapacity: maximumTextLength) { text in write(bytes, into: text) ?? 0 }
        }
    }

    /// The longest string form: "S-1-", an authority of up to 14
    /// characters ("0x" and 12 hex digits), and 15 sub-authorities of up to
    /// 11 ("-" and 10 digits).
    public static let maximumTextLength = 4 + 14 + 11 * 15

    /// Whether `bytes` are a binary SID this reads: revision 1, at most 15
    /// sub-authorities, and exactly their bytes.
    private static func isSID(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count >= 8, bytes[0] == 1 else { return false }
        let count = Int(bytes[1])
        return count <= 15 && bytes.count == 8 + 4 * count
    }

    /// Writes the string form of `bytes` at the start of `text` (room for
    /// `maximumTextLength` bytes) and returns its length; nil, writing
    /// nothing, when `bytes` are not a SID.
    ///
    /// A profile's SID property is written into its list this way, without
    /// an array of the bytes and a string of the text made for each.
    public static func write(_ bytes: UnsafeBufferPointer<UInt8>, into text: UnsafeMutableBufferPointer<UInt8>) -> Int? {
        guard isSID(bytes) else { return nil }
        precondition(text.count >= maximumTextLength, "room for \(maximumTextLength) bytes")
        let count = Int(bytes[1])
        var authority: UInt64 = 0
        for index in 2..<8 { authority = authority << 8 | UInt64(bytes[index]) }
        var written = 0
        for byte in "S-1-".utf8 {
            text[written] = byte
            written += 1
        }
        if authority >> 32 == 0 {
            written = writeDecimal(authority, into: text, at: written)
        } else {
            // "0x", then 12 upper-case hex digits.
            text[written] = UInt8(ascii: "0")
            text[written + 1] = UInt8(ascii: "x")
            written += 2
            for shift in stride(from: 44, through: 0, by: -4) {
                let nibble = UInt8(truncatingIfNeeded: authority >> UInt64(shift)) & 0xF
                text[written] = nibble < 10 ? 0x30 + nibble : 0x41 - 10 + nibble
                written += 1
            }
        }
        for sub in 0..<count {
            let base = 8 + 4 * sub
            let value = UInt32(bytes[base]) | UInt32(bytes[base + 1]) << 8 | UInt32(bytes[base + 2]) << 16
                | UInt32(bytes[base + 3]) << 24
            text[written] = UInt8(ascii: "-")
            written = writeDecimal(UInt64(value), into: text, at: written + 1)
        }
        return written
    }

    /// Writes `value` in decimal at `start`; returns where it ends.
    ///
    /// The digits are counted by comparison and written two at a time: a
    /// SID's numbers are mostly ten digits, and dividing by ten twice per
    /// digit was about 190 instructions a number (a SID property on every
    /// profile).
    private static func writeDecimal(_ value: UInt64, into text: UnsafeMutableBufferPointer<UInt8>, at start: Int) -> Int {
        var digits = 1
        var limit: UInt64 = 10
        while digits < 20, value >= limit {
            digits += 1
            limit = limit &* 10
        }
        let pairs = pairDigits.utf8Start
        var rest = value
        var index = start + digits
        while rest >= 100 {
            let pair = Int(rest % 100) * 2
            rest /= 100
            index -= 2
            text[index] = pairs[pair]
            text[index + 1] = pairs[pair + 1]
        }
        if rest >= 10 {
            let pair = Int(rest) * 2
            text[index - 2] = pairs[pair]
            text[index - 1] = pairs[pair + 1]
        } else {
            text[index - 1] = UInt8(truncatingIfNeeded: rest) + 0x30
        }
        return start + digits
    }

    /// "00" to "99", two bytes each.
    private static let pairDigits: StaticString =
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"

    /// The binary form of a SID string; nil when malformed.
    public static func bytes(from string: String) -> [UInt8]? {
        let parts = string.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 3, parts[0].uppercased() == "S", parts[1] == "1", parts.count - 3 <= 15 else { return nil }
        let authorityText = parts[2]
        let authority: UInt64?
        if authorityText.lowercased().hasPrefix("0x") {
            authority = UInt64(authorityText.dropFirst(2), radix: 16)
        } else {
            authority = UInt64(authorityText)
        }
        guard let authority, authority < 1 << 48 else { return nil }
        var result: [UInt8] = [1, UInt8(parts.count - 3)]
        for shift in stride(from: 40, through: 0, by: -8) { result.append(UInt8(truncatingIfNeeded: authority >> UInt64(shift))) }
        for part in parts.dropFirst(3) {
            guard let value = UInt32(part) else { return nil }
            result += [UInt8(truncatingIfNeeded: value), UInt8(truncatingIfNeeded: value >> 8),
                       UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 24)]
        }
        return result
    }
}
