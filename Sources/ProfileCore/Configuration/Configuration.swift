import Diagnostics

/// A loaded, validated `profilesync.yaml` (DESIGN §3).
///
/// Every path is already absolute; every property reference names a
/// configured connection (or ``SourceReference/eachDirectoryConnection`` for
/// defaults); nothing has been opened yet.
public struct Configuration: Sendable {
    /// The configuration file's path as the caller gave it (what errors print).
    public var file: String
    /// The absolute folder every relative path in the file resolves against.
    public var directory: String
    /// The SQLite profile store, absolute.
    public var store: String
    public var directoryConnections: [DirectoryConnectionConfig]
    public var businessConnections: [BusinessConnectionConfig]
    /// The effective properties: the defaults (only `AccountName` when
    /// `defaults: false`) in DESIGN order, each replaced in place by the file's
    /// property of the same name, then the file's other properties in file order.
    public var properties: [PropertyMapping]
    /// The file's own `properties:`, in file order.
    public var explicitProperties: [PropertyMapping]
    /// `defaults:` (true unless the file says false).
    public var useDefaults: Bool
    public var deletionThreshold: DeletionThreshold?
    /// The schedule text as written; the schedule parser validates it.
    public var schedule: String?
    /// Where the schedule's value starts, for the schedule parser's errors.
    public var scheduleLocation: SourceLocation?
    /// Where each key was written, by dotted path.
    var keyLocations: [String: SourceLocation]

    public init(
        file: String, directory: String, store: String, directoryConnections: [DirectoryConnectionConfig] = [],
        businessConnections: [BusinessConnectionConfig] = [], properties: [PropertyMapping] = [],
        explicitProperties: [PropertyMapping] = [], useDefaults: Bool = true,
        deletionThreshold: DeletionThreshold? = nil, schedule: String? = nil, scheduleLocation: SourceLocation? = nil
    ) {
        self.file = file
        self.directory = directory
        self.store = store
        self.directoryConnections = directoryConnections
        self.businessConnections = businessConnections
        self.properties = properties
        self.explicitProperties = explicitProperties
        self.useDefaults = useDefaults
        self.deletionThreshold = deletionThreshold
        self.schedule = schedule
        self.scheduleLocation = scheduleLocation
        self.keyLocations = [:]
    }

    /// Where a key was written, by dotted path: `store`, `deletion.threshold`,
    /// `connections.contoso.filter`, `connections.hr.join.property`,
    /// `connections.contoso.exclusions.users.rules.0.operator`, `properties.Department`.
    /// Nil for keys the file does not contain.
    public func location(ofKey path: String) -> SourceLocation? {
        keyLocations[path]
    }

    /// The directory connection called `name`.
    public func directoryConnection(named name: String) -> DirectoryConnectionConfig? {
        directoryConnections.first { $0.name == name }
    }

    /// The business-data connection called `name`.
    public func businessConnection(named name: String) -> BusinessConnectionConfig? {
        businessConnections.first { $0.name == name }
    }

    /// The effective property called `name` (case-insensitive, as SharePoint compares names).
    public func property(named name: String) -> PropertyMapping? {
        let lowered = name.lowercased()
        return properties.first { $0.name.lowercased() == lowered }
    }
}
