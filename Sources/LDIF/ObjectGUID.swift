/// AD `objectGUID` values: 16 bytes ↔ `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`.
///
/// MS-DTYP 2.3.4.2: the GUID packet stores Data1 (4 bytes), Data2 and Data3
/// (2 bytes each) little-endian and Data4 (8 bytes) as is, so the string form
/// reverses the first three groups relative to the byte order.
public enum ObjectGUID {

    /// The lowercase string form of a 16-byte GUID; nil for any other length.
    ///
    /// Written straight into the string's storage: every entry's anchor is
    /// one, and building it in an array a byte at a time (then copying it
    /// into a string) took about 1,500 instructions.
    public static func string(from bytes: [UInt8]) -> String? {
        guard bytes.count == 16 else { return nil }
        return bytes.withUnsafeBufferPointer { bytes in
            String(unsafeUninitializedCapacity: textLength) { text in write(bytes, into: text) ?? 0 }
        }
    }

    /// How long the string form is.
    public static let textLength = 36

    /// Writes the string form of `bytes` at the start of `text` (room for
    /// `textLength` bytes) and returns its length; nil, writing nothing,
    /// when `bytes` are not 16.
    ///
    /// A profile's GUID property is written into its list this way, without
    /// an array of the bytes and a string of the text made for each.
    public static func write(_ bytes: UnsafeBufferPointer<UInt8>, into text: UnsafeMutableBufferPointer<UInt8>) -> Int? {
        guard bytes.count == 16, let source = bytes.baseAddress else { return nil }
        precondition(text.count >= textLength, "room for \(textLength) bytes")
        let out = text.baseAddress!
        // Laid out whole, each digit from a table: a loop placing the dashes
        // and picking each byte's place took about 600 instructions, every
        // entry's anchor and every profile's GUID property one. Unrolled on
        // purpose: the same loop over constant words of byte indexes and
        // dash counts still took 2.5 times these statements' instructions
        // (callgrind, 10k first import: 7.3 M against 3.0 M).
        let digits = hexDigits.utf8Start
        @inline(__always) func put(_ index: Int, at position: Int) {
            let byte = source[index]
            out[position] = digits[Int(byte >> 4)]
            out[position + 1] = digits[Int(byte & 0x0F)]
        }
        put(3, at: 0)
        put(2, at: 2)
        put(1, at: 4)
        put(0, at: 6)
        out[8] = UInt8(ascii: "-")
        put(5, at: 9)
        put(4, at: 11)
        out[13] = UInt8(ascii: "-")
        put(7, at: 14)
        put(6, at: 16)
        out[18] = UInt8(ascii: "-")
        put(8, at: 19)
        put(9, at: 21)
        out[23] = UInt8(ascii: "-")
        for index in 10..<16 { put(index, at: 24 + 2 * (index - 10)) }
        return textLength
    }

    private static let hexDigits: StaticString = "0123456789abcdef"

    /// Byte index for each of the 16 printed positions, as a function: a
    /// global array would be retained and released around every read.
    @inline(__always)
    private static func printedOrder(_ position: Int) -> Int {
        position < 4 ? 3 - position : position < 8 ? position ^ 1 : position
    }


    /// The 16 bytes of a GUID string (hex digits in either case, optional braces); nil if malformed.
    public static func bytes(from string: String) -> [UInt8]? {
        var text = Substring(string)
        if text.hasPrefix("{") && text.hasSuffix("}") { text = text.dropFirst().dropLast() }
        let utf8 = Array(text.utf8)
        guard utf8.count == 36, utf8[8] == 0x2D, utf8[13] == 0x2D, utf8[18] == 0x2D, utf8[23] == 0x2D else { return nil }
        var digits: [UInt8] = []
        for (offset, byte) in utf8.enumerated() where ![8, 13, 18, 23].contains(offset) {
            guard let value = hexValue(byte) else { return nil }
            digits.append(value)
        }
        var printed = [UInt8](repeating: 0, count: 16)
        for index in 0..<16 { printed[index] = digits[2 * index] << 4 | digits[2 * index + 1] }
        var result = [UInt8](repeating: 0, count: 16)
        for position in 0..<16 { result[printedOrder(position)] = printed[position] }
        return result
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }
}
