import CSQLite

/// A prepared statement bound and stepped through the SQLite C API directly.
///
/// A first run commits 200,000+ rows; GRDB's `StatementArguments` boxes every
/// value into a `DatabaseValue` array per row, which cost more than SQLite's
/// own work. Binding straight from the Swift strings and byte arrays (SQLite
/// copies them: transient binds) and resetting the statement per row keeps
/// the commit close to SQLite's floor. Used only inside a GRDB write
/// transaction, on GRDB's own connection, so transactions and errors stay
/// GRDB's business.
struct RawStatement: ~Copyable {
    private let handle: OpaquePointer
    private let connection: OpaquePointer

    init(_ connection: OpaquePointer, sql: String) throws {
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v3(connection, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard code == SQLITE_OK, let statement else {
            throw StoreError.io("cannot prepare a store statement: \(String(cString: sqlite3_errmsg(connection)))")
        }
        self.handle = statement
        self.connection = connection
    }

    deinit { sqlite3_finalize(handle) }

    func bind(_ index: Int32, _ text: String) {
        var text = text
        text.withUTF8 { bindText(index, $0) }
    }

    func bind(_ index: Int32, _ text: String?) {
        if let text { bind(index, text) } else { sqlite3_bind_null(handle, index) }
    }

    /// Binds UTF-8 bytes (JSON written by `JSONWriter`) as TEXT, without a String in between.
    func bindText(_ index: Int32, _ bytes: UnsafeBufferPointer<UInt8>) {
        // An empty buffer may have no address; SQLite would read that as NULL.
        guard let base = bytes.baseAddress, !bytes.isEmpty else {
            _ = profilesync_bind_text_transient(handle, index, "", 0)
            return
        }
        base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
            _ = profilesync_bind_text_transient(handle, index, $0, Int32(bytes.count))
        }
    }

    func bindText(_ index: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { bindText(index, $0) }
    }

    func bindBlob(_ index: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            if let base = raw.baseAddress, !raw.isEmpty {
                _ = profilesync_bind_blob_transient(handle, index, base, Int32(raw.count))
            } else {
                _ = sqlite3_bind_zeroblob(handle, index, 0)
            }
        }
    }

    func bind(_ index: Int32, _ number: Int64) {
        sqlite3_bind_int64(handle, index, number)
    }

    func bind(_ index: Int32, _ number: Int) {
        sqlite3_bind_int64(handle, index, Int64(number))
    }

    /// Runs the statement to completion and readies it for the next row.
    func execute() throws {
        let code = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard code == SQLITE_DONE else {
            throw StoreError.io("store write failed: \(String(cString: sqlite3_errmsg(connection)))")
        }
    }
}
