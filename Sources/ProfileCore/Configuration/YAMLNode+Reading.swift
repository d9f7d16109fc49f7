import Diagnostics
import Yams

/// One YAML mapping whose keys were checked against the keys it may have,
/// with the words errors use to name it.
struct YAMLMapping {
    /// One `key: value` pair, with the key's node for locating errors about it.
    struct Entry {
        let key: String
        let keyNode: Node
        let value: Node
    }

    /// The mapping node itself (its mark is where "missing key" errors point).
    let node: Node
    /// The known keys, in document order; unknown ones were reported and left out.
    let entries: [Entry]
    /// How messages name the mapping, with its preposition: "in connection 'contoso'".
    let context: String
    /// The dotted key path of the mapping ("connections.contoso"), "" at the top.
    let path: String

    subscript(key: String) -> Entry? { entries.first { $0.key == key } }

    /// The key path of `key` inside this mapping.
    func path(of key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
}

/// Reads a composed YAML tree with typed accessors that report, rather than
/// throw, every problem at its line and column, so that one load lists every
/// mistake in the file at once.
///
/// A class because every part of the loader appends to the same diagnostics;
/// it lives for one load on one thread and is never shared.
final class ConfigurationReader {
    /// The configuration file as the user named it (what locations print).
    let file: String
    private(set) var diagnostics: [Diagnostic] = []
    /// Where each key was written, by dotted path ("connections.contoso.filter").
    private(set) var keyLocations: [String: SourceLocation] = [:]

    /// The text's lines, to turn libyaml's character columns into byte columns.
    private let lines: [Substring]

    init(file: String, yaml: String) {
        self.file = file
        self.lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
    }

    // MARK: Locations and errors

    func location(of node: Node) -> SourceLocation {
        // Yams marks every composed node; the fallback only covers hand-built nodes.
        let mark = node.mark
        return location(line: mark?.line ?? 1, characterColumn: mark?.column ?? 1)
    }

    /// A location from libyaml's line and column. libyaml counts columns in
    /// Unicode scalars; diagnostics count bytes (as editors and compilers do),
    /// which differ after a non-ASCII character such as `ë`.
    func location(line: Int, characterColumn: Int) -> SourceLocation {
        SourceLocation(file: file, line: line, column: Self.byteColumn(line: line, characterColumn: characterColumn, in: lines))
    }

    static func byteColumn(line: Int, characterColumn: Int, in lines: [Substring]) -> Int {
        guard line >= 1, line <= lines.count, characterColumn > 1 else { return characterColumn }
        let before = lines[line - 1].unicodeScalars.prefix(characterColumn - 1)
        return before.reduce(1) { $0 + String($1).utf8.count }
    }

    func error(_ message: String, at node: Node) {
        error(message, at: location(of: node))
    }

    func error(_ message: String, at location: SourceLocation?) {
        diagnostics.append(.error(message, at: location))
    }

    /// Remembers where the key at `path` was written (for keys read without ``mapping(_:what:context:path:allowedKeys:)``).
    func record(_ path: String, at keyNode: Node) {
        keyLocations[path] = location(of: keyNode)
    }

    // MARK: Mappings

    /// Reads `node` as a mapping whose keys must be among `allowedKeys`.
    ///
    /// Unknown keys are reported (with the nearest allowed key as a suggestion)
    /// and dropped; a node that is not a mapping is reported as `what` and nil
    /// returned.
    func mapping(
        _ node: Node, what: String, context: String, path: String, allowedKeys: [String]
    ) -> YAMLMapping? {
        guard case .mapping(let mapping) = node else {
            error("\(what) must be a mapping of keys, not \(describe(node))", at: node)
            return nil
        }
        var entries: [YAMLMapping.Entry] = []
        for (keyNode, value) in mapping {
            guard case .scalar(let scalar) = keyNode else {
                error("keys \(context) must be plain names, not \(describe(keyNode))", at: keyNode)
                continue
            }
            let key = scalar.string
            guard allowedKeys.contains(key) else {
                error(
                    "unknown key '\(key)' \(context)"
                        + Suggestion.didYouMean(key, among: allowedKeys),
                    at: keyNode)
                continue
            }
            entries.append(.init(key: key, keyNode: keyNode, value: value))
            keyLocations[path.isEmpty ? key : "\(path).\(key)"] = location(of: keyNode)
        }
        return YAMLMapping(node: node, entries: entries, context: context, path: path)
    }

