import CSQLite

/// A read-only query stepped through the SQLite C API directly, for scans of
/// every stored profile (its state, or its snapshot), and for the lookup of
/// a kept add (`KeptAddWriter`).
///
/// Loading the prior state reads 100,000s of rows; GRDB's `Row` decodes
/// each column through `DatabaseValue` and looks columns up through the
/// row, which cost three times SQLite's own scan. Here a column's bytes
/// become a `String` once, and numbers are read as they are. Used only
/// inside a GRDB read, on GRDB's own connection.
struct RawQuery: ~Copyable {
    private let handle: OpaquePointer
    private let connection: OpaquePointer

    init(_ connection: OpaquePointer, sql: String) throws {
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v2(connection, sql, -1, &statement, nil)
        guard code == SQLITE_OK, let statement else {
            throw StoreError.io("cannot prepare a store query: \(String(cString: sqlite3_errmsg(connection)))")
        }
        self.handle = statement
        self.connection = connection
    }

    deinit { sqlite3_finalize(handle) }

    /// Binds `text` to parameter `index` (from 1), before the first `next()`.
    func bind(_ text: String, at index: Int32) {
        RawStatement.bindCopy(of: text, at: index, to: handle)
    }

    /// Binds `bytes` as text to parameter `index` (from 1) without copying
    /// them: they must stay where they are until `reset()`.
    func bindStatic(_ bytes: UnsafeRawBufferPointer, at index: Int32) {
        // An empty buffer may have no address; SQLite would read that as NULL.
        guard let base = bytes.baseAddress, !bytes.isEmpty else {
            _ = profilesync_bind_text_transient(handle, index, "", 0)
            return
        }
        // A nil destructor is SQLITE_STATIC: SQLite reads the bytes where they are.
        _ = sqlite3_bind_text(handle, index, base.assumingMemoryBound(to: CChar.self), Int32(bytes.count), nil)
    }

    /// Readies the query to run again from its first row, its parameters unbound.
    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Moves to the next row; false past the last one.
    func next() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw StoreError.io("store read failed: \(String(cString: sqlite3_errmsg(connection)))")
        }
    }

    /// Column `index` of the current row as text; NULL reads as nil.
    func text(_ index: Int32) -> String? {
        // Asked for before the length: sqlite3_column_bytes after
        // sqlite3_column_text gives the length of the text form.
        guard let bytes = sqlite3_column_text(handle, index) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, index))
        // Invalid UTF-8 is repaired, as GRDB's String decoding does; unlike
        // it, a NUL byte does not end the text (the store binds text by length).
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    /// Column `index` of the current row as bytes where SQLite holds them:
    /// valid until the next `next()`. NULL reads as no bytes.
    func bytes(_ index: Int32) -> UnsafeRawBufferPointer {
        // Asked for before the length, as `text(_:)` does.
        let start = sqlite3_column_blob(handle, index)
        return UnsafeRawBufferPointer(start: start, count: start == nil ? 0 : Int(sqlite3_column_bytes(handle, index)))
    }

    func int64(_ index: Int32) -> Int64 {
        sqlite3_column_int64(handle, index)
    }

    /// Column `index` as a number; NULL reads as nil.
    func optionalInt64(_ index: Int32) -> Int64? {
        sqlite3_column_type(handle, index) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, index)
    }
}
