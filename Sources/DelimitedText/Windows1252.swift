/// Windows-1252 ("ANSI" in Excel's Save As) to UTF-8.
///
/// Bytes 0x80–0x9F hold typographic characters (€ ‘ ’ “ ” – —) that Latin-1
/// would read as control codes; the five unassigned ones map to the C1
/// control of the same value, as the WHATWG Encoding Standard does, so no byte
/// is ever lost.
enum Windows1252 {
    static let high: [UInt16] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    /// Appends the UTF-8 form of `input` to `output`.
    static func decode(_ input: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        output.reserveCapacity(output.count + input.count + input.count / 8)
        for byte in input {
            if byte < 0x80 {
                output.append(byte)
                continue
            }
            let scalar = byte < 0xA0 ? UInt32(high[Int(byte - 0x80)]) : UInt32(byte)
            UTF8Appending.append(scalar, to: &output)
        }
    }
}
