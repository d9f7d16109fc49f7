/// The .NET type of a BDC field, as far as ProfileSync types CSV values.
///
/// BDC models name types the way .NET reflection prints them: plain
/// (`System.Int32`), nullable (``System.Nullable`1[System.Int32]``) or
/// assembly-qualified (``System.Nullable`1[[System.Int32, mscorlib, Version=4.0.0.0, ...]]``).
/// All spellings of one type map to one case; anything else is `.other` with
/// its name, and its values are kept as text.
public enum BDCFieldType: Sendable, Hashable {
    case string, int16, int32, int64, decimal, double, single, boolean, dateTime, guid, bytes
    case other(String)

    /// Reads a BDC `TypeName`: strips `Nullable` wrappers, assembly
    /// qualification and the `System.` namespace, then maps the .NET name
    /// (C# aliases such as `int` and `bool` are accepted too).
    public init(typeName: String) {
        let name = BDCFieldType.coreTypeName(typeName)
        var bare = name
        if bare.lowercased().hasPrefix("system.") { bare = String(bare.dropFirst("system.".count)) }
        switch bare.lowercased() {
        case "string": self = .string
        case "int16", "short": self = .int16
        case "int32", "int": self = .int32
        case "int64", "long": self = .int64
        case "decimal": self = .decimal
        case "double": self = .double
        case "single", "float": self = .single
        case "boolean", "bool": self = .boolean
        case "datetime": self = .dateTime
        case "guid": self = .guid
        case "byte[]": self = .bytes
        default: self = .other(name)
        }
    }

    /// The full .NET name: `System.Int32`, `System.Byte[]`; for `.other` the
    /// name as read (without `Nullable` and assembly).
    public var dotNetName: String {
        switch self {
        case .string: "System.String"
        case .int16: "System.Int16"
        case .int32: "System.Int32"
        case .int64: "System.Int64"
        case .decimal: "System.Decimal"
        case .double: "System.Double"
        case .single: "System.Single"
        case .boolean: "System.Boolean"
        case .dateTime: "System.DateTime"
        case .guid: "System.Guid"
        case .bytes: "System.Byte[]"
        case .other(let name): name
        }
    }

    /// Whether ProfileSync knows how to type values of this type.
    public var isMapped: Bool {
        if case .other = self { return false }
        return true
    }

    /// The type name without `Nullable` wrappers (any number, any spelling)
    /// and without the assembly part after the first top-level comma.
    static func coreTypeName(_ typeName: String) -> String {
        var name = withoutAssembly(typeName.trimmingBlanks)
        while let inner = nullableArgument(name) {
            name = withoutAssembly(inner.trimmingBlanks)
        }
        return name
    }

    /// The type argument of ``Nullable`1[...]`` (with or without `System.`),
    /// unwrapping the `[[...]]` form of an assembly-qualified argument.
    private static func nullableArgument(_ name: String) -> String? {
        let lower = name.lowercased()
        let prefixes = ["system.nullable`1", "nullable`1"]
        guard let prefix = prefixes.first(where: { lower.hasPrefix($0) }) else { return nil }
        var rest = Substring(name.dropFirst(prefix.count))
        guard rest.first == "[", rest.last == "]" else { return nil }
        rest = rest.dropFirst().dropLast()
        if rest.first == "[", rest.last == "]" { rest = rest.dropFirst().dropLast() }
        return String(rest)
    }

    /// Cuts `, mscorlib, Version=...` off a type name, ignoring commas inside brackets.
    private static func withoutAssembly(_ name: String) -> String {
        var depth = 0
        for index in name.indices {
            switch name[index] {
            case "[": depth += 1
            case "]": depth -= 1
            case "," where depth == 0: return String(name[..<index]).trimmingBlanks
            default: break
            }
        }
        return name
    }
}
