/// One identifier of a BDC entity (`Identifiers/Identifier`). Composite keys
/// have several, kept in document order.
public struct BDCIdentifier: Sendable, Hashable {
    public var name: String
    /// `TypeName` as written in the model.
    public var typeName: String
    public var type: BDCFieldType

    public init(name: String, typeName: String) {
        self.name = name
        self.typeName = typeName
        self.type = BDCFieldType(typeName: typeName)
    }
}
