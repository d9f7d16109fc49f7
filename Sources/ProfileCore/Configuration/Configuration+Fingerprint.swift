import Crypto

extension Configuration {
    /// SHA-256 (lower-case hex) of everything that decides which entries are in
    /// scope and what their profiles hold (DESIGN §4.1): the defaults flag,
    /// every property mapping, and per connection the anchor, containers,
    /// filter, exclusions, excludeDisabled, account domain, groups flag,
    /// file-URL permission, BDC entity and join rule.
    ///
    /// The store keeps the fingerprint of its last run; when it differs, the
    /// next run must be full, because an incremental run only sees changed
    /// entries and would leave the rest shaped by the old rules. The store
    /// path, schedule, deletion threshold, input file lists, CSV encoding and
    /// delimiter are left out: they change where or when data is read, not
    /// what a profile is. Connections and properties are ordered by name and
    /// containers and exclusion rules sorted, so reordering the file changes
    /// nothing; ranked sources keep their order, which is their meaning.
    public var scopeFingerprint: String {
        let digest = SHA256.hash(data: Array(canonicalScope.utf8))
        return digest.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// The canonical text the fingerprint hashes: one line per fact, every
    /// string quoted so no value can imitate the structure around it.
    var canonicalScope: String {
        var lines = ["profilesync-scope 1", "defaults \(useDefaults)"]
        for connection in directoryConnections.sorted(by: { $0.name < $1.name }) {
            lines.append(
                "directory \(quote(connection.name)) anchor \(quote(connection.anchor))"
                    + " accountDomain \(connection.accountDomain.map(quote) ?? "-")"
                    + " excludeDisabled \(connection.excludeDisabled) groups \(connection.importGroups)"
                    + " fileURLs \(connection.allowFileURLs) filter \(connection.filter.map(quote) ?? "-")")
            for container in connection.containers.map({ $0.lowercased() }).sorted() {
                lines.append("  container \(quote(container))")
            }
            lines.append(contentsOf: render(connection.userExclusions, kind: "users"))
            lines.append(contentsOf: render(connection.groupExclusions, kind: "groups"))
        }
        for connection in businessConnections.sorted(by: { $0.name < $1.name }) {
            let join = connection.join
            lines.append(
                "business \(quote(connection.name)) entity \(quote(connection.entity))"
                    + " join \(quote(join.property)) \(join.mode.rawValue)"
                    + " identifier \(join.identifier.map(quote) ?? "-") filter \(join.filter.map(quote) ?? "-")")
        }
        for property in properties.sorted(by: { $0.name < $1.name }) {
            lines.append(
                "property \(quote(property.name)) \(property.type.rawValue) multi \(property.multiValue)"
                    + " separator \(property.separator.map(quote) ?? "-") \(render(property.source))")
        }
        return lines.joined(separator: "\n")
    }

    private func render(_ set: ExclusionSet, kind: String) -> [String] {
        let rules = set.rules.map { rule in
            "\(quote(rule.attribute.lowercased())) \(rule.operator.rawValue) \(rule.value.map(quote) ?? "-")"
        }.sorted()
        return ["  \(kind) \(set.match.rawValue)"] + rules.map { "    rule \($0)" }
    }

    private func render(_ source: MappingSource) -> String {
        switch source {
        case .accountName:
            return "accountName"
        case .expression(let text, _):
            return "expression \(quote(text))"
        case .attributes(let references):
            return "from " + references.map { "\(quote($0.connection)).\(quote($0.attribute)).\($0.selection.rawValue)" }
                .joined(separator: " ")
        }
    }

    /// A JSON-style quoted string: the quote and backslash escaped, control characters as \u escapes.
    private func quote(_ text: String) -> String {
        var quoted = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                quoted += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: quoted.unicodeScalars.append(scalar)
            }
        }
        return quoted + "\""
    }
}
