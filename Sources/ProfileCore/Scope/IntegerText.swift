/// Integer parsing of attribute values without allocating, for filters and
/// exclusion rules that compare numbers (`userAccountControl`, `uSNChanged`).
enum IntegerText {
    /// The decimal integer in `text` (optional sign, surrounding spaces allowed),
    /// or nil when it is not one or does not fit in 64 bits.
    static func decimal(_ text: some StringProtocol) -> Int64? {
        if let result = text.utf8.withContiguousStorageIfAvailable({ decimal(bytes: $0) }) {
            return result
        }
        return decimal(bytes: Array(text.utf8))
    }

    static func decimal(bytes: some Collection<UInt8>) -> Int64? {
        var index = bytes.startIndex
        while index != bytes.endIndex, bytes[index] == 0x20 { bytes.formIndex(after: &index) }
        var negative = false
        if index != bytes.endIndex, bytes[index] == 0x2D || bytes[index] == 0x2B {
            negative = bytes[index] == 0x2D
            bytes.formIndex(after: &index)
        }
        // Accumulate as a negative number so Int64.min parses too.
        var value: Int64 = 0
        var digits = 0
        while index != bytes.endIndex, bytes[index] &- 0x30 < 10 {
            let digit = Int64(bytes[index] &- 0x30)
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = shifted.subtractingReportingOverflow(digit)
            if overflow1 || overflow2 { return nil }
            value = next
            digits += 1
            bytes.formIndex(after: &index)
        }
        while index != bytes.endIndex, bytes[index] == 0x20 { bytes.formIndex(after: &index) }
        guard digits > 0, index == bytes.endIndex else { return nil }
        if negative { return value }
        let (positive, overflow) = Int64(0).subtractingReportingOverflow(value)
        return overflow ? nil : positive
    }

    /// Like `decimal`, but also accepts `0x`-prefixed hexadecimal up to 64 bits
    /// (read as a bit pattern, so `0xFFFFFFFFFFFFFFFF` is -1).
    static func decimalOrHex(_ text: some StringProtocol) -> Int64? {
        let trimmed = text.utf8.drop { $0 == 0x20 }.reversed().drop { $0 == 0x20 }.reversed()
        let bytes = Array(trimmed)
        if bytes.count > 2, bytes[0] == 0x30, bytes[1] | 0x20 == 0x78 {
            let digits = bytes.dropFirst(2)
            guard digits.count <= 16 else { return nil }
            var value: UInt64 = 0
            for byte in digits {
                guard let nibble = hexValue(byte) else { return nil }
                value = value << 4 | UInt64(nibble)
            }
            return Int64(bitPattern: value)
        }
        return decimal(bytes: bytes)
    }

    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }
}
