import Foundation
import GRDB
import Testing
import TestSupport

@testable import ProfileStore

/// A statement that fails says why: SQLite's message, read before the
/// statement is reset and unbound (which set it back to "not an error",
/// all a full disk under a run's commit used to say).
@Suite struct RawStatementTests {
    @Test func aFailedWriteSaysWhatSQLiteSaid() throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let queue = try DatabaseQueue(path: folder.url.appendingPathComponent("t.db").path)
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
            let connection = try #require(db.sqliteConnection)
            var statement = try RawStatement(connection, sql: "INSERT INTO t (key, value) VALUES (?, ?)")
            let value: [UInt8] = [1, 2, 3]
            func insert(_ key: String) throws -> Int {
                try value.withUnsafeBytes { bytes throws -> Int in
                    statement.bind(1, key)
                    statement.bindStaticBlob(2, bytes)
                    return try statement.execute()
                }
            }
            #expect(try insert("k") == 1)
            var message = ""
            do {
                _ = try insert("k")
            } catch {
                message = "\(error)"
            }
            #expect(message.contains("UNIQUE constraint failed: t.key"), "\(message)")
            // The statement goes on working after a failure.
            #expect(try insert("other") == 1)
        }
    }
}
