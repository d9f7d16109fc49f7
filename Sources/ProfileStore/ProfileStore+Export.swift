import Foundation
import GRDB
import ProfileCore

extension ProfileStore {
    /// Walks stored profiles one at a time inside a read transaction, so
    /// exports of a million profiles never hold them all, and several walks
    /// (CSV collects its columns first) see the same store even while a run
    /// commits.
    public struct ProfileWalk {
        let db: Database

        /// Calls `body` with each profile in `states` (all when empty), in
        /// account order as `profiles(in:)` lists them.
        public func forEach(in states: Set<ProfileState> = [], _ body: (Profile) throws -> Void) throws {
            var sql = "SELECT connection, anchor, account, dn, state, reason, properties FROM profiles"
            if !states.isEmpty {
                sql += " WHERE \(ProfileStore.inactiveOnly(states))state IN ("
                    + states.map { _ in "?" }.joined(separator: ",") + ")"
            }
            sql += " ORDER BY lower(account), connection, anchor"
            let arguments = StatementArguments(states.map(\.rawValue).sorted())
            let catalogue = try StoreCatalogue.load(db)
            let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try rows.next() {
                let profile = Profile(
                    key: ProfileKey(connection: row[0], anchor: row[1]), account: row[2], dn: row[3],
                    state: ProfileState(rawValue: row[4]) ?? .active,
                    reason: (row[5] as String?).flatMap(ExclusionReason.init(rawValue:)),
                    properties: try StoredColumns.properties(row[6], account: row[2], dn: row[3], anchor: row[1], catalogue))
                try body(profile)
            }
        }
    }

    /// Runs `body` with a `ProfileWalk` over one consistent read of the store.
    public func walkProfiles<T>(_ body: (ProfileWalk) throws -> T) throws -> T {
        try database.read { db in try body(ProfileWalk(db: db)) }
    }
}
