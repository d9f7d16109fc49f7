/// An attribute's lookup key (`DirectoryEntry.key(_:)`) with its number in
/// `AttributeKeyTable.shared` and its first eight bytes, worked out once for
/// a key looked up in every entry of an export (`DirectoryEntry.values(for:)`).
///
/// By its string, each lookup took its key's bytes and prefix again and
/// compared bytes wherever two keys began alike: about 430 instructions,
/// nine times an entry (its class, account, anchor, update sequence number,
/// tombstone flag, disabled flag and the scope filter's attributes), 1.5% of
/// a 10k first import's instructions. By number, the entry compares numbers
/// and the keys' eight-byte prefixes.
public struct AttributeKey: Sendable, Hashable {
    /// The normalised key (lowercased, options stripped).
    public let name: String
    let number: UInt32
    let prefix: UInt64

    /// The key of attribute `name` (normalised here), added to the shared table when new.
    public init(_ name: String) {
        let key = DirectoryEntry.key(name)
        self.name = key
        number = AttributeKeyTable.shared.number(of: key)
        prefix = DirectoryEntry.prefix(of: key)
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.number == rhs.number }
    public func hash(into hasher: inout Hasher) { hasher.combine(number) }
}
