import CSQLite
import ProfileCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One stored profile's properties, read by its row number through the
/// SQLite C API on a statement prepared once per connection
/// (`PropertiesReaders`), into a packed list (`StoredProperties.decodeList`).
///
/// A drifted run reads the stored properties of every changed profile, one
/// at a time, to diff them (about 80,000 in a 1M next snapshot). Through
/// GRDB's `Row.fetchOne` each read boxed its two arguments and three
/// columns: 25,000 of the 104,000 instructions a diff took at 10k. Decoding
/// the values into strings cost another 31,000 (a 10k next snapshot diffs
/// 800 profiles: 2,000.6 M instructions against 2,025.9 M). By key, each
/// read went down the key index and then the table, two pages at random
/// places of a store read cold at a million users; by the row number the
/// prior state read with the profile, only the table. The row's account
/// and DN are the prior state's, read from the same row.
enum PropertiesLookup {
    static let sql = "SELECT connection, anchor, properties FROM profiles WHERE rowid = ?"

    /// The properties stored for `profile` in row `row`, read on `statement`
    /// (`sql`, prepared on `connection`). `reload` reads the catalogue again
    /// when a blob names an id the cache lacks.
    static func properties(
        of profile: PriorProfile, row: Int64, statement handle: OpaquePointer, connection: OpaquePointer?,
        catalogue: StoreCatalogue.Cache, reload: () throws -> StoreCatalogue
    ) throws -> PropertyList {
        sqlite3_reset(handle)
        // Reset before returning: a stepped statement holds a read transaction open.
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
        sqlite3_bind_int64(handle, 1, row)
        let key = profile.key
        switch sqlite3_step(handle) {
        case SQLITE_ROW: break
        case SQLITE_DONE: throw StoreError.damaged("profile \(key.connection)/\(key.anchor) is no longer in row \(row)")
        default: throw StoreError.io("store read failed: \(String(cString: sqlite3_errmsg(connection)))")
        }
        // The run holds the store's lock, so the row is the one the prior state read; checked all the same.
        guard holds(handle, 0, key.connection), holds(handle, 1, key.anchor) else {
            throw StoreError.damaged("row \(row) no longer holds profile \(key.connection)/\(key.anchor)")
        }
        switch sqlite3_column_type(handle, 2) {
        case SQLITE_BLOB:
            // Read where SQLite holds them, valid until the statement steps or resets.
            let bytes = UnsafeRawBufferPointer(
                start: sqlite3_column_blob(handle, 2), count: Int(sqlite3_column_bytes(handle, 2)))
            return try catalogue.decoding(reload: reload) {
                try StoredProperties.decodeList(
                    bytes, context: StoredProperties.context(account: profile.account, dn: profile.dn, anchor: key.anchor),
                    catalogue: $0)
            }
        case SQLITE_TEXT:
            // A store no run has upgraded since its properties were JSON.
            return PropertyList(try StoredJSON.decodeProperties(text(handle, 2)))
        default:
            throw StoreError.damaged("profile properties of \(key.connection)/\(key.anchor) stored as neither BLOB nor text")
        }
    }

    /// Whether column `index` holds `text`'s UTF-8, compared where SQLite holds it.
    private static func holds(_ handle: OpaquePointer, _ index: Int32, _ text: String) -> Bool {
        // The text first, then its length (SQLite's order: asking for text may convert the value).
        guard let bytes = sqlite3_column_text(handle, index) else { return text.isEmpty }
        let count = Int(sqlite3_column_bytes(handle, index))
        var text = text
        return text.withUTF8 { $0.count == count && (count == 0 || memcmp($0.baseAddress!, bytes, count) == 0) }
    }

    /// Column `index` as text (the columns read are NOT NULL); invalid
    /// UTF-8 is repaired, as GRDB's `String` decoding does.
    private static func text(_ handle: OpaquePointer, _ index: Int32) -> String {
        guard let bytes = sqlite3_column_text(handle, index) else { return "" }
        return String(decoding: UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(handle, index))), as: UTF8.self)
    }
}
