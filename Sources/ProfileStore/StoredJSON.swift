import Foundation
import ProfileCore

/// The v1 store's JSON forms of property sets, changes and member lists,
/// read by the migration to the binary forms and by read-only commands on a
/// store that no run has upgraded yet (they never migrate).
enum StoredJSON {
    static func decodeProperties(_ text: String) throws -> [ProfileProperty] {
        let properties = try JSONDecoder().decode([ProfileProperty].self, from: Data(text.utf8))
        for property in properties where !PropertyList.runs.contains(property.run) {
            throw StoreError.damaged("property \(property.name): run \(property.run) out of range")
        }
        return properties
    }

    /// A property change as stored; `old` and `new` may be absent (empty).
    private struct JSONPropertyChange: Decodable {
        var name: String
        var old: [String]?
        var new: [String]?
        var source: String

        var change: PropertyChange { PropertyChange(name: name, old: old ?? [], new: new ?? [], source: source) }
    }

    private struct JSONChange: Decodable {
        var kind: String
        var connection: String?
        var anchor: String?
        var account: String?
        var dn: String?
        var properties: [JSONPropertyChange]?
        var reason: ExclusionReason?
        var oldDn: String?
        var newDn: String?
        var group: String?
        var added: [String]?
        var removed: [String]?
    }

    static func decodeChange(_ text: String) throws -> ProfileChange {
        let stored = try JSONDecoder().decode(JSONChange.self, from: Data(text.utf8))
        let ref = ProfileRef(
            connection: stored.connection ?? "", anchor: stored.anchor ?? "", account: stored.account ?? "",
            dn: stored.dn ?? "")
        switch stored.kind {
        case "add": return .add(ref, properties: PropertyChanges((stored.properties ?? []).map(\.change)))
        case "update": return .update(ref, properties: PropertyChanges((stored.properties ?? []).map(\.change)))
        case "markForDeletion": return .markForDeletion(ref)
        case "exclude": return .exclude(ref, reason: stored.reason ?? .scope)
        case "move": return .move(ref, oldDn: stored.oldDn ?? "", newDn: stored.newDn ?? "")
        case "restore": return .restore(ref)
        case "membership":
            return .membership(group: stored.group ?? "", added: stored.added ?? [], removed: stored.removed ?? [])
        default: throw StoreError.damaged("unknown change kind '\(stored.kind)'")
        }
    }

    static func decodeStrings(_ text: String) throws -> [String] {
        try JSONDecoder().decode([String].self, from: Data(text.utf8))
    }
}
