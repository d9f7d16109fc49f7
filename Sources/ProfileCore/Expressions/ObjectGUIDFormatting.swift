/// objectGUID bytes → `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`. The first three
/// groups are little-endian integers on the wire (MS-DTYP 2.3.4.2), so their
/// bytes print reversed; the last eight print in order.
enum ObjectGUIDFormatting {
    static func string(_ bytes: [UInt8]) -> String? {
        guard bytes.count == 16 else { return nil }
        let order = [3, 2, 1, 0, -1, 5, 4, -1, 7, 6, -1, 8, 9, -1, 10, 11, 12, 13, 14, 15]
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for index in order {
            if index < 0 {
                text.append(UInt8(ascii: "-"))
            } else {
                text.append(hexDigits[Int(bytes[index] >> 4)])
                text.append(hexDigits[Int(bytes[index] & 0x0F)])
            }
        }
        return String(decoding: text, as: UTF8.self)
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}
