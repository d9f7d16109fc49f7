import ProfileCore

/// A directory entry for scope tests: a DN and attributes looked up
/// case-insensitively, as `AttributeSource` promises.
struct ScopeTestEntry: AttributeSource {
    var distinguishedName: String?
    private var attributes: [String: [AttributeValue]] = [:]

    init(dn: String? = nil, _ text: [String: [String]] = [:], binary: [String: [[UInt8]]] = [:]) {
        distinguishedName = dn
        for (name, values) in text { attributes[name.lowercased(), default: []] += values.map(AttributeValue.text) }
        for (name, values) in binary {
            attributes[name.lowercased(), default: []] += values.map(AttributeValue.binary)
        }
    }

    func values(of attribute: String) -> [AttributeValue] {
        attributes[attribute.lowercased()] ?? []
    }
}
