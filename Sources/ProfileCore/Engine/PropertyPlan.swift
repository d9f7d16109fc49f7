import Diagnostics

/// One property mapping compiled for evaluation: sources resolved to
/// connections and lookup keys, expressions parsed.
public struct PropertyPlan: Sendable {
    public enum Source: Sendable {
        /// A directory attribute; `connection` nil means the profile's own
        /// directory connection (the AD Import defaults).
        case directory(connection: String?, key: String, attribute: String, primarySMTP: Bool)
        /// `DOMAIN\sAMAccountName` of the profile's directory connection.
        case accountName
        /// A field of the joined business-data rows.
        case business(connection: String, field: String)
        case expression(Expression)
    }

    public var name: String
    public var type: PropertyType
    public var multiValue: Bool
    public var separator: String?
    /// Ranked: the first source with a value wins.
    public var sources: [Source] {
        didSet { lookups = Self.lookups(of: sources) }
    }
    public var location: SourceLocation?
    /// Each source's directory key as entries look it up by number
    /// (`AttributeKey`); nil for sources that are not a directory attribute.
    private(set) var lookups: [AttributeKey?]

    public init(
        name: String, type: PropertyType, multiValue: Bool, separator: String?, sources: [Source],
        location: SourceLocation?
    ) {
        self.name = name
        self.type = type
        self.multiValue = multiValue
        self.separator = separator
        self.sources = sources
        self.location = location
        lookups = Self.lookups(of: sources)
    }

    private static func lookups(of sources: [Source]) -> [AttributeKey?] {
        sources.map { source in
            guard case .directory(_, let key, _, _) = source else { return nil }
            return AttributeKey(key)
        }
    }

    public var isPerson: Bool { type == .person }

    /// Compiles the configuration's effective property list.
    public static func compile(
        _ configuration: Configuration, log: inout DiagnosticLog
    ) throws(Diagnostic) -> [PropertyPlan] {
        let directoryNames = Set(configuration.directoryConnections.map(\.name))
        let businessNames = Set(configuration.businessConnections.map(\.name))
        var plans: [PropertyPlan] = []
        for mapping in configuration.properties {
            var sources: [Source] = []
            switch mapping.source {
            case .accountName:
                sources.append(.accountName)
            case .attributes(let references):
                for reference in references {
                    if reference.isEachDirectoryConnection || directoryNames.contains(reference.connection) {
                        let connection = reference.isEachDirectoryConnection ? nil : reference.connection
                        sources.append(
                            .directory(
                                connection: connection, key: DirectoryEntry.key(reference.attribute),
                                attribute: reference.attribute, primarySMTP: reference.selection == .primarySMTPAddress))
                    } else if businessNames.contains(reference.connection) {
                        sources.append(.business(connection: reference.connection, field: reference.attribute))
                    } else {
                        throw .error(
                            "property '\(mapping.name)': unknown connection '\(reference.connection)'",
                            at: mapping.location ?? SourceLocation(file: configuration.file, line: 1))
                    }
                }
            case .expression(let text, let location):
                do {
                    let expression = try Expression(text)
                    for reference in expression.references {
                        if let connection = reference.connection, !directoryNames.contains(connection),
                            !businessNames.contains(connection)
                        {
                            throw Diagnostic.error(
                                "property '\(mapping.name)': expression refers to unknown connection '\(connection)'",
                                at: location)
                        }
                    }
                    sources.append(.expression(expression))
                } catch let error as ExpressionError {
                    var at = location
                    if let column = at.column { at.column = column + error.column }
                    throw .error("property '\(mapping.name)': expression: \(error.message) (column \(error.column) of the expression)", at: at)
                } catch let error as Diagnostic {
                    throw error
                } catch {
                    throw .error("property '\(mapping.name)': \(error)", at: location)
                }
            }
            plans.append(
                PropertyPlan(
                    name: mapping.name, type: mapping.multiValue ? .multistring : mapping.type,
                    multiValue: mapping.multiValue || mapping.type.isMultiValued, separator: mapping.separator,
                    sources: sources, location: mapping.location))
        }
        return plans
    }

    /// Every attribute key a plan reads from the directory connection `connection`.
    public static func directoryKeys(_ plans: [PropertyPlan], connection: String) -> Set<String> {
        var keys: Set<String> = []
        for plan in plans {
            for source in plan.sources {
                switch source {
                case .directory(let owner, let key, _, _) where owner == nil || owner == connection:
                    keys.insert(key)
                case .expression(let expression):
                    for reference in expression.references where reference.connection == nil || reference.connection == connection {
                        keys.insert(DirectoryEntry.key(reference.attribute))
                    }
                default: break
                }
            }
        }
        return keys
    }
}
