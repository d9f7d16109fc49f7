/// One XML element copied out of libxml2: local name, namespace, unprefixed
/// attributes, child elements, its own text and the line it starts on.
///
/// The BDC reader works on this plain value tree rather than on libxml2
/// pointers, so every libxml2 string is copied exactly once and the C tree can
/// be freed before any interpretation (and any error) happens.
struct XMLElementNode: Sendable {
    var name: String
    var namespace: String?
    /// Attributes without a namespace prefix, by name (BDC attributes never have one).
    var attributes: [String: String]
    var children: [XMLElementNode]
    /// The element's direct text and CDATA content, concatenated.
    var text: String
    var line: Int

    func attribute(_ name: String) -> String? { attributes[name] }

    /// Whether `attribute` is `true` (any case, surrounding blanks ignored), as xsd:boolean allows `1` too.
    func flag(_ name: String) -> Bool {
        guard let value = attributes[name]?.trimmingBlanks.lowercased() else { return false }
        return value == "true" || value == "1"
    }

    /// Child elements called `name` in `namespace`, in document order.
    func children(_ name: String, in namespace: String) -> [XMLElementNode] {
        children.filter { $0.name == name && $0.namespace == namespace }
    }

    func child(_ name: String, in namespace: String) -> XMLElementNode? {
        children.first { $0.name == name && $0.namespace == namespace }
    }
}

extension String {
    /// Without leading and trailing spaces, tabs and line ends (no Foundation needed).
    var trimmingBlanks: String {
        // Every blank character starts and ends with one of these bytes, so a
        // string whose first and last bytes are none of them is its own trim:
        // most cells of a 100,000-row extract, each typed through here.
        func isBlank(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
        }
        if let first = utf8.first, let last = utf8.last, !isBlank(first), !isBlank(last) { return self }
        let blanks = Self.blankCharacters
        guard let first = firstIndex(where: { !blanks.contains($0) }),
            let last = lastIndex(where: { !blanks.contains($0) })
        else { return "" }
        return String(self[first...last])
    }

    private static let blankCharacters: Set<Character> = [" ", "\t", "\n", "\r", "\r\n"]
}
