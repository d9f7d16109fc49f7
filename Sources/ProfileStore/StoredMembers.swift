import ProfileCore

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

    /// The keys packed as they are read, each checked as UTF-8 but not made
    /// into a string (`MemberKeyList`).
    static func decodeList(_ bytes: UnsafeRawBufferPointer) throws -> MemberKeyList {
        var reader = StoredBytesReader(bytes, what: "stored group members")
        let format = try reader.byte()
        guard format == Self.format else { throw reader.damaged("unknown format \(format)") }
        let count = try reader.itemCount()
        var members = MemberKeyList()
        // Each key takes its bytes and at least one of length.
        members.reserveCapacity(count: count, byteCount: bytes.count - count)
        for _ in 0..<count { members.append(utf8: try reader.utf8()) }
        guard reader.isAtEnd else { throw reader.damaged("trailing bytes") }
        return members
    }
}
