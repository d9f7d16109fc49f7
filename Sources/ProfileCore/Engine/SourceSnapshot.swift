/// Encodes a directory entry's attributes compactly for the store, and back.
///
/// The store keeps each profile's source attributes so that an incremental
/// run can apply `modify` records and recompute properties exactly. Layout:
/// varint DN length + DN, varint attribute count, then per attribute (sorted
/// by key): name, value count, and per value `length << 1 | isBinary` + bytes.
public enum SourceSnapshot {
    public static func encode(_ entry: DirectoryEntry) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(512)
        // Strings go in through their UTF-8 views: an Array of each DN and
        // key first was two allocations per attribute of every profile.
        appendText(entry.dn, to: &out)
        let keys = entry.sortedKeys
        appendVarint(UInt64(keys.count), to: &out)
        for key in keys {
            appendText(key, to: &out)
            let values = entry.values(forKey: key)
            appendVarint(UInt64(values.count), to: &out)
            for value in values {
                switch value {
                case .text(let text):
                    appendVarint(UInt64(text.utf8.count) << 1, to: &out)
                    out.append(contentsOf: text.utf8)
                case .binary(let bytes):
                    appendVarint(UInt64(bytes.count) << 1 | 1, to: &out)
                    out.append(contentsOf: bytes)
                }
            }
        }
        return out
    }

    /// Decodes a snapshot; nil when the bytes are not a snapshot (a damaged row).
    public static func decode(_ bytes: [UInt8], file: String = "store", line: Int = 0) -> DirectoryEntry? {
        var cursor = 0
        guard let dnBytes = readBytes(bytes, &cursor), let dn = String(validating: dnBytes, as: UTF8.self),
            let count = readVarint(bytes, &cursor)
        else { return nil }
        var attributes: [String: [AttributeValue]] = [:]
        for _ in 0..<count {
            guard let nameBytes = readBytes(bytes, &cursor), let name = String(validating: nameBytes, as: UTF8.self),
                let valueCount = readVarint(bytes, &cursor)
            else { return nil }
            var values: [AttributeValue] = []
            values.reserveCapacity(Int(min(valueCount, 4096)))
            for _ in 0..<valueCount {
                guard let header = readVarint(bytes, &cursor) else { return nil }
                let length = Int(header >> 1)
                guard length <= bytes.count - cursor else { return nil }
                let slice = bytes[cursor..<cursor + length]
                cursor += length
                if header & 1 == 1 {
                    values.append(.binary(Array(slice)))
                } else {
                    guard let text = String(validating: slice, as: UTF8.self) else { return nil }
                    values.append(.text(text))
                }
            }
            attributes[name] = values
        }
        return DirectoryEntry(dn: dn, file: file, line: line, attributes: attributes)
    }

    private static func appendVarint(_ value: UInt64, to out: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            out.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        out.append(UInt8(value))
    }

    private static func appendText(_ text: String, to out: inout [UInt8]) {
        appendVarint(UInt64(text.utf8.count), to: &out)
        out.append(contentsOf: text.utf8)
    }

    private static func readVarint(_ bytes: [UInt8], _ cursor: inout Int) -> UInt64? {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while cursor < bytes.count, shift < 64 {
            let byte = bytes[cursor]
            cursor += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
        return nil
    }

    private static func readBytes(_ bytes: [UInt8], _ cursor: inout Int) -> ArraySlice<UInt8>? {
        guard let length = readVarint(bytes, &cursor), length <= UInt64(bytes.count - cursor) else { return nil }
        let slice = bytes[cursor..<cursor + Int(length)]
        cursor += Int(length)
        return slice
    }
}
