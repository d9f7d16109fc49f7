import LDIF
import Diagnostics
import Foundation
import Yams

/// Reads the `properties:` mapping: every form a property may take, the
/// references it makes, and the type checks decidable without BDC models.
struct PropertyMappingReader {
    let reader: ConfigurationReader
    /// Directory connection names, in file order (unqualified attributes need exactly one).
    let directoryNames: [String]
    let businessNames: [String]
    /// Connections that were named but could not be read (unknown type): the
    /// error is already reported, so references to them raise no second one.
    let unreadableNames: Set<String>

    static let mapKeys = ["from", "expression", "type", "multiValue", "separator"]

    private var allNames: [String] { directoryNames + businessNames + unreadableNames.sorted() }

    /// Reads every property in file order; a property with errors is left out.
    func read(_ node: Node) -> [PropertyMapping] {
        guard case .mapping(let mapping) = node else {
            if !reader.isNull(node) {
                reader.error("'properties' must be a mapping of property names to sources, not \(reader.describe(node))", at: node)
            }
            return []
        }
        var properties: [PropertyMapping] = []
        var seen: [String: String] = [:]  // lower-cased name → spelling
        for (keyNode, value) in mapping {
            guard case .scalar(let scalar) = keyNode, !reader.isNull(keyNode) else {
                reader.error("property names must be plain names, not \(reader.describe(keyNode))", at: keyNode)
                continue
            }
            let name = scalar.string
            guard PropertyMappingReader.isValidName(name) else {
                reader.error(
                    "'\(name)' is not a valid property name (letters, digits, '-' and '_', starting with a letter)",
                    at: keyNode)
                continue
            }
            if let earlier = seen[name.lowercased()] {
                reader.error(
                    "property '\(name)' is the same as property '\(earlier)' (names are compared without case)",
                    at: keyNode)
                continue
            }
            seen[name.lowercased()] = name
            reader.record("properties.\(name)", at: keyNode)
            if let standard = DefaultProperties.named(name), standard.name != name {
                reader.error(
                    "property '\(name)' differs from the default property '\(standard.name)' only in case; write '\(standard.name)'",
                    at: keyNode)
                continue
            }
            if let property = readProperty(name, keyNode: keyNode, value: value) {
                properties.append(property)
            }
        }
        return properties
    }

    static func isValidName(_ name: String) -> Bool {
        guard let first = name.first, first.isASCII, first.isLetter else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }

    // MARK: One property

    private func readProperty(_ name: String, keyNode: Node, value: Node) -> PropertyMapping? {
        let context = "in property '\(name)'"
        let location = reader.location(of: keyNode)
        var source: MappingSource?
        var declaredType: PropertyType?
        var multiValue: Bool?
        var separator: String?
        var valid = true

        switch value {
        case .scalar where reader.isNull(value):
            reader.error("property '\(name)' has no source; write conn.attribute, a ranked list, or a mapping with 'from' or 'expression'", at: keyNode)
            return nil
        case .scalar(let scalar):
            source = reference(scalar.string, at: value, property: name).map { .attributes([$0]) }
        case .sequence:
            source = rankedReferences(value, property: name)
        case .mapping:
            guard
                let map = reader.mapping(
                    value, what: "property '\(name)'", context: context, path: "properties.\(name)",
                    allowedKeys: Self.mapKeys)
            else { return nil }
            let from = map["from"]
            let expression = map["expression"]
            if from != nil, let expression {
                reader.error("'expression' and 'from' \(context) exclude each other; use one", at: expression.keyNode)
                valid = false
            } else if let from {
                if case .sequence = from.value {
                    source = rankedReferences(from.value, property: name)
                } else if let text = reader.string(from, in: map) {
                    source = reference(text, at: from.value, property: name).map { .attributes([$0]) }
                }
            } else if let expression {
                if let text = reader.string(expression, in: map) {
                    source = checkedExpression(text, at: expression.value, property: name)
                }
            } else {
                reader.error("property '\(name)' needs 'from' or 'expression'", at: map.node)
                valid = false
            }
            if let entry = map["type"], let text = reader.string(entry, in: map) {
                if let type = PropertyType(rawValue: text.lowercased()) {
                    declaredType = type
                } else {
                    let allowed = PropertyType.allCases.map(\.rawValue)
                    reader.error(
                        "unknown type '\(text)' \(context); expected one of \(allowed.joined(separator: ", "))"
                            + Suggestion.didYouMean(text, among: allowed),
                        at: entry.value)
                    valid = false
                }
            }
            if let entry = map["multiValue"] {
                multiValue = reader.bool(entry, in: map)
                valid = valid && multiValue != nil
            }
            if let entry = map["separator"], let text = reader.string(entry, in: map) {
                if text.isEmpty {
                    reader.error("'separator' \(context) is empty", at: entry.value)
                    valid = false
                } else {
                    separator = text
                }
            }
        case .alias:
            reader.error("property '\(name)' must be conn.attribute, a list or a mapping, not an alias", at: value)
            return nil
        }
        guard valid, let source else { return nil }

        guard let type = resolveType(declared: declaredType, multiValue: multiValue, property: name, at: value)
        else { return nil }
        let mapping = PropertyMapping(
            name: name, source: source, type: type, multiValue: type.isMultiValued, separator: separator,
            isDefault: false, location: location)
        return checkTypeFits(mapping, at: value) ? mapping : nil
    }

