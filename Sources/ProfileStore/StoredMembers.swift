/// A group's member keys as the `groups.members` BLOB keeps them:
/// format byte (1), count, then each key as length-prefixed UTF-8, in order.
///
/// A 100,000-user directory has groups of tens of thousands of members; as a
/// JSON array each key also paid for its quotes and comma.
enum StoredMembers {
    static let format: UInt8 = 1

    static func encode(_ members: [String], into writer: inout StoredBytesWriter) {
        writer.byte(format)
        writer.strings(members)
    }

    static func decode(_ bytes: UnsafeRawBufferPointer) throws -> [String] {
        var reader = StoredBytesReader(bytes, what: "stored group members")
        let format = try reader.byte()
        guard format == Self.format else { throw reader.damaged("unknown format \(format)") }
        let members = try reader.strings()
        guard reader.isAtEnd else { throw reader.damaged("trailing bytes") }
        return members
    }
}