    /// The entry for a key that must be present; reports its absence at the mapping.
    func require(_ key: String, in mapping: YAMLMapping) -> YAMLMapping.Entry? {
        if let entry = mapping[key] { return entry }
        error("missing required key '\(key)' \(mapping.context)", at: mapping.node)
        return nil
    }

    // MARK: Scalars

    /// The entry's value as text. Any scalar is text (`entity: 2024` is "2024");
    /// an empty value, a list or a mapping is an error.
    func string(_ entry: YAMLMapping.Entry, in mapping: YAMLMapping) -> String? {
        if case .scalar(let scalar) = entry.value, !isNull(entry.value) {
            return scalar.string
        }
        error("'\(entry.key)' \(mapping.context) must be a string, not \(describe(entry.value))", at: entry.value)
        return nil
    }

    /// The entry's value as text that is not empty or blank (a path, a name).
    func nonEmptyString(_ entry: YAMLMapping.Entry, in mapping: YAMLMapping) -> String? {
        guard let text = string(entry, in: mapping) else { return nil }
        if text.allSatisfy(\.isWhitespace) {
            error("'\(entry.key)' \(mapping.context) is empty", at: entry.value)
            return nil
        }
        return text
    }

    /// The entry's value as a boolean: `true`/`false` (also YAML 1.1's
    /// `yes`/`no`/`on`/`off`), unquoted. Anything else is an error.
    func bool(_ entry: YAMLMapping.Entry, in mapping: YAMLMapping) -> Bool? {
        if let value = boolValue(entry.value) { return value }
        error("'\(entry.key)' \(mapping.context) must be true or false, not \(describe(entry.value))", at: entry.value)
        return nil
    }

    /// The entry's value as one string or a list of strings, each with its node.
    /// A single string is accepted where a list of one would do (`files: a.ldif`).
    func stringList(_ entry: YAMLMapping.Entry, in mapping: YAMLMapping) -> [(String, Node)]? {
        switch entry.value {
        case .scalar(let scalar) where !isNull(entry.value):
            return [(scalar.string, entry.value)]
        case .sequence(let sequence):
            var items: [(String, Node)] = []
            var valid = true
            for (index, item) in sequence.enumerated() {
                if case .scalar(let scalar) = item, !isNull(item) {
                    items.append((scalar.string, item))
                } else {
                    error(
                        "item \(index + 1) of '\(entry.key)' \(mapping.context) must be a string, not \(describe(item))",
                        at: item)
                    valid = false
                }
            }
            return valid ? items : nil
        default:
            error(
                "'\(entry.key)' \(mapping.context) must be a string or a list of strings, not \(describe(entry.value))",
                at: entry.value)
            return nil
        }
    }

    /// The value as a boolean when it is an unquoted YAML boolean.
    func boolValue(_ node: Node) -> Bool? {
        guard case .scalar(let scalar) = node, isPlain(scalar) else { return nil }
        switch scalar.string.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: return nil
        }
    }

    /// The value as an integer when it is an unquoted decimal (or `0x` hex) integer.
    ///
    /// Yams' own integer reading treats a leading 0 as octal and `1:30` as
    /// base 60 (YAML 1.1); a directory administrator writing `010` means ten.
    func integerValue(_ node: Node) -> Int64? {
        guard case .scalar(let scalar) = node, isPlain(scalar) else { return nil }
        return Self.parseInteger(scalar.string)
    }

    /// Parses a decimal or `0x` hexadecimal integer with an optional sign.
    static func parseInteger(_ text: String) -> Int64? {
        var digits = Substring(text.replacingOccurrences(of: "_", with: ""))
        var negative = false
        if digits.first == "-" || digits.first == "+" {
            negative = digits.first == "-"
            digits = digits.dropFirst()
        }
        let magnitude: Int64?
        if digits.lowercased().hasPrefix("0x") {
            magnitude = Int64(digits.dropFirst(2), radix: 16)
        } else if !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit) {
            magnitude = Int64(digits)
        } else {
            magnitude = nil
        }
        guard let magnitude else { return nil }
        return negative ? -magnitude : magnitude
    }

    /// Whether the node is YAML null: `~`, `null` or nothing at all, unquoted.
    func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node, isPlain(scalar) else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    private func isPlain(_ scalar: Node.Scalar) -> Bool {
        scalar.style == .plain || scalar.style == .any
    }

    /// Names a node's kind and value for an error message: "'yes please'", "a list".
    func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar):
            if isNull(node) { return "an empty value" }
            return "'\(scalar.string)'"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        case .alias: return "an alias"
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
