/// RFC 4648 base64 for `attr:: value` lines, on bytes.
///
/// Foundation's decoder would mean a Data round trip per value; this one
/// decodes straight from the line buffer and rejects anything that is not
/// base64 (go-ldap's "XXX-U29tZSBPbmU=" case) instead of skipping it.
public enum Base64 {
    private static let alphabet: [UInt8] = Array(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    private static let space: UInt8 = 0xFE
    private static let pad: UInt8 = 0xFD
    private static let invalid: UInt8 = 0xFF

    /// Byte → sextet, or `space`, `pad`, `invalid`. A pointer the parser copies
    /// once per record: reading a lazily initialised static per value costs a
    /// swift_once call each time.
    nonisolated(unsafe) static let decodeTable: UnsafePointer<UInt8> = {
        let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        table.initialize(repeating: invalid, count: 256)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(index) }
        table[0x20] = space
        table[Int(UInt8(ascii: "="))] = pad
        return UnsafePointer(table)
    }()

    /// Encodes bytes with padding, no line breaks.
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        String(decoding: encodeToBytes(bytes), as: UTF8.self)
    }

    /// Encodes bytes with padding into ASCII bytes.
    public static func encodeToBytes(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        appendEncoded(bytes, to: &output)
        return output
    }

    /// Appends the base64 text of `bytes` to `output`.
    public static func appendEncoded(_ bytes: some Collection<UInt8>, to output: inout [UInt8]) {
        var iterator = bytes.makeIterator()
        while let first = iterator.next() {
            let second = iterator.next()
            let third = iterator.next()
            let group = UInt32(first) << 16 | UInt32(second ?? 0) << 8 | UInt32(third ?? 0)
            output.append(alphabet[Int(group >> 18 & 0x3F)])
            output.append(alphabet[Int(group >> 12 & 0x3F)])
            output.append(second == nil ? UInt8(ascii: "=") : alphabet[Int(group >> 6 & 0x3F)])
            output.append(third == nil ? UInt8(ascii: "=") : alphabet[Int(group & 0x3F)])
        }
    }

    /// Decodes base64 text; nil when it is not valid base64. Spaces are ignored
    /// (some writers pad folded lines), padding is optional.
    public static func decode(_ text: some Collection<UInt8>) -> [UInt8]? {
        let decoded = text.withContiguousStorageIfAvailable { decode($0) }
        return decoded ?? Array(text).withUnsafeBufferPointer { decode($0) }
    }

    /// Decodes base64 text given as a String; nil when invalid.
    public static func decode(_ text: String) -> [UInt8]? {
        decode(Array(text.utf8))
    }

    private static func decode(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard !text.isEmpty else { return [] }
        var valid = true
        let output = [UInt8](unsafeUninitializedCapacity: maximumDecodedCount(text.count)) { buffer, count in
            if let decoded = decode(text, table: decodeTable, into: buffer.baseAddress!) {
                count = decoded
            } else {
                valid = false
                count = 0
            }
        }
        return valid ? output : nil
    }

    /// The most bytes `count` characters of base64 can decode to.
    static func maximumDecodedCount(_ count: Int) -> Int {
        count - count / 4
    }

    /// Whether `text` is base64 that `decode` accepts, without decoding it.
    static func isValid(_ text: UnsafeBufferPointer<UInt8>, table: UnsafePointer<UInt8>) -> Bool {
        decode(text, table: table, into: nil) != nil
    }

    /// Decodes `text` into `output` (room for `maximumDecodedCount` bytes),
    /// or only checks it when `output` is nil: one routine, so checking and
    /// decoding can never disagree. The number of bytes, nil when invalid.
    @inline(__always)
    static func decode(
        _ text: UnsafeBufferPointer<UInt8>, table: UnsafePointer<UInt8>, into output: UnsafeMutablePointer<UInt8>?
    ) -> Int? {
        guard let input = text.baseAddress else { return 0 }
        var index = 0
        var count = 0
        // `attr:: value` hands over the space after the colons; spaces change
        // no state, and skipping them lets the fast loop start at the value.
        while index < text.count && input[index] == 0x20 { index += 1 }
        // Runs of eight alphabet characters, six bytes each. Eight sextets
        // leave no bits over, so the loop below starts from a clean state
        // wherever this one stops (at a space, a '=', junk or the tail).
        while index + 8 <= text.count {
            var group: UInt64 = 0
            var seen: UInt8 = 0
            for offset in 0..<8 {
                let sextet = table[Int(input[index + offset])]
                seen |= sextet
                group = group << 6 | UInt64(sextet)
            }
            if seen >= 64 { break }
            if let output {
                for offset in 0..<6 { output[count + offset] = UInt8(truncatingIfNeeded: group >> UInt64(40 - 8 * offset)) }
            }
            count += 6
            index += 8
        }
        var accumulator: UInt32 = 0
        var bits: UInt32 = 0
        var padding = 0
        while index < text.count {
            let sextet = table[Int(input[index])]
            index += 1
            if sextet < 64 {
                // Data after padding means a broken value, not a second value.
                if padding > 0 { return nil }
                accumulator = accumulator << 6 | UInt32(sextet)
                bits += 6
                if bits >= 8 {
                    bits -= 8
                    output?[count] = UInt8(truncatingIfNeeded: accumulator >> bits)
                    count += 1
                    accumulator &= (1 << bits) - 1
                }
            } else if sextet == pad {
                padding += 1
            } else if sextet != space {
                return nil
            }
        }
        // 6 leftover bits cannot come from whole bytes; leftover set bits mean a
        // non-canonical tail, which we tolerate as every mainstream decoder does.
        if bits >= 6 || padding > 2 { return nil }
        return count
    }
}
