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
        return String(decoding: json.bytes, as: UTF8.self)
    }

    static func decodeProperties(_ text: String) throws -> [ProfileProperty] {
        try JSONDecoder().decode([ProfileProperty].self, from: Data(text.utf8))
    }

    static func encode(_ change: ProfileChange) -> String {
        var json = JSONWriter(reservingCapacity: 256)
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
                json.key("old"); strings(property.old, into: &json)
                json.key("new"); strings(property.new, into: &json)
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
        return String(decoding: json.bytes, as: UTF8.self)
    }

    private static func strings(_ values: [String], into json: inout JSONWriter) {
        json.beginArray()
        for value in values { json.string(value) }
        json.endArray()
    }

    private struct StoredChange: Decodable {
        var kind: String
        var connection: String?
        var anchor: String?
        var account: String?
        var dn: String?
        var properties: [PropertyChange]?
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
        case "add": return .add(ref, properties: stored.properties ?? [])
        case "update": return .update(ref, properties: stored.properties ?? [])
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
