import Diagnostics
import Foundation
import Yams

/// Loads and validates `profilesync.yaml` (DESIGN §3).
///
/// The file is composed into YAML nodes (which keep line and column) and read
/// key by key, so every problem is reported where it was written. All problems
/// of a file are collected and thrown together. The loader never opens the
/// files the configuration names.
public enum ConfigurationLoader {
    static let topLevelKeys = ["store", "connections", "properties", "defaults", "deletion", "schedule"]

    /// Reads and validates the configuration file at `path`. Relative paths in
    /// it resolve against the file's folder; errors print `path` as given.
    public static func load(path: String) throws(ConfigurationError) -> Configuration {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigurationError(diagnostics: [
                .error("cannot read configuration file '\(path)': \(reason(path))")
            ])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError(diagnostics: [
                .error("the configuration file is not UTF-8 text", at: SourceLocation(file: path, line: 1, column: 1))
            ])
        }
        let folder = URL(fileURLWithPath: path).standardizedFileURL.deletingLastPathComponent().path
        return try parse(yaml: text, file: path, directory: folder)
    }

    /// Validates configuration text. `file` is what locations print;
    /// relative paths resolve against `directory` (the current directory when nil).
    public static func parse(yaml: String, file: String, directory: String? = nil) throws(ConfigurationError)
        -> Configuration
    {
        let folder = directory.map { resolve($0, against: FileManager.default.currentDirectoryPath) }
            ?? FileManager.default.currentDirectoryPath
        // A UTF-8 byte-order mark is text to Yams' scanner; editors on Windows write one.
        let text = yaml.hasPrefix("\u{FEFF}") ? String(yaml.dropFirst()) : yaml
        let reader = ConfigurationReader(file: file, yaml: text)

        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw ConfigurationError(diagnostics: [YAMLErrorTranslation.diagnostic(for: error, reader: reader, yaml: text)])
        }
        guard let root, !reader.isNull(root) else {
            throw ConfigurationError(diagnostics: [
                .error(
                    "the configuration file is empty; it needs at least 'store' and 'connections'",
                    at: SourceLocation(file: file, line: 1, column: 1))
            ])
        }
        let configuration = read(root, reader: reader, directory: folder)
        guard reader.diagnostics.isEmpty, let configuration else {
            throw ConfigurationError(diagnostics: sorted(reader.diagnostics))
        }
        return configuration
    }

    // MARK: Top level

    private static func read(_ root: Node, reader: ConfigurationReader, directory: String) -> Configuration? {
        guard
            let top = reader.mapping(
                root, what: "the configuration", context: "at the top level", path: "", allowedKeys: topLevelKeys)
        else { return nil }

        var configuration = Configuration(file: reader.file, directory: directory, store: "")
        if let entry = reader.require("store", in: top), let store = reader.nonEmptyString(entry, in: top) {
            configuration.store = resolve(store, against: directory)
        }
        if let entry = top["defaults"], let value = reader.bool(entry, in: top) {
            configuration.useDefaults = value
        }
        if let entry = top["deletion"] {
            configuration.deletionThreshold = readDeletion(entry.value, reader: reader)
        }
        if let entry = top["schedule"], let schedule = reader.nonEmptyString(entry, in: top) {
            configuration.schedule = schedule
            configuration.scheduleLocation = reader.location(of: entry.value)
        }

        var unreadable: Set<String> = []
        if let entry = reader.require("connections", in: top) {
            readConnections(entry, into: &configuration, unreadable: &unreadable, reader: reader)
        }
        let properties = PropertyMappingReader(
            reader: reader, directoryNames: configuration.directoryConnections.map(\.name),
            businessNames: configuration.businessConnections.map(\.name), unreadableNames: unreadable)
        if let entry = top["properties"] {
            configuration.explicitProperties = properties.read(entry.value)
        }
        configuration.properties = effectiveProperties(
            explicit: configuration.explicitProperties, useDefaults: configuration.useDefaults)
        checkJoins(configuration, reader: reader)
        configuration.keyLocations = reader.keyLocations
        return configuration
    }

    /// `deletion: { threshold: 500 | "5%" }`.
    private static func readDeletion(_ node: Node, reader: ConfigurationReader) -> DeletionThreshold? {
        guard
            let map = reader.mapping(
                node, what: "'deletion'", context: "in 'deletion'", path: "deletion", allowedKeys: ["threshold"]),
            let entry = map["threshold"]
        else { return nil }
        guard case .scalar(let scalar) = entry.value, !reader.isNull(entry.value) else {
            reader.error(
                "'threshold' in 'deletion' must be a count such as 500 or a percentage such as \"5%\", not \(reader.describe(entry.value))",
                at: entry.value)
            return nil
        }
        switch DeletionThreshold.parse(scalar.string) {
        case .success(let threshold):
            return threshold
        case .failure(.negative):
            reader.error("'threshold' in 'deletion' must not be negative, not '\(scalar.string)'", at: entry.value)
        case .failure(.percentAbove100):
            reader.error("'threshold' in 'deletion' must be a percentage from 0% to 100%, not '\(scalar.string)'", at: entry.value)
        case .failure(.notANumber):
            reader.error(
                "'threshold' in 'deletion' must be a count such as 500 or a percentage such as \"5%\", not '\(scalar.string)'",
                at: entry.value)
        }
        return nil
    }

    // MARK: Connections

    private static func readConnections(
        _ entry: YAMLMapping.Entry, into configuration: inout Configuration, unreadable: inout Set<String>,
        reader: ConfigurationReader
    ) {
        guard case .sequence(let items) = entry.value else {
            reader.error("'connections' must be a list of connections, not \(reader.describe(entry.value))", at: entry.value)
            return
        }
        var firstDefinition: [String: (name: String, line: Int)] = [:]  // lower-cased name → first one
        // A connection that could not be classified may be the directory one; then its own error suffices.
        var unclassified = false
        for (index, item) in items.enumerated() {
            guard case .mapping(let raw) = item else {
                reader.error("connection \(index + 1) must be a mapping of keys, not \(reader.describe(item))", at: item)
                unclassified = true
                continue
            }
            // The name and type decide how the rest is read and named, so they are looked at first.
            let rawName = raw["name"]?.scalar?.string
            let name = rawName.flatMap { isValidConnectionName($0) ? $0 : nil }
            let context = name.map { "in connection '\($0)'" } ?? "in connection \(index + 1)"
            let path = "connections.\(name ?? String(index))"
            let type = raw["type"]?.scalar?.string
            let keys: [String]
            switch type {
            case "ldif": keys = DirectoryConnectionConfig.keys
            case "csv": keys = BusinessConnectionConfig.keys
            default: keys = Array(Set(DirectoryConnectionConfig.keys + BusinessConnectionConfig.keys)).sorted()
            }
            guard
                let map = reader.mapping(
                    item, what: "connection \(index + 1)", context: context, path: path, allowedKeys: keys)
            else { continue }  // not reached: the item was checked to be a mapping above

            if let nameEntry = reader.require("name", in: map), let written = reader.string(nameEntry, in: map) {
                if !isValidConnectionName(written) {
                    reader.error(
                        "connection name '\(written)' must start with a letter and use only letters, digits, '-' and '_'",
                        at: nameEntry.value)
                } else if let first = firstDefinition[written.lowercased()] {
                    reader.error(
                        "duplicate connection name '\(written)' (connection '\(first.name)' is defined at line \(first.line))",
                        at: nameEntry.value)
                } else {
                    firstDefinition[written.lowercased()] = (written, reader.location(of: nameEntry.value).line)
                }
            }
            guard let typeEntry = reader.require("type", in: map), let typeText = reader.string(typeEntry, in: map)
            else {
                if let name { unreadable.insert(name) }
                unclassified = true
                continue
            }
            if name == nil { unclassified = true }
            // A connection without a usable name is still read, so its other mistakes are reported too.
            switch typeText {
            case "ldif":
                let connection = DirectoryConnectionConfig.read(
                    map, name: name ?? "", reader: reader, directory: configuration.directory)
                if name != nil { configuration.directoryConnections.append(connection) }
            case "csv":
                let connection = BusinessConnectionConfig.read(
                    map, name: name ?? "", reader: reader, directory: configuration.directory)
                if name != nil { configuration.businessConnections.append(connection) }
            default:
                reader.error(
                    "unknown connection type '\(typeText)' \(context); expected ldif (directory) or csv (business data)"
                        + Suggestion.didYouMean(typeText, among: ["ldif", "csv"]),
                    at: typeEntry.value)
                if let name { unreadable.insert(name) }
                unclassified = true
            }
        }
        if configuration.directoryConnections.isEmpty, !unclassified {
            reader.error(
                "no directory connection: profiles come only from directory exports, so at least one connection needs type: ldif",
                at: entry.keyNode)
        }
    }

    /// Connection names are `[A-Za-z][A-Za-z0-9_-]*`: they prefix attribute
    /// references (`hr.CostCenter`), so they cannot contain dots.
    public static func isValidConnectionName(_ name: String) -> Bool {
        guard let first = name.first, first.isASCII, first.isLetter else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }

    // MARK: Properties

    /// The defaults (or only `AccountName`) in DESIGN order with the file's
    /// overrides in place, then the file's own properties in file order.
    static func effectiveProperties(explicit: [PropertyMapping], useDefaults: Bool) -> [PropertyMapping] {
        let base = useDefaults ? DefaultProperties.all : [DefaultProperties.accountName]
        let baseNames = Set(base.map(\.name))
        var explicitByName: [String: PropertyMapping] = [:]
        for property in explicit { explicitByName[property.name] = property }
        return base.map { explicitByName[$0.name] ?? $0 } + explicit.filter { !baseNames.contains($0.name) }
    }

    /// Each business connection joins on a profile property that exists and
    /// that something other than the connection itself fills.
    private static func checkJoins(_ configuration: Configuration, reader: ConfigurationReader) {
        for connection in configuration.businessConnections where !connection.join.property.isEmpty {
            let join = connection.join
            let location = reader.keyLocations["connections.\(connection.name).join.property"]
            guard let property = configuration.properties.first(where: { $0.name == join.property }) else {
                reader.error(
                    "join property '\(join.property)' of connection '\(connection.name)' is not a profile property"
                        + Suggestion.didYouMean(join.property, among: configuration.properties.map(\.name)),
                    at: location)
                continue
            }
            let references = property.source.references
            if !references.isEmpty, references.allSatisfy({ $0.connection == connection.name }) {
                reader.error(
                    "join property '\(join.property)' of connection '\(connection.name)' is filled only from '\(connection.name)' itself; join on a property the directory fills",
                    at: location)
            }
        }
    }

    // MARK: Helpers

    /// `path` made absolute against `directory` (already-absolute paths kept), normalised.
    static func resolve(_ path: String, against directory: String) -> String {
        let url = path.hasPrefix("/")
            ? URL(fileURLWithPath: path)
            : URL(fileURLWithPath: directory, isDirectory: true).appendingPathComponent(path)
        return url.standardizedFileURL.path
    }

    /// Diagnostics in file order; those without a place first.
    private static func sorted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.enumerated().sorted { lhs, rhs in
            let left = (lhs.element.location?.line ?? 0, lhs.element.location?.column ?? 0, lhs.offset)
            let right = (rhs.element.location?.line ?? 0, rhs.element.location?.column ?? 0, rhs.offset)
            return left < right
        }.map(\.element)
    }

    /// Why `path` could not be read, in words (Foundation's messages vary by platform).
    private static func reason(_ path: String) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return "no such file" }
        return isDirectory.boolValue ? "it is a folder" : "permission denied"
    }
}
