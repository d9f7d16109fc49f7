import BDCModel
import Diagnostics

/// Checks, once the BDC entities are known, that every property fed by
/// business data names a field the entity has, and that the field's type can
/// feed the property's type (DESIGN §3: "a mapping whose source cannot feed
/// the property's type is a configuration error"). A misspelt field would
/// otherwise just leave the property empty on every profile.
public enum BusinessFieldCheck {
    /// Throws the first mapping that names an unknown field or an incompatible type.
    public static func validate(
        _ plans: [PropertyPlan], entities: [String: BDCEntity], configuration: Configuration
    ) throws(Diagnostic) {
        for plan in plans {
            for source in plan.sources {
                guard case .business(let connection, let field) = source, let entity = entities[connection] else { continue }
                let location = plan.location ?? SourceLocation(file: configuration.file, line: 1)
                guard let found = entity.fields.first(where: { $0.name.lowercased() == field.lowercased() }) else {
                    let names = entity.fields.map(\.name).joined(separator: ", ")
                    throw .error(
                        "property '\(plan.name)': entity '\(entity.name)' of connection '\(connection)' has no field '\(field)' (it has: \(names))",
                        at: location)
                }
                // A 1:many join delivers one value per joined row (DESIGN §3: "values
                // collected into a multi-value property"); keeping the first would
                // silently depend on row order.
                if configuration.businessConnection(named: connection)?.join.mode == .many, !plan.multiValue {
                    throw .error(
                        "property '\(plan.name)' is fed by the 1:many connection '\(connection)': make it multiValue: true",
                        at: location)
                }
                guard canFeed(found.type, into: plan.type) else {
                    throw .error(
                        "property '\(plan.name)' is \(plan.type.rawValue) but \(connection).\(found.name) is \(found.type.dotNetName)",
                        at: location)
                }
            }
        }
    }

    /// Whether values of a BDC field type can become values of a property type.
    /// Text can feed anything textual and is checked value by value; typed
    /// fields must match in kind.
    static func canFeed(_ field: BDCFieldType, into property: PropertyType) -> Bool {
        switch property {
        case .string, .multistring, .html, .email, .url, .person, .timezone:
            return field != .bytes
        case .integer, .biginteger:
            return [.string, .int16, .int32, .int64].contains(field)
        case .float:
            return [.string, .int16, .int32, .int64, .decimal, .double, .single].contains(field)
        case .boolean:
            return field == .string || field == .boolean
        case .date, .datetime, .datenoyear:
            return field == .string || field == .dateTime
        case .guid:
            return field == .string || field == .guid
        case .binary:
            return field == .bytes || field == .string
        }
    }
}
