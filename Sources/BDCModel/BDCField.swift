/// One field of a BDC entity: a leaf `TypeDescriptor` of the default
/// SpecificFinder's (else the Finder's) return type.
public struct BDCField: Sendable, Hashable {
    public var name: String
    /// `TypeName` as written in the model.
    public var typeName: String
    public var type: BDCFieldType
    /// The entity identifier this field carries (`IdentifierName`, or a field
    /// named like an identifier that no `IdentifierName` points at).
    public var identifierName: String?
    /// The `Size` property (maximum length of a string), when given.
    public var size: Int?
    public var readOnly: Bool
    /// Whether a `Comparison` filter descriptor filters on this field, so a
    /// 1:many connection may select rows by it.
    public var filterable: Bool
    /// The line of the field's `TypeDescriptor`.
    public var line: Int

    public init(
        name: String, typeName: String, identifierName: String? = nil, size: Int? = nil,
        readOnly: Bool = false, filterable: Bool = false, line: Int = 0
    ) {
        self.name = name
        self.typeName = typeName
        self.type = BDCFieldType(typeName: typeName)
        self.identifierName = identifierName
        self.size = size
        self.readOnly = readOnly
        self.filterable = filterable
        self.line = line
    }
}