    /// The property's type: as declared; else `multistring` for `multiValue:
    /// true`; else the default property's type for a default property's name
    /// (mapping `Manager` elsewhere keeps it a person); else `string`.
    private func resolveType(
        declared: PropertyType?, multiValue: Bool?, property name: String, at node: Node
    ) -> PropertyType? {
        let standard = DefaultProperties.named(name)?.type
        switch multiValue {
        case true?:
            if let declared, declared != .multistring {
                reader.error(
                    "property '\(name)' has multiValue: true but type \(declared.rawValue); only multistring holds several values",
                    at: node)
                return nil
            }
            return .multistring
        case false?:
            if declared == .multistring {
                reader.error("property '\(name)' has type multistring but multiValue: false", at: node)
                return nil
            }
            return declared ?? (standard == .multistring ? PropertyType.string : standard) ?? .string
        case nil:
            return declared ?? standard ?? .string
        }
    }

    /// The type checks decidable from the configuration alone (DESIGN §3: "a
    /// mapping whose source cannot feed the property's type is an error").
    private func checkTypeFits(_ mapping: PropertyMapping, at node: Node) -> Bool {
        let name = mapping.name
        if mapping.separator != nil, !mapping.multiValue {
            reader.error(
                "'separator' in property '\(name)' splits values into several, so the property must be multi-valued (multiValue: true or type multistring)",
                at: node)
            return false
        }
        switch (mapping.type, mapping.source) {
        case (.person, .expression):
            reader.error(
                "property '\(name)' has type person, which needs a directory attribute holding a DN (such as manager), not an expression",
                at: node)
            return false
        case (.person, .attributes(let references)):
            // A person value is a DN resolved to that entry's profile: only a directory can hold one.
            if let business = references.first(where: { businessNames.contains($0.connection) }) {
                reader.error(
                    "property '\(name)' has type person, which needs a directory attribute holding a DN (such as manager); '\(business)' is business data",
                    at: node)
                return false
            }
        case (.binary, .expression):
            reader.error("property '\(name)' has type binary, which only attributes can feed, not an expression", at: node)
            return false
        default:
            break
        }
        return true
    }

    // MARK: References

    private func rankedReferences(_ node: Node, property: String) -> MappingSource? {
        guard case .sequence(let items) = node else { return nil }
        guard !items.isEmpty else {
            reader.error("property '\(property)' has an empty list of sources", at: node)
            return nil
        }
        var references: [SourceReference] = []
        var valid = true
        for item in items {
            guard case .scalar(let scalar) = item, !reader.isNull(item) else {
                reader.error("sources of property '\(property)' must be conn.attribute strings, not \(reader.describe(item))", at: item)
                valid = false
                continue
            }
            if let reference = reference(scalar.string, at: item, property: property) {
                references.append(reference)
            } else {
                valid = false
            }
        }
        return valid ? .attributes(references) : nil
    }

