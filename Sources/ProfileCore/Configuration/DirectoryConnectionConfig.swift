import LDIF
import Diagnostics
import Foundation
import Yams

/// A directory connection (`type: ldif`): one domain's LDIF exports and the
/// scope rules SharePoint AD Import applies to them.
public struct DirectoryConnectionConfig: Sendable, Hashable {
    public var name: String
    /// The LDIF files, resolved to absolute paths (never opened by the loader).
    public var files: [String]
    /// The NetBIOS domain that qualifies `AccountName` (`CONTOSO\jdoe`).
    public var accountDomain: String?
    /// The immutable identity attribute (default `objectGUID`; `dn` for the DN).
    public var anchor: String
    /// The containers (DNs) whose subtrees are imported; empty means everything.
    public var containers: [String]
    /// Whether disabled accounts (userAccountControl bit 0x2) are excluded.
    public var excludeDisabled: Bool
    /// The RFC 4515 filter as written; the engine parses it.
    public var filter: String?
    /// Where the filter's value starts, for errors the filter parser finds.
    public var filterLocation: SourceLocation?
    public var userExclusions: ExclusionSet
    public var groupExclusions: ExclusionSet
    /// Whether groups and memberships are imported (`groups:`).
    public var importGroups: Bool
    /// Whether `attr:< file:` values are followed (only inside the configuration's folder).
    public var allowFileURLs: Bool
    /// Where the connection's mapping starts in the configuration file.
    public var location: SourceLocation

    public init(
        name: String, files: [String], accountDomain: String? = nil, anchor: String = "objectGUID",
        containers: [String] = [], excludeDisabled: Bool = false, filter: String? = nil,
        filterLocation: SourceLocation? = nil, userExclusions: ExclusionSet = ExclusionSet(),
        groupExclusions: ExclusionSet = ExclusionSet(), importGroups: Bool = true, allowFileURLs: Bool = false,
        location: SourceLocation
    ) {
        self.name = name
        self.files = files
        self.accountDomain = accountDomain
        self.anchor = anchor
        self.containers = containers
        self.excludeDisabled = excludeDisabled
        self.filter = filter
        self.filterLocation = filterLocation
        self.userExclusions = userExclusions
        self.groupExclusions = groupExclusions
        self.importGroups = importGroups
        self.allowFileURLs = allowFileURLs
        self.location = location
    }
}

// MARK: - Reading

extension DirectoryConnectionConfig {
    static let keys = [
        "name", "type", "files", "accountDomain", "anchor", "containers", "excludeDisabled", "filter",
        "exclusions", "groups", "allowFileURLs",
    ]

    /// Reads a connection mapping already checked against ``keys``. Problems
    /// are reported to `reader`; the result carries defaults in their place so
    /// that later checks (property references) still see the connection.
    static func read(
        _ map: YAMLMapping, name: String, reader: ConfigurationReader, directory: String
    ) -> DirectoryConnectionConfig {
        var connection = DirectoryConnectionConfig(name: name, files: [], location: reader.location(of: map.node))
        // "connection 'contoso'" (or "connection 2" when the name is missing), for nested contexts.
        let label = String(map.context.dropFirst("in ".count))

        if let entry = reader.require("files", in: map), let files = reader.stringList(entry, in: map) {
            if files.isEmpty {
                reader.error("'files' \(map.context) must name at least one LDIF file", at: entry.value)
            }
            for (file, node) in files where file.allSatisfy(\.isWhitespace) {
                reader.error("an item of 'files' \(map.context) is empty", at: node)
            }
            connection.files = files.map { ConfigurationLoader.resolve($0.0, against: directory) }
        }
        if let entry = map["accountDomain"], let domain = reader.string(entry, in: map) {
            if domain.isEmpty || domain.contains("\\") || domain.contains(where: \.isWhitespace) {
                reader.error(
                    "'accountDomain' \(map.context) must be a NetBIOS domain name such as CONTOSO, not '\(domain)'",
                    at: entry.value)
            } else {
                connection.accountDomain = domain
            }
        }
        if let entry = map["anchor"], let anchor = reader.string(entry, in: map) {
            if SecretAttributes.isSecret(anchor) {
                reader.error("'anchor' \(map.context) names the secret attribute '\(anchor)', which is never read", at: entry.value)
            } else if AttributeName.isValid(anchor) {
                connection.anchor = anchor
            } else {
                reader.error("'anchor' \(map.context) must be an attribute name or dn, not '\(anchor)'", at: entry.value)
            }
        }
        if let entry = map["containers"], let containers = reader.stringList(entry, in: map) {
            for (container, node) in containers where !container.contains("=") {
                reader.error(
                    "container '\(container)' \(map.context) is not a distinguished name (e.g. OU=Staff,DC=contoso,DC=com)",
                    at: node)
            }
            // YAML splits an unquoted flow list at commas: [OU=Staff,DC=contoso,DC=com]
            // arrives as three one-RDN "containers", and DC=com would then
            // import the whole forest. Refuse it and say how to write it.
            // Real containers sit below a domain, so several one-RDN items can only be a split DN.
            if containers.count > 1, containers.allSatisfy({ !$0.0.contains(",") }), let fragment = containers.first {
                reader.error(
                    "containers \(map.context): '\(fragment.0)' is a single RDN: YAML splits an unquoted [..] list at its commas; quote each DN, e.g. [\"OU=Staff,DC=contoso,DC=com\"]",
                    at: fragment.1)
            }
            connection.containers = containers.map { $0.0 }.filter { $0.contains("=") }
        }
        if let entry = map["excludeDisabled"], let value = reader.bool(entry, in: map) {
            connection.excludeDisabled = value
        }
        if let entry = map["filter"], let filter = reader.string(entry, in: map) {
            if filter.trimmingCharacters(in: .whitespaces).isEmpty {
                reader.error("'filter' \(map.context) is empty; leave it out to import every entry", at: entry.value)
            } else {
                connection.filter = filter
                connection.filterLocation = reader.location(of: entry.value)
            }
        }
        if let entry = map["exclusions"],
            let exclusions = reader.mapping(
                entry.value, what: "'exclusions' \(map.context)", context: "in the exclusions of \(label)",
                path: map.path(of: "exclusions"), allowedKeys: ["users", "groups"])
        {
            if let users = exclusions["users"] {
                connection.userExclusions = readExclusionSet(
                    users, kind: "users", connection: label, path: exclusions.path(of: "users"), reader: reader)
            }
            if let groups = exclusions["groups"] {
                connection.groupExclusions = readExclusionSet(
                    groups, kind: "groups", connection: label, path: exclusions.path(of: "groups"), reader: reader)
            }
        }
        if let entry = map["groups"], let value = reader.bool(entry, in: map) {
            connection.importGroups = value
        }
        if let entry = map["allowFileURLs"], let value = reader.bool(entry, in: map) {
            connection.allowFileURLs = value
        }
        return connection
    }

