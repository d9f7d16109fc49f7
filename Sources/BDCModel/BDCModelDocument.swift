import Diagnostics

/// What a `.bdcm` file says: the model's name, LobSystems, entities, and the
/// warnings found while reading it.
public struct BDCModelDocument: Sendable {
    public var name: String
    public var lobSystems: [BDCLobSystem]
    public var entities: [BDCEntity]
    /// Warnings (unmapped types, fields linked to identifiers by name only, ...), located.
    public var diagnostics: [Diagnostic]

    public init(name: String, lobSystems: [BDCLobSystem], entities: [BDCEntity], diagnostics: [Diagnostic]) {
        self.name = name
        self.lobSystems = lobSystems
        self.entities = entities
        self.diagnostics = diagnostics
    }

    /// The entity called `name` (case-insensitive), or `Namespace.Name`; the
    /// first in document order when several namespaces use the same name.
    public func entity(named name: String) -> BDCEntity? {
        let key = name.lowercased()
        return entities.first { $0.name.lowercased() == key }
            ?? entities.first { $0.qualifiedName.lowercased() == key }
    }
}
