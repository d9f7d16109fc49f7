import UTF8Validation

/// How a stored snapshot names its attributes, read by `DirectoryEntry`'s
/// decoder: spelled out (`SourceSnapshot`'s own bytes) or by a number into
/// a table of names (`NumberedSnapshot`, the store's interned form). The
/// values after each name are laid out alike in both.
protocol SnapshotAttributeNames {
    /// The name at `cursor` of the entry's `position`th attribute, moving
    /// past it: its key's number (`AttributeKeyTable`) and the key; nil when
    /// the bytes there are not a name this form can read.
    mutating func next(
        in buffer: UnsafeBufferPointer<UInt8>, at cursor: inout Int, position: Int
    ) -> (number: UInt32, key: AttributeKeyTable.Key)?

    /// Reads a value count or a value's header.
    static func readVarint(_ bytes: UnsafeBufferPointer<UInt8>, _ cursor: inout Int) -> UInt64?
}

/// Names spelled out: a length and the key's UTF-8, numbered through the
/// caller's cache. Pointed to, not held: a copy of the cache shared its
/// tables with the caller's, so numbering a key in it copied them.
struct SpelledNames: SnapshotAttributeNames {
    let keys: UnsafeMutablePointer<AttributeKeyCache>

    mutating func next(
        in buffer: UnsafeBufferPointer<UInt8>, at cursor: inout Int, position: Int
    ) -> (number: UInt32, key: AttributeKeyTable.Key)? {
        guard let keyLength = DirectoryEntry.readVarint(buffer, &cursor), keyLength <= UInt64(buffer.count - cursor) else {
            return nil
        }
        let key = UnsafeBufferPointer(rebasing: buffer[cursor..<cursor + Int(keyLength)])
        guard UTF8Validation.isValid(key) else { return nil }
        cursor += Int(keyLength)
        return (
            keys.pointee.number(of: key, at: position), AttributeKeyTable.Key(bytes: key, prefix: DirectoryEntry.prefix(of: key))
        )
    }

    static func readVarint(_ bytes: UnsafeBufferPointer<UInt8>, _ cursor: inout Int) -> UInt64? {
        DirectoryEntry.readVarint(bytes, &cursor)
    }
}

/// Names by number into a table of names (the store's catalogue), each
/// number looked up once per decoding thread: the spelled-out bytes were
/// made from the stored ones only to be read back, hashing every name of
/// every entry again.
///
/// Every varint must be in its shortest form: decoding the spelled form
/// copies values as the store wrote them but writes counts and headers
/// again, shortest, and this decoder must give the same entry.
public struct NumberedNames: SnapshotAttributeNames {
    private let names: [String]
    private var keys = AttributeKeyCache()
    /// Per name, its key's number plus one; 0 until first met.
    private var numbers: [UInt32]

    /// Names numbered from 1, as the store's catalogue numbers its texts:
    /// `names[n - 1]` is number `n`'s.
    public init(_ names: [String]) {
        self.names = names
        numbers = Array(repeating: 0, count: names.count)
    }

    mutating func next(
        in buffer: UnsafeBufferPointer<UInt8>, at cursor: inout Int, position: Int
    ) -> (number: UInt32, key: AttributeKeyTable.Key)? {
        guard let name = Self.readVarint(buffer, &cursor), name >= 1, name <= UInt64(names.count) else { return nil }
        let index = Int(name) - 1
        var number = numbers[index]
        if number == 0 {
            number = DirectoryEntry.withUTF8(names[index]) { keys.number(of: $0) } + 1
            numbers[index] = number
        }
        return (number - 1, keys.key(number - 1))
    }

    static func readVarint(_ bytes: UnsafeBufferPointer<UInt8>, _ cursor: inout Int) -> UInt64? {
        // One byte below 0x80, nearly every count, header and name: whole and shortest.
        if cursor < bytes.count, bytes[cursor] < 0x80 {
            cursor += 1
            return UInt64(bytes[cursor - 1])
        }
        let start = cursor
        guard let value = DirectoryEntry.readVarint(bytes, &cursor),
            cursor - start == DirectoryEntry.varintCount(value)
        else { return nil }
        return value
    }
}
