import CSQLite
import ProfileCore
import Synchronization

/// Read-only connections of their own for `PropertiesLookup`, so that the
/// threads building a drifted run's profiles read their stored properties
/// side by side.
///
/// Through the store's own connection every read took GRDB's serial queue:
/// the two build threads took turns at it, and waited for each other in
/// the kernel, for each of 80,000 changed profiles at a million users.
/// A connection is taken from the idle ones (opened when there are none)
/// for one read, so there are as many as threads reading at once; the run
/// holds the store's lock and nothing writes until its commit, which closes
/// them first (`close()`): they hold no read transaction between reads.
final class PropertiesReaders: Sendable {
    private let path: String
    private let idle = Mutex<[Reader]>([])

    /// One connection and its prepared statement, used by one thread at a time.
    private final class Reader: @unchecked Sendable {
        let connection: OpaquePointer
        let statement: OpaquePointer

        init(path: String) throws {
            var connection: OpaquePointer?
            let opened = sqlite3_open_v2(path, &connection, SQLITE_OPEN_READONLY, nil)
            guard opened == SQLITE_OK, let connection else {
                let message = connection.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
                sqlite3_close_v2(connection)
                throw StoreError.io("cannot open the store to read profiles: \(message)")
            }
            sqlite3_busy_timeout(connection, 5_000)
            var statement: OpaquePointer?
            guard sqlite3_prepare_v2(connection, PropertiesLookup.sql, -1, &statement, nil) == SQLITE_OK, let statement
            else {
                let message = String(cString: sqlite3_errmsg(connection))
                sqlite3_close_v2(connection)
                throw StoreError.io("cannot prepare a store query: \(message)")
            }
            self.connection = connection
            self.statement = statement
        }

        deinit {
            sqlite3_finalize(statement)
            sqlite3_close_v2(connection)
        }
    }

    init(path: String) {
        self.path = path
    }

    /// `PropertiesLookup.properties` on a connection no other thread is using.
    func properties(
        of profile: PriorProfile, row: Int64, catalogue: StoreCatalogue.Cache, reload: () throws -> StoreCatalogue
    ) throws -> PropertyList {
        let reader = try idle.withLock { $0.popLast() } ?? Reader(path: path)
        defer { idle.withLock { $0.append(reader) } }
        return try PropertiesLookup.properties(
            of: profile, row: row, statement: reader.statement, connection: reader.connection, catalogue: catalogue,
            reload: reload)
    }

    /// Closes the idle connections (all of them when no read is under way).
    func close() {
        idle.withLock { $0.removeAll() }
    }
}
