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
        guard bytes.count == 16 else { return nil }
        precondition(text.count >= textLength, "room for \(textLength) bytes")
        var written = 0
        for position in 0..<16 {
            if position == 4 || position == 6 || position == 8 || position == 10 {
                text[written] = UInt8(ascii: "-")
                written += 1
            }
            let byte = bytes[printedOrder(position)]
            text[written] = hexDigit(byte >> 4)
            text[written + 1] = hexDigit(byte & 0x0F)
            written += 2
        }
        return written
    }

    /// Byte index for each of the 16 printed positions, as a function: a
    /// global array would be retained and released around every read.
    @inline(__always)
    private static func printedOrder(_ position: Int) -> Int {
        position < 4 ? 3 - position : position < 8 ? position ^ 1 : position
    }

    @inline(__always)
    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? 0x30 + nibble : 0x61 - 10 + nibble
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