    /// Reads `{ match: any|all, rules: [{attribute, operator, value}] }`.
    private static func readExclusionSet(
        _ entry: YAMLMapping.Entry, kind: String, connection: String, path: String, reader: ConfigurationReader
    ) -> ExclusionSet {
        var set = ExclusionSet()
        guard
            let map = reader.mapping(
                entry.value, what: "'\(kind)' in the exclusions of \(connection)",
                context: "in the \(kind) exclusions of \(connection)", path: path,
                allowedKeys: ["match", "rules"])
        else { return set }

        if let matchEntry = map["match"], let text = reader.string(matchEntry, in: map) {
            if let match = ExclusionSet.Match(rawValue: text) {
                set.match = match
            } else {
                reader.error(
                    "'match' \(map.context) must be any or all, not '\(text)'"
                        + Suggestion.didYouMean(text, among: ["any", "all"]),
                    at: matchEntry.value)
            }
        }
        guard let rulesEntry = map["rules"] else { return set }
        guard case .sequence(let rules) = rulesEntry.value else {
            if !reader.isNull(rulesEntry.value) {
                reader.error(
                    "'rules' \(map.context) must be a list of rules, not \(reader.describe(rulesEntry.value))",
                    at: rulesEntry.value)
            }
            return set
        }
        for (index, ruleNode) in rules.enumerated() {
            let context = "in rule \(index + 1) of the \(kind) exclusions of \(connection)"
            if let rule = readRule(
                ruleNode, context: context, path: map.path(of: "rules.\(index)"), reader: reader)
            {
                set.rules.append(rule)
            }
        }
        return set
    }

    private static func readRule(
        _ node: Node, context: String, path: String, reader: ConfigurationReader
    ) -> ExclusionRule? {
        guard
            let map = reader.mapping(
                node, what: "an exclusion rule", context: context, path: path,
                allowedKeys: ["attribute", "operator", "value"])
        else { return nil }
        let attributeEntry = reader.require("attribute", in: map)
        let operatorEntry = reader.require("operator", in: map)
        guard let attributeEntry, let operatorEntry,
            let attribute = reader.string(attributeEntry, in: map),
            let operatorText = reader.string(operatorEntry, in: map)
        else { return nil }

        var valid = true
        if SecretAttributes.isSecret(attribute) {
            reader.error(
                "'attribute' \(context) names the secret attribute '\(attribute)', which is never read",
                at: attributeEntry.value)
            valid = false
        }
        guard let op = ExclusionOperator(rawValue: operatorText) else {
            let allowed = ExclusionOperator.allCases.map(\.rawValue)
            reader.error(
                "unknown operator '\(operatorText)' \(context); expected one of \(allowed.joined(separator: ", "))"
                    + Suggestion.didYouMean(operatorText, among: allowed),
                at: operatorEntry.value)
            return nil
        }

        var value: String?
        if let valueEntry = map["value"] {
            if op.isUnary {
                reader.error("operator '\(op.rawValue)' takes no value \(context)", at: valueEntry.keyNode)
                valid = false
            } else if let integer = reader.integerValue(valueEntry.value) {
                // An unquoted YAML integer (2, 0x2) is kept in decimal, the form the evaluator compares.
                value = String(integer)
            } else if let text = reader.string(valueEntry, in: map) {
                value = text
            } else {
                valid = false
            }
        } else if !op.isUnary {
            reader.error("operator '\(op.rawValue)' needs a 'value' \(context)", at: map.node)
            valid = false
        }
        if let text = value, op.isNumeric, ConfigurationReader.parseInteger(text) == nil {
            reader.error(
                "'value' \(context) must be an integer for operator '\(op.rawValue)', not '\(text)'",
                at: map["value"]?.value ?? map.node)
            valid = false
        }
        return valid ? ExclusionRule(attribute: attribute, operator: op, value: value) : nil
    }
}
