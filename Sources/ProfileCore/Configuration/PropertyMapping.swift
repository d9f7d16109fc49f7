import Diagnostics

/// Where a profile property's value comes from.
public enum MappingSource: Sendable, Hashable {
    /// Ranked attributes: the first one that has a value on the profile's
    /// sources wins (`[hr.Department, contoso.department]`); one entry for a
    /// direct mapping.
    case attributes([SourceReference])
    /// An expression (DESIGN §3), kept as text with where it was written; the
    /// engine parses it.
    case expression(String, location: SourceLocation)
    /// `AccountName`: `accountDomain\sAMAccountName` of the directory
    /// connection the profile came from. Computed rather than mapped because it
    /// combines a configuration value with an attribute.
    case accountName

    /// The attribute references, in rank order; empty for the other cases.
    public var references: [SourceReference] {
        if case .attributes(let references) = self { return references }
        return []
    }
}

/// One profile property and how it is filled.
public struct PropertyMapping: Sendable, Hashable {
    /// The property name as SharePoint spells it (`SPS-JobTitle`).
    public var name: String
    public var source: MappingSource
    /// The property type. When the file gives none: the default property's type
    /// for a default property's name, else `multistring` when `multiValue` is
    /// true, else `string`.
    public var type: PropertyType
    /// Whether the property holds several values (always equal to
    /// `type == .multistring`; kept as a field because the file may say it).
    public var multiValue: Bool
    /// Splits each single source value into several (`Skills: "a;b"`); only
    /// for multi-valued properties.
    public var separator: String?
    /// True for an AD Import default the file did not override.
    public var isDefault: Bool
    /// Where the file defines the property; nil for defaults.
    public var location: SourceLocation?

    public init(
        name: String, source: MappingSource, type: PropertyType = .string, multiValue: Bool = false,
        separator: String? = nil, isDefault: Bool = false, location: SourceLocation? = nil
    ) {
        self.name = name
        self.source = source
        self.type = type
        self.multiValue = multiValue
        self.separator = separator
        self.isDefault = isDefault
        self.location = location
    }
}
