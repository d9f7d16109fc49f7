/// A directory object as the engine sees it: a DN and its attributes keyed by
/// lowercased base name (options such as `;binary` or `;range=…` stripped).
public struct DirectoryEntry: AttributeSource, Sendable, Hashable {
    public var dn: String
    public var file: String
    public var line: Int
    public private(set) var attributes: [String: [AttributeValue]]

    public init(dn: String, file: String, line: Int, attributes: [String: [AttributeValue]] = [:]) {
        self.dn = dn
        self.file = file
        self.line = line
        self.attributes = [:]
        for (name, values) in attributes { self.attributes[Self.key(name), default: []] += values }
    }

    /// An entry without attributes whose dictionary has room for `capacity`
    /// keys, so that filling it does not rehash it several times.
    public init(dn: String, file: String, line: Int, reservingCapacity capacity: Int) {
        self.dn = dn
        self.file = file
        self.line = line
        self.attributes = Dictionary(minimumCapacity: capacity)
    }

    /// The lookup key of an attribute name: lowercased, options stripped.
    public static func key(_ name: String) -> String {
        // Most names reaching here are keys already (plans and rules store
        // them normalised): hand them back without splitting and lowercasing.
        var isKey = true
        for byte in name.utf8 where byte == UInt8(ascii: ";") || byte >= 0x80 || (byte >= 0x41 && byte <= 0x5A) {
            isKey = false
            break
        }
        if isKey { return name }
        let base = name.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return base.lowercased()
    }

    public var distinguishedName: String? { dn }

    public func values(of attribute: String) -> [AttributeValue] {
        if let values = attributes[attribute] { return values }
        return attributes[Self.key(attribute)] ?? []
    }

    /// Values by an already-normalised key (the hot path: plans precompute keys).
    public func values(forKey key: String) -> [AttributeValue] {
        attributes[key] ?? []
    }

    public func firstText(_ key: String) -> String? {
        values(forKey: key).first?.text
    }

    public mutating func append(_ value: AttributeValue, to name: String) {
        attributes[Self.key(name), default: []].append(value)
    }

    /// Appends values under an already-normalised key (see `key(_:)`).
    public mutating func append(contentsOf values: [AttributeValue], toKey key: String) {
        // One hash for the usual first spelling of an attribute; a second
        // spelling of the same one (`member;range=…` after `member`) merges.
        if let earlier = attributes.updateValue(values, forKey: key) {
            attributes[key] = earlier + values
        }
    }

    public mutating func replace(_ name: String, with values: [AttributeValue]) {
        let key = Self.key(name)
        if values.isEmpty { attributes[key] = nil } else { attributes[key] = values }
    }

    public mutating func remove(_ name: String) {
        attributes[Self.key(name)] = nil
    }

    /// Keeps only the attributes whose keys are in `keys` (the ones the
    /// configuration reads), so snapshots stay small.
    public mutating func retain(keys: Set<String>) {
        attributes = attributes.filter { keys.contains($0.key) }
    }

    /// Attribute keys in a stable order (sorted), for snapshots and digests.
    public var sortedKeys: [String] { attributes.keys.sorted() }
}
