import LDIF

/// Computes a directory object's anchor: its immutable identity (DESIGN §3
/// `anchor`). objectGUID becomes its GUID string; when the configured anchor
/// is the default objectGUID and an entry has none (OpenLDAP), entryUUID and
/// then the DN stand in.
struct AnchorResolver {
    let key: String
    let isDefault: Bool
    /// `key`, looked up in every entry.
    private let lookup: AttributeKey
    private static let entryUUID = AttributeKey("entryuuid")

    init(attribute: String) {
        key = DirectoryEntry.key(attribute)
        isDefault = key == "objectguid"
        lookup = AttributeKey(key)
    }

    func anchor(of entry: DirectoryEntry) -> String? {
        if key == "dn" || key == "distinguishedname" { return entry.dn.lowercased() }
        if let value = entry.values(for: lookup).first {
            return Self.text(value, key: key)
        }
        guard isDefault else { return nil }
        if let uuid = entry.values(for: Self.entryUUID).first?.text { return uuid.lowercased() }
        return entry.dn.lowercased()
    }

    private static func text(_ value: AttributeValue, key: String) -> String? {
        switch value {
        case .binary(let bytes):
            if key == "objectguid" || bytes.count == 16, let guid = ObjectGUID.string(from: bytes) { return guid }
            return bytes.map { byte in
                let digits = Array("0123456789abcdef".utf8)
                return String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]], as: UTF8.self)
            }.joined()
        case .text(let text):
            return key == "objectguid" || key == "entryuuid" ? text.lowercased() : text
        }
    }
}
