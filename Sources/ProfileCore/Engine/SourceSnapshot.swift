/// Encodes a directory entry's attributes compactly for the store, and back.
///
/// The store keeps each profile's source attributes so that an incremental
/// run can apply `modify` records and recompute properties exactly. Layout:
/// varint DN length + DN, varint attribute count, then per attribute (sorted
/// by key): name, value count, and per value `length << 1 | isBinary` + bytes.
/// `DirectoryEntry` keeps its attributes in this layout already, so encoding
/// copies them and decoding adopts them.
public enum SourceSnapshot {
    public static func encode(_ entry: DirectoryEntry) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(entry.encodedAttributes.bytes.count + entry.dn.utf8.count + 12)
        appendHeader(of: entry, to: &out)
        out.append(contentsOf: entry.encodedAttributes.bytes)
        return out
    }

    /// What comes before the attributes: the DN and the attribute count.
    static func appendHeader(of entry: DirectoryEntry, to out: inout [UInt8]) {
        DirectoryEntry.appendVarint(UInt64(entry.dn.utf8.count), to: &out)
        out.append(contentsOf: entry.dn.utf8)
        DirectoryEntry.appendVarint(UInt64(entry.encodedAttributes.count), to: &out)
    }

    /// Decodes a snapshot; nil when the bytes are not a snapshot (a damaged row).
    public static func decode(_ bytes: [UInt8], file: String = "store", line: Int = 0) -> DirectoryEntry? {
        var cursor = 0
        guard let dnBytes = readBytes(bytes, &cursor), let dn = String(validating: dnBytes, as: UTF8.self),
            let count = readVarint(bytes, &cursor), count <= UInt64(bytes.count)
        else { return nil }
        if let entry = DirectoryEntry(
            dn: dn, file: file, line: line, encodedAttributes: bytes[cursor...], count: Int(count))
        {
            return entry
        }
        return decodeUnordered(bytes, from: cursor, count: count, dn: dn, file: file, line: line)
    }

    /// The general path, for attributes out of key order (never written by
    /// this version, but a store is data from outside): read each value.
    private static func decodeUnordered(
        _ bytes: [UInt8], from start: Int, count: UInt64, dn: String, file: String, line: Int
    ) -> DirectoryEntry? {
        var cursor = start
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
