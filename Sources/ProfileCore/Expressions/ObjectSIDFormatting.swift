/// Binary SID → `S-1-5-21-…` (MS-DTYP 2.4.2.2): revision, sub-authority
/// count, a 48-bit big-endian identifier authority, then little-endian 32-bit
/// sub-authorities. Authorities of 2^32 or more print in hex, as Windows does.
enum ObjectSIDFormatting {
    static func string(_ bytes: [UInt8]) -> String? {
        guard bytes.count >= 8 else { return nil }
        let count = Int(bytes[1])
        guard bytes[0] == 1, bytes.count == 8 + 4 * count else { return nil }
        var authority: UInt64 = 0
        for byte in bytes[2..<8] { authority = authority << 8 | UInt64(byte) }
        var text = "S-1-"
        if authority >> 32 == 0 {
            text += String(authority)
        } else {
            let hex = String(authority, radix: 16, uppercase: true)
            text += "0x" + String(repeating: "0", count: max(0, 12 - hex.count)) + hex
        }
        for index in 0..<count {
            let base = 8 + 4 * index
            let value = UInt32(bytes[base]) | UInt32(bytes[base + 1]) << 8
                | UInt32(bytes[base + 2]) << 16 | UInt32(bytes[base + 3]) << 24
            text += "-" + String(value)
        }
        return text
    }
}
