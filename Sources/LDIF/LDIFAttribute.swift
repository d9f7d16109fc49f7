/// An attribute of a content or add record: its description as written and
/// its values in file order.
public struct LDIFAttribute: Hashable, Sendable {
    /// The attribute description as written, options included (`cn;lang-ja`).
    public var name: String {
        didSet { knownBaseName = nil }
    }
    /// The values in the order the file gave them.
    public var values: [LDIFValue]
    // The reader fills this from its name table, where each spelling is
    // lowercased once per file: the sync engine asks every attribute of every
    // record for its base name, and lowercasing there was a third of its read time.
    private var knownBaseName: String?

    /// Creates an attribute with `name` as written and its values.
    public init(name: String, values: [LDIFValue]) {
        self.name = name
        self.values = values
        knownBaseName = nil
    }

    init(name: String, baseName: String, values: [LDIFValue]) {
        self.name = name
        self.values = values
        knownBaseName = baseName
    }

    /// The attribute type, lowercased, options stripped (`cn` for `CN;lang-ja`):
    /// attribute types compare case-insensitively (RFC 4512 §2.5).
    public var baseName: String {
        knownBaseName ?? AttributeDescription.baseName(of: name)
    }

    /// The options after the type, as written (`["lang-ja"]` for `cn;lang-ja`).
    public var options: [String] {
        AttributeDescription.options(of: name)
    }

    // Name and values only: the cached base name follows from the name.
    public static func == (lhs: LDIFAttribute, rhs: LDIFAttribute) -> Bool {
        lhs.name == rhs.name && lhs.values == rhs.values
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(values)
    }
}

/// Splitting an attribute description (`type *(";" option)`, RFC 4512 §2.5).
enum AttributeDescription {
    static func baseName(of name: String) -> String {
        var name = name
        // Descriptions are ASCII in practice; bytes spare the Character walk
        // and, for a lowercase name without options, a new String.
        var isBaseName = false
        let lowered: String? = name.withUTF8 { bytes in
            var end = bytes.count
            var hasUpper = false
            for offset in 0..<bytes.count {
                let byte = bytes[offset]
                if byte >= 0x80 { return nil }
                if byte == UInt8(ascii: ";") {
                    end = offset
                    break
                }
                if byte &- UInt8(ascii: "A") < 26 { hasUpper = true }
            }
            if end == bytes.count && !hasUpper {
                isBaseName = true
                return nil
            }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[..<end]), as: UTF8.self).lowercased()
        }
        if isBaseName { return name }
        if let lowered { return lowered }
        if let semicolon = name.firstIndex(of: ";") { return name[..<semicolon].lowercased() }
        return name.lowercased()
    }

    static func options(of name: String) -> [String] {
        let parts = name.split(separator: ";", omittingEmptySubsequences: false)
        return parts.dropFirst().map(String.init)
    }

    /// The description without its `range=` options (`member;range=0-1499`
    /// is `member`): the attribute that ldifde's ranged pieces make up.
    static func removingRangeOptions(_ name: String) -> String {
        guard hasRangeOption(name) else { return name }
        let parts = name.split(separator: ";", omittingEmptySubsequences: false)
        return parts.filter { !$0.lowercased().hasPrefix("range=") }.joined(separator: ";")
    }

    /// Whether the description carries a `range=` option (`member;range=0-1499`),
    /// compared ASCII case-insensitively, without building Strings.
    static func hasRangeOption(_ name: String) -> Bool {
        var name = name
        return name.withUTF8 { bytes in
            let pattern: StaticString = ";range="
            let length = pattern.utf8CodeUnitCount
            var index = 0
            while index + length <= bytes.count {
                if bytes[index] == UInt8(ascii: ";") {
                    var matched = true
                    for offset in 1..<length where bytes[index + offset] | 0x20 != pattern.utf8Start[offset] {
                        matched = false
                        break
                    }
                    if matched { return true }
                }
                index += 1
            }
            return false
        }
    }
}
