import UTF8Validation

/// Encodes a directory entry's attributes compactly for the store, and back.
///
/// The store keeps each profile's source attributes so that an incremental
/// run can apply `modify` records and recompute properties exactly. Layout:
/// varint DN length + DN, varint attribute count, then per attribute (sorted
/// by key): name, value count, and per value `length << 1 | isBinary` + bytes.
/// `DirectoryEntry` keeps its attributes in this layout but for the names,
/// which it keeps as numbers (`AttributeKeyTable`): encoding spells them out,
/// decoding numbers them.
public enum SourceSnapshot {
    public static func encode(_ entry: DirectoryEntry) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(entry.encodedAttributesCapacity + entry.dn.utf8.count + 20)  // two varints of up to ten bytes
        appendHeader(of: entry, to: &out)
        entry.appendEncodedAttributes(to: &out)
        return out
    }

    /// What comes before the attributes: the DN and the attribute count.
    static func appendHeader(of entry: DirectoryEntry, to out: inout [UInt8]) {
        DirectoryEntry.appendVarint(UInt64(entry.dn.utf8.count), to: &out)
        out.append(contentsOf: entry.dn.utf8)
        DirectoryEntry.appendVarint(UInt64(entry.attributeCount), to: &out)
    }

    /// Decodes a snapshot; nil when the bytes are not a snapshot (a damaged row).
    public static func decode(_ bytes: [UInt8], file: String = "store", line: Int = 0) -> DirectoryEntry? {
        var keys = AttributeKeyCache()
        return decode(bytes, file: file, line: line, keys: &keys)
    }

    /// `decode(_:file:line:)` numbering the attributes' names through `keys`,
    /// which a thread decoding many snapshots keeps from one to the next.
    static func decode(_ bytes: [UInt8], file: String, line: Int, keys: inout AttributeKeyCache) -> DirectoryEntry? {
        let header = bytes.withUnsafeBufferPointer { buffer -> (dn: String, count: UInt64, cursor: Int)? in
            var cursor = 0
            guard let dnBytes = readBytes(buffer, &cursor), UTF8Validation.isValid(dnBytes),
                let count = DirectoryEntry.readVarint(buffer, &cursor), count <= UInt64(buffer.count)
            else { return nil }
            return (String(decoding: dnBytes, as: UTF8.self), count, cursor)
        }
        guard let (dn, count, cursor) = header else { return nil }
        if let entry = DirectoryEntry(
            dn: dn, file: file, line: line, encodedAttributes: bytes[cursor...], count: Int(count), keys: &keys)
        {
            return entry
        }
        return bytes.withUnsafeBufferPointer { buffer in
            decodeUnordered(buffer, from: cursor, count: count, dn: dn, file: file, line: line)
        }
    }

    /// The general path, for attributes out of key order (never written by
    /// this version, but a store is data from outside): read each value.
    private static func decodeUnordered(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, count: UInt64, dn: String, file: String, line: Int
    ) -> DirectoryEntry? {
        var cursor = start
        var attributes: [String: [AttributeValue]] = [:]
        for _ in 0..<count {
            guard let nameBytes = readBytes(bytes, &cursor), UTF8Validation.isValid(nameBytes),
                let valueCount = DirectoryEntry.readVarint(bytes, &cursor)
            else { return nil }
            var values: [AttributeValue] = []
            values.reserveCapacity(Int(min(valueCount, 4096)))
            for _ in 0..<valueCount {
                guard let header = DirectoryEntry.readVarint(bytes, &cursor), header >> 1 <= UInt64(bytes.count - cursor)
                else { return nil }
                let value = UnsafeBufferPointer(rebasing: bytes[cursor..<cursor + Int(header >> 1)])
                cursor += value.count
                if header & 1 == 1 {
                    values.append(.binary(Array(value)))
                } else {
                    guard UTF8Validation.isValid(value) else { return nil }
                    values.append(.text(String(decoding: value, as: UTF8.self)))
                }
            }
            attributes[String(decoding: nameBytes, as: UTF8.self)] = values
        }
        return DirectoryEntry(dn: dn, file: file, line: line, attributes: attributes)
    }

    private static func readBytes(_ bytes: UnsafeBufferPointer<UInt8>, _ cursor: inout Int) -> UnsafeBufferPointer<UInt8>? {
        guard let length = DirectoryEntry.readVarint(bytes, &cursor), length <= UInt64(bytes.count - cursor) else {
            return nil
        }
        let slice = UnsafeBufferPointer(rebasing: bytes[cursor..<cursor + Int(length)])
        cursor += Int(length)
        return slice
    }
}
