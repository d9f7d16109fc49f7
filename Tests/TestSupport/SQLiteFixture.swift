import CSQLite
import Foundation

/// Builds SQLite databases from SQL text (e.g. a `sqlite3 .dump` kept as a
/// fixture), so a store written by an older schema can be recreated exactly.
public enum SQLiteFixture {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Creates `path` (which must not exist) and runs `sql` in it.
    public static func create(_ path: String, sql: String) throws {
        try run(sql, in: path, flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, or: "cannot create")
    }

    /// Runs `sql` in the existing database at `path` (a test damaging a store, say).
    public static func execute(_ path: String, sql: String) throws {
        try run(sql, in: path, flags: SQLITE_OPEN_READWRITE, or: "cannot open")
    }

    private static func run(_ sql: String, in path: String, flags: Int32, or failure: String) throws {
        var database: OpaquePointer?
        guard sqlite3_open_v2(path, &database, flags, nil) == SQLITE_OK, let database else {
            sqlite3_close(database)
            throw Failure(description: "\(failure) \(path)")
        }
        defer { sqlite3_close(database) }
        var message: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(database, sql, nil, nil, &message) == SQLITE_OK else {
            defer { sqlite3_free(message) }
            throw Failure(description: "\(path): \(message.map { String(cString: $0) } ?? "SQL failed")")
        }
    }

    /// Every row of a query's result, each column as text (NULL as nil).
    public static func rows(_ path: String, _ sql: String) throws -> [[String?]] {
        var database: OpaquePointer?
        guard sqlite3_open_v2(path, &database, SQLITE_OPEN_READONLY, nil) == SQLITE_OK, let database else {
            sqlite3_close(database)
            throw Failure(description: "cannot open \(path)")
        }
        defer { sqlite3_close(database) }
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(database, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw Failure(description: "\(path): \(String(cString: sqlite3_errmsg(database)))")
        }
        defer { sqlite3_finalize(statement) }
        var rows: [[String?]] = []
        while sqlite3_step(statement) == SQLITE_ROW {
            rows.append(
                (0..<sqlite3_column_count(statement)).map { column in
                    sqlite3_column_text(statement, column).map { String(cString: $0) }
                })
        }
        return rows
    }
}
