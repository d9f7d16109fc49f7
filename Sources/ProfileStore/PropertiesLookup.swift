import CSQLite
import ProfileCore

/// One stored profile's properties, read by key through the SQLite C API on
/// a statement prepared once per connection (`PropertiesReaders`), into a
/// packed list (`StoredProperties.decodeList`).
///
/// A drifted run reads the stored properties of every changed profile, one
/// at a time, to diff them (about 80,000 in a 1M next snapshot). Through
/// GRDB's `Row.fetchOne` each read boxed its two arguments and three
/// columns: 25,000 of the 104,000 instructions a diff took at 10k. Decoding
/// the values into strings cost another 31,000 (a 10k next snapshot diffs
/// 800 profiles: 2,000.6 M instructions against 2,025.9 M).
enum PropertiesLookup {
    static let sql = "SELECT account, dn, properties FROM profiles WHERE connection = ? AND anchor = ?"

    /// The properties stored for `key`, read on `statement` (`sql`, prepared
    /// on `connection`); none when the store has no such profile. `reload`
    /// reads the catalogue again when a blob names an id the cache lacks.
    static func properties(
        of key: ProfileKey, statement handle: OpaquePointer, connection: OpaquePointer?,
        catalogue: StoreCatalogue.Cache, reload: () throws -> StoreCatalogue
    ) throws -> PropertyList {
        sqlite3_reset(handle)
        // Reset before returning: a stepped statement holds a read transaction open.
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
        RawStatement.bindCopy(of: key.connection, at: 1, to: handle)
        RawStatement.bindCopy(of: key.anchor, at: 2, to: handle)
        switch sqlite3_step(handle) {
        case SQLITE_ROW: break
        case SQLITE_DONE: return PropertyList()
        default: throw StoreError.io("store read failed: \(String(cString: sqlite3_errmsg(connection)))")
        }
        let account = text(handle, 0)
        let dn = text(handle, 1)
        switch sqlite3_column_type(handle, 2) {
        case SQLITE_BLOB:
            // Read where SQLite holds them, valid until the statement steps or resets.
            let bytes = UnsafeRawBufferPointer(
                start: sqlite3_column_blob(handle, 2), count: Int(sqlite3_column_bytes(handle, 2)))
            return try catalogue.decoding(reload: reload) {
                try StoredProperties.decodeList(
                    bytes, context: StoredProperties.context(account: account, dn: dn, anchor: key.anchor), catalogue: $0)
            }
        case SQLITE_TEXT:
            // A store no run has upgraded since its properties were JSON.
            return PropertyList(try StoredJSON.decodeProperties(text(handle, 2)))
        default:
            throw StoreError.damaged("profile properties of \(key.connection)/\(key.anchor) stored as neither BLOB nor text")
        }
    }

    /// Column `index` as text (the columns read are NOT NULL); invalid
    /// UTF-8 is repaired, as GRDB's `String` decoding does.
    private static func text(_ handle: OpaquePointer, _ index: Int32) -> String {
        guard let bytes = sqlite3_column_text(handle, index) else { return "" }
        return String(decoding: UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(handle, index))), as: UTF8.self)
    }
}
