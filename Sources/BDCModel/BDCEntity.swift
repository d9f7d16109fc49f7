/// A BDC entity (external content type): where it comes from, its identity
/// and the fields each row of its data has.
public struct BDCEntity: Sendable, Hashable {
    /// The `Name` of the model's root `Model` element.
    public var model: String
    public var lobSystem: String
    /// The LobSystem's `Type`: Database, DotNetAssembly, OData, Wcf, WebService, Custom.
    public var lobSystemType: String
    public var namespace: String
    public var name: String
    /// The identifiers in document order (several for a composite key).
    public var identifiers: [BDCIdentifier]
    /// The fields in the order of the return type's `TypeDescriptor`s.
    public var fields: [BDCField]
    /// The line of the `Entity` element.
    public var line: Int

    public init(
        model: String, lobSystem: String, lobSystemType: String, namespace: String, name: String,
        identifiers: [BDCIdentifier], fields: [BDCField], line: Int = 0
    ) {
        self.model = model
        self.lobSystem = lobSystem
        self.lobSystemType = lobSystemType
        self.namespace = namespace
        self.name = name
        self.identifiers = identifiers
        self.fields = fields
        self.line = line
    }

    /// `Namespace.Name`, the name that is unique within a BDC service.
    public var qualifiedName: String { namespace.isEmpty ? name : "\(namespace).\(name)" }

    /// The field with this name, compared case-insensitively like CSV headers.
    public func field(named name: String) -> BDCField? {
        let key = name.lowercased()
        return fields.first { $0.name.lowercased() == key }
    }

    /// The field that carries `identifier`, if the return type has one.
    public func field(for identifier: BDCIdentifier) -> BDCField? {
        let key = identifier.name.lowercased()
        return fields.first { $0.identifierName?.lowercased() == key }
    }
}
