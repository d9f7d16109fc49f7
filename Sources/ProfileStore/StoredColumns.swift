import Foundation
import GRDB
import ProfileCore

/// Reads the columns whose form changed in v2 — profile properties, change
/// bodies, group members — in whichever form a row holds: a BLOB is the
/// binary form, TEXT is v1's JSON. Read-only commands never migrate, so they
/// must read a store that no run of this version has upgraded yet.
enum StoredColumns {
    /// A profile's properties; `account`, `dn` and `anchor` are its row's columns.
    static func properties(
        _ value: DatabaseValue, account: String, dn: String, anchor: String, _ catalogue: StoreCatalogue
    ) throws -> [ProfileProperty] {
        switch value.storage {
        case .blob(let data):
            try data.withUnsafeBytes {
                try StoredProperties.decode(
                    $0, context: StoredProperties.context(account: account, dn: dn, anchor: anchor), catalogue: catalogue)
            }
        case .string(let text): try StoredJSON.decodeProperties(text)
        default: throw StoreError.damaged("profile properties stored as \(value)")
        }
    }

    /// A change body; `connection` and `anchor` are its row's columns.
    static func change(
        _ value: DatabaseValue, connection: String?, anchor: String?, _ catalogue: StoreCatalogue
    ) throws -> ProfileChange {
        switch value.storage {
        case .blob(let data):
            try data.withUnsafeBytes {
                try StoredChange.decode($0, connection: connection, anchor: anchor, catalogue: catalogue)
            }
        case .string(let text): try StoredJSON.decodeChange(text)
        default: throw StoreError.damaged("a change body stored as \(value)")
        }
    }

    static func members(_ value: DatabaseValue) throws -> MemberKeyList {
        switch value.storage {
        case .blob(let data): try data.withUnsafeBytes { try StoredMembers.decodeList($0) }
        case .string(let text): MemberKeyList(try StoredJSON.decodeStrings(text))
        default: throw StoreError.damaged("group members stored as \(value)")
        }
    }
}
