import Diagnostics
import Yams

/// A business-data connection (`type: csv`): a CSV extract described by a BDC
/// model entity, joined to profiles by a property (SharePoint's BDC connection).
public struct BusinessConnectionConfig: Sendable, Hashable {
    public var name: String
    /// The CSV file, resolved to an absolute path (never opened by the loader).
    public var file: String
    /// The `.bdcm` model, resolved to an absolute path.
    public var model: String
    /// The entity's `Name` in the model.
    public var entity: String
    public var join: JoinRule
    public var encoding: ConfiguredEncoding
    /// `auto`, or the one delimiter character (`,` `;` tab `|`).
    public var delimiter: String
    /// Where the connection's mapping starts in the configuration file.
    public var location: SourceLocation

    public init(
        name: String, file: String, model: String, entity: String, join: JoinRule,
        encoding: ConfiguredEncoding = .auto, delimiter: String = "auto", location: SourceLocation
    ) {
        self.name = name
        self.file = file
        self.model = model
        self.entity = entity
        self.join = join
        self.encoding = encoding
        self.delimiter = delimiter
        self.location = location
    }
}

// MARK: - Reading

extension BusinessConnectionConfig {
    static let keys = ["name", "type", "file", "model", "entity", "join", "encoding", "delimiter"]

    /// Spellings of the delimiters a CSV connection accepts, and the character each means.
    /// `'\t'` in single quotes (YAML keeps the backslash) and the word `tab` both mean tab.
    static let delimiters: [(spelling: String, character: String)] = [
        ("auto", "auto"), (",", ","), (";", ";"), ("\t", "\t"), ("\\t", "\t"), ("tab", "\t"), ("|", "|"),
    ]

    /// Reads a connection mapping already checked against ``keys``; see
    /// ``DirectoryConnectionConfig/read(_:name:reader:directory:)``.
    static func read(
        _ map: YAMLMapping, name: String, reader: ConfigurationReader, directory: String
    ) -> BusinessConnectionConfig {
        var connection = BusinessConnectionConfig(
            name: name, file: "", model: "", entity: "", join: JoinRule(property: ""),
            location: reader.location(of: map.node))

        if let entry = reader.require("file", in: map), let file = reader.nonEmptyString(entry, in: map) {
            connection.file = ConfigurationLoader.resolve(file, against: directory)
        }
        if let entry = reader.require("model", in: map), let model = reader.nonEmptyString(entry, in: map) {
            connection.model = ConfigurationLoader.resolve(model, against: directory)
        }
        if let entry = reader.require("entity", in: map), let entity = reader.nonEmptyString(entry, in: map) {
            connection.entity = entity
        }
        if let entry = reader.require("join", in: map),
            let join = readJoin(entry.value, connection: String(map.context.dropFirst("in ".count)), path: map.path(of: "join"), reader: reader)
        {
            connection.join = join
        }
        if let entry = map["encoding"], let text = reader.string(entry, in: map) {
            if let encoding = ConfiguredEncoding(rawValue: text.lowercased()) {
                connection.encoding = encoding
            } else {
                let allowed = ConfiguredEncoding.allCases.map(\.rawValue)
                reader.error(
                    "'encoding' \(map.context) must be one of \(allowed.joined(separator: ", ")), not '\(text)'"
                        + Suggestion.didYouMean(text, among: allowed),
                    at: entry.value)
            }
        }
        if let entry = map["delimiter"], let text = reader.string(entry, in: map) {
            if let match = delimiters.first(where: { $0.spelling == text.lowercased() }) {
                connection.delimiter = match.character
            } else {
                reader.error(
                    "'delimiter' \(map.context) must be one of auto, \",\", \";\", \"\\t\" (or tab), \"|\", not '\(text)'",
                    at: entry.value)
            }
        }
        return connection
    }

    /// Reads `{ property, identifier }` (1:1) or `{ property, filter, mode: many }` (1:many).
    private static func readJoin(
        _ node: Node, connection: String, path: String, reader: ConfigurationReader
    ) -> JoinRule? {
        guard
            let map = reader.mapping(
                node, what: "'join' in \(connection)", context: "in the join of \(connection)",
                path: path, allowedKeys: ["property", "identifier", "filter", "mode"])
        else { return nil }
        var join = JoinRule(property: "")
        var valid = true
        if let entry = reader.require("property", in: map), let property = reader.nonEmptyString(entry, in: map) {
            join.property = property
        } else {
            valid = false
        }
        if let entry = map["mode"], let text = reader.string(entry, in: map) {
            if let mode = JoinRule.Mode(rawValue: text) {
                join.mode = mode
            } else {
                reader.error(
                    "'mode' \(map.context) must be one or many, not '\(text)'"
                        + Suggestion.didYouMean(text, among: ["one", "many"]),
                    at: entry.value)
                return nil
            }
        }
        let identifier = map["identifier"]
        let filter = map["filter"]
        switch join.mode {
        case .one:
            if let filter {
                reader.error(
                    "'filter' \(map.context) needs mode: many (a 1:1 join matches 'identifier')", at: filter.keyNode)
                valid = false
            } else if let identifier {
                join.identifier = reader.nonEmptyString(identifier, in: map)
                valid = valid && join.identifier != nil
            } else {
                reader.error("missing required key 'identifier' \(map.context) (a 1:1 join matches an entity identifier)", at: map.node)
                valid = false
            }
        case .many:
            if let identifier {
                reader.error(
                    "'identifier' \(map.context) is for 1:1 joins; a 1:many join matches 'filter'", at: identifier.keyNode)
                valid = false
            } else if let filter {
                join.filter = reader.nonEmptyString(filter, in: map)
                valid = valid && join.filter != nil
            } else {
                reader.error("missing required key 'filter' \(map.context) (a 1:many join matches a filter field)", at: map.node)
                valid = false
            }
        }
        return valid ? join : nil
    }
}
