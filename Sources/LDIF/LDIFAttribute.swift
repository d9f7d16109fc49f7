/// An attribute of a content or add record: its description as written and
/// its values in file order.
public struct LDIFAttribute: Hashable, Sendable {
    /// The attribute description as written, options included (`cn;lang-ja`).
    public var name: String
    /// The values in the order the file gave them.
    public var values: [LDIFValue]

    /// Creates an attribute with `name` as written and its values.
    public init(name: String, values: [LDIFValue]) {
        self.name = name
        self.values = values
    }

    /// The attribute type, lowercased, options stripped (`cn` for `CN;lang-ja`):
    /// attribute types compare case-insensitively (RFC 4512 §2.5).
    public var baseName: String {
        AttributeDescription.baseName(of: name)
    }

    /// The options after the type, as written (`["lang-ja"]` for `cn;lang-ja`).
    public var options: [String] {
        AttributeDescription.options(of: name)
    }
}

/// Splitting an attribute description (`type *(";" option)`, RFC 4512 §2.5).
enum AttributeDescription {
    static func baseName(of name: String) -> String {
        if let semicolon = name.firstIndex(of: ";") { return name[..<semicolon].lowercased() }
        return name.lowercased()
    }

    static func options(of name: String) -> [String] {
        let parts = name.split(separator: ";", omittingEmptySubsequences: false)
        return parts.dropFirst().map(String.init)
    }
}