    /// Resolves `conn.attr` (or `attr`, with a single directory connection).
    private func reference(_ text: String, at node: Node, property: String) -> SourceReference? {
        let written = text.trimmingCharacters(in: .whitespaces)
        let resolved: SourceReference
        switch split(written) {
        case .qualified(let connection, let attribute):
            resolved = SourceReference(connection: connection, attribute: attribute)
        case .unknownConnection(let connection):
            reader.error(
                "property '\(property)' refers to unknown connection '\(connection)' in '\(written)'"
                    + Suggestion.didYouMean(connection, among: allNames),
                at: node)
            return nil
        case .unqualified(let attribute):
            guard directoryNames.count == 1 else {
                reader.error(unqualifiedProblem(attribute, property: property), at: node)
                return nil
            }
            resolved = SourceReference(connection: directoryNames[0], attribute: attribute, connectionImplied: true)
        }
        guard !resolved.attribute.isEmpty, AttributeName.isValid(resolved.attribute) else {
            reader.error("'\(written)' in property '\(property)' does not name an attribute (write conn.attribute)", at: node)
            return nil
        }
        if SecretAttributes.isSecret(resolved.attribute) {
            reader.error(
                "property '\(property)' maps the secret attribute '\(resolved.attribute)'; secrets are never read or stored",
                at: node)
            return nil
        }
        return resolved
    }

    private func unqualifiedProblem(_ attribute: String, property: String) -> String {
        if directoryNames.isEmpty {
            return "'\(attribute)' in property '\(property)' names no connection and there is no directory connection; write conn.attribute"
        }
        return "'\(attribute)' in property '\(property)' names no connection, and there are \(directoryNames.count) directory connections (\(directoryNames.joined(separator: ", "))); write e.g. '\(directoryNames[0]).\(attribute)'"
    }

    private enum Split {
        case qualified(connection: String, attribute: String)
        case unknownConnection(String)
        case unqualified(String)
    }

    /// `conn.attr` when `conn` is a connection name; a prefix shaped like a
    /// connection name that names none is a mistake; anything else (no dot, a
    /// numeric OID) is an unqualified attribute.
    private func split(_ text: String) -> Split {
        guard let dot = text.firstIndex(of: ".") else { return .unqualified(text) }
        let prefix = String(text[..<dot])
        let rest = String(text[text.index(after: dot)...])
        if allNames.contains(prefix) { return .qualified(connection: prefix, attribute: rest) }
        if ConfigurationLoader.isValidConnectionName(prefix) { return .unknownConnection(prefix) }
        return .unqualified(text)
    }

    /// Checks the references inside an expression (secrets, unknown
    /// connections); its syntax is the expression parser's business.
    private func checkedExpression(_ text: String, at node: Node, property: String) -> MappingSource? {
        if text.trimmingCharacters(in: .whitespaces).isEmpty {
            reader.error("'expression' in property '\(property)' is empty", at: node)
            return nil
        }
        var valid = true
        for written in ExpressionReferences.scan(text) {
            let attribute: String
            switch split(written) {
            case .qualified(_, let name): attribute = name
            case .unqualified(let name): attribute = name
            case .unknownConnection(let connection):
                reader.error(
                    "expression in property '\(property)' refers to unknown connection '\(connection)' in '[\(written)]'"
                        + Suggestion.didYouMean(connection, among: allNames),
                    at: node)
                valid = false
                continue
            }
            if SecretAttributes.isSecret(attribute) {
                reader.error(
                    "expression in property '\(property)' reads the secret attribute '\(attribute)'; secrets are never read or stored",
                    at: node)
                valid = false
            }
        }
        return valid ? .expression(text, location: reader.location(of: node)) : nil
    }
}
