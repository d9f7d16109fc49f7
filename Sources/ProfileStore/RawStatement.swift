import CSQLite

/// A prepared statement bound and stepped through the SQLite C API directly.
///
/// A first run commits 200,000+ rows; GRDB's `StatementArguments` boxes every
/// value into a `DatabaseValue` array per row, which cost more than SQLite's
/// own work. Values are bound in place (SQLITE_STATIC) for the one execution
/// that needs them: a row's strings are gathered into one buffer the
/// statement reuses, and blobs are bound where the caller keeps them. A
/// transient bind would have SQLite allocate, copy and free every string of
/// every row. Used only inside a GRDB write transaction, on GRDB's own
/// connection, so transactions and errors stay GRDB's business.
struct RawStatement: ~Copyable {
    private let handle: OpaquePointer
    private let connection: OpaquePointer
    /// Parameters bound in place, which `execute` unbinds.
    private var staticParameters: [Int32] = []
    /// This row's strings, side by side, and where each one goes.
    private var rowText = StoredBytesWriter(reservingCapacity: 512)
    private var pendingText: [(index: Int32, offset: Int, count: Int)] = []

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

    /// Binds `text` for the next `execute` only (copied into the row's buffer).
    mutating func bind(_ index: Int32, _ text: String) {
        let offset = rowText.count
        rowText.raw(text)
        pendingText.append((index, offset, rowText.count - offset))
    }

    mutating func bind(_ index: Int32, _ text: String?) {
        if let text { bind(index, text) } else { sqlite3_bind_null(handle, index) }
    }

    /// Binds text bytes (nil: NULL) without copying them, for the next
    /// `execute` only; like `bindStaticBlob`, call it inside the closure that
    /// keeps the bytes alive, and execute there too.
    mutating func bindStaticText(_ index: Int32, _ bytes: UnsafeRawBufferPointer?) {
        guard let bytes else {
            sqlite3_bind_null(handle, index)
            return
        }
        guard let base = bytes.baseAddress, !bytes.isEmpty else {
            // No address to bind in place; SQLite would read a nil one as NULL.
            _ = profilesync_bind_text_transient(handle, index, "", 0)
            return
        }
        base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
            _ = sqlite3_bind_text(handle, index, $0, Int32(bytes.count), nil)
        }
        staticParameters.append(index)
    }

    /// Binds `text` for every following execution (SQLite keeps a copy):
    /// for values that are the same in every row of a run.
    func bindForAllRows(_ index: Int32, _ text: String) {
        Self.bindCopy(of: text, at: index, to: handle)
    }

    /// Binds a copy of `text` (SQLITE_TRANSIENT) to parameter `index` of
    /// `handle`, a statement prepared here or by GRDB.
    static func bindCopy(of text: String, at index: Int32, to handle: OpaquePointer) {
        var text = text
        text.withUTF8 { bytes in
            // An empty buffer may have no address; SQLite would read that as NULL.
            guard let base = bytes.baseAddress, !bytes.isEmpty else {
                _ = profilesync_bind_text_transient(handle, index, "", 0)
                return
            }
            base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                _ = profilesync_bind_text_transient(handle, index, $0, Int32(bytes.count))
            }
        }
    }

    /// Binds `bytes` as a BLOB without copying them, for the next `execute`
    /// only: call it inside the closure that keeps `bytes` alive, and execute
    /// there too. `execute` unbinds it, so SQLite never holds the pointer past
    /// that closure.
    mutating func bindStaticBlob(_ index: Int32, _ bytes: UnsafeRawBufferPointer) {
        if let base = bytes.baseAddress, !bytes.isEmpty {
            // A nil destructor is SQLITE_STATIC: SQLite reads the bytes where they are.
            sqlite3_bind_blob(handle, index, base, Int32(bytes.count), nil)
            staticParameters.append(index)
        } else {
            sqlite3_bind_zeroblob(handle, index, 0)
        }
    }

    func bind(_ index: Int32, _ number: Int64) {
        sqlite3_bind_int64(handle, index, number)
    }

    /// Binds `number`, or NULL when it is nil.
    func bind(_ index: Int32, _ number: Int64?) {
        if let number { sqlite3_bind_int64(handle, index, number) } else { sqlite3_bind_null(handle, index) }
    }

    func bind(_ index: Int32, _ number: Int) {
        sqlite3_bind_int64(handle, index, Int64(number))
    }

    /// Runs the statement to completion and readies it for the next row.
    /// Numbers and `bindForAllRows` strings stay bound; the rest is unbound.
    /// Returns how many rows it inserted, updated or deleted.
    @discardableResult
    mutating func execute() throws -> Int {
        // Bound only now that the row's strings are all in the buffer, which
        // is not touched again until after the step. The buffer always has an
        // address, so an empty string is bound as empty, not NULL.
        let base = rowText.bytes.baseAddress!
        for text in pendingText {
            // A nil destructor is SQLITE_STATIC: SQLite reads the bytes where they are.
            (base + text.offset).withMemoryRebound(to: CChar.self, capacity: text.count) {
                _ = sqlite3_bind_text(handle, text.index, $0, Int32(text.count), nil)
            }
            staticParameters.append(text.index)
        }
        let code = sqlite3_step(handle)
        // Read at once: `reset` and the binds below set the connection's
        // message back to "not an error", which is what a full disk said.
        let failure = code == SQLITE_DONE ? nil : String(cString: sqlite3_errmsg(connection))
        sqlite3_reset(handle)
        for index in staticParameters { sqlite3_bind_null(handle, index) }
        staticParameters.removeAll(keepingCapacity: true)
        pendingText.removeAll(keepingCapacity: true)
        rowText.reset()
        if let failure { throw StoreError.io("store write failed: \(failure)") }
        return Int(sqlite3_changes(connection))
    }
}
