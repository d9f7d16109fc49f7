import Foundation
import JSONText
import ProfileCore

/// JSON forms of property sets and changes as the store keeps them.
///
/// Written with `JSONWriter` (a first run stores one change per profile, so
/// encoding is on the hot path); read back with `JSONDecoder` only by
/// `report`, `show` and the diff of profiles that changed.
enum StoredJSON {
    static func encode(_ properties: [ProfileProperty]) -> String {
        var json = JSONWriter(reservingCapacity: 512)
        write(properties, into: &json)
        return String(decoding: json.bytes, as: UTF8.self)
    }

    /// Writes into a reused writer: the commit binds its bytes without a String.
    static func write(_ properties: [ProfileProperty], into json: inout JSONWriter) {
        json.beginArray()
        for property in properties {
            json.beginObject()
            json.key("name"); json.string(property.name)
            json.key("values"); json.beginArray()
            for value in property.values { json.string(value) }
            json.endArray()
            json.key("source"); json.string(property.source)
            json.key("run"); json.int(property.run)
            json.endObject()
        }
        json.endArray()
    }

    static func decodeProperties(_ text: String) throws -> [ProfileProperty] {
        try JSONDecoder().decode([ProfileProperty].self, from: Data(text.utf8))
    }

    static func encode(_ change: ProfileChange) -> String {
        var json = JSONWriter(reservingCapacity: 256)
        write(change, into: &json)
        return String(decoding: json.bytes, as: UTF8.self)
    }

    static func write(_ change: ProfileChange, into json: inout JSONWriter) {
        json.beginObject()
        json.key("kind"); json.string(change.kind)
        if let ref = change.profile {
            json.key("connection"); json.string(ref.connection)
            json.key("anchor"); json.string(ref.anchor)
            json.key("account"); json.string(ref.account)
            json.key("dn"); json.string(ref.dn)
        }
        switch change {
        case .add(_, let properties), .update(_, let properties):
            json.key("properties"); json.beginArray()
            for property in properties {
                json.beginObject()
                json.key("name"); json.string(property.name)
                // Empty sides are left out: a first run stores 100,000s of adds
                // whose "old" is always empty (the decoder reads absent as empty).
                if !property.old.isEmpty { json.key("old"); strings(property.old, into: &json) }
                if !property.new.isEmpty { json.key("new"); strings(property.new, into: &json) }
                json.key("source"); json.string(property.source)
                json.endObject()
            }
            json.endArray()
        case .exclude(_, let reason):
            json.key("reason"); json.string(reason.rawValue)
        case .move(_, let oldDn, let newDn):
            json.key("oldDn"); json.string(oldDn)
            json.key("newDn"); json.string(newDn)
        case .membership(let group, let added, let removed):
            json.key("group"); json.string(group)
            json.key("added"); strings(added, into: &json)
            json.key("removed"); strings(removed, into: &json)
        case .markForDeletion, .restore:
            break
        }
        json.endObject()
    }

    private static func strings(_ values: [String], into json: inout JSONWriter) {
        json.beginArray()
        for value in values { json.string(value) }
        json.endArray()
    }

    /// A property change as stored; `old` and `new` may be absent (empty).
    private struct StoredPropertyChange: Decodable {
        var name: String
        var old: [String]?
        var new: [String]?
        var source: String

        var change: PropertyChange { PropertyChange(name: name, old: old ?? [], new: new ?? [], source: source) }
    }

    private struct StoredChange: Decodable {
        var kind: String
        var connection: String?
        var anchor: String?
        var account: String?
        var dn: String?
        var properties: [StoredPropertyChange]?
        var reason: ExclusionReason?
        var oldDn: String?
        var newDn: String?
        var group: String?
        var added: [String]?
        var removed: [String]?
    }

    static func decodeChange(_ text: String) throws -> ProfileChange {
        let stored = try JSONDecoder().decode(StoredChange.self, from: Data(text.utf8))
        let ref = ProfileRef(
            connection: stored.connection ?? "", anchor: stored.anchor ?? "", account: stored.account ?? "",
            dn: stored.dn ?? "")
        switch stored.kind {
        case "add": return .add(ref, properties: (stored.properties ?? []).map(\.change))
        case "update": return .update(ref, properties: (stored.properties ?? []).map(\.change))
        case "markForDeletion": return .markForDeletion(ref)
        case "exclude": return .exclude(ref, reason: stored.reason ?? .scope)
        case "move": return .move(ref, oldDn: stored.oldDn ?? "", newDn: stored.newDn ?? "")
        case "restore": return .restore(ref)
        case "membership":
            return .membership(group: stored.group ?? "", added: stored.added ?? [], removed: stored.removed ?? [])
        default: throw StoreError.damaged("unknown change kind '\(stored.kind)'")
        }
    }

    static func encode(_ strings: [String]) -> String {
        var json = JSONWriter()
        Self.strings(strings, into: &json)
        return String(decoding: json.bytes, as: UTF8.self)
    }

    static func decodeStrings(_ text: String) throws -> [String] {
        try JSONDecoder().decode([String].self, from: Data(text.utf8))
    }
}
