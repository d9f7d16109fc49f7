import GRDB

/// The store's schema, as ordered migrations (GRDB's DatabaseMigrator), so
/// a store written by an older version is upgraded in place, never rebuilt.
///
/// A new store runs every migration in turn, so it ends with exactly the
/// schema an upgraded one has.
enum StoreSchema {
    /// The migration that replaced v1's JSON columns with binary forms.
    static let binaryForms = "v2: binary properties, change bodies and members; catalogue"

    /// The account index keyed by `lower(account)` instead of `account
    /// COLLATE NOCASE`, and the state index holding only profiles that are
    /// not active. A first run builds its secondary indexes after its rows,
    /// on the one thread the commit waits for: at 100,000 profiles (sqlite3
    /// shell) the account index took 0.139-0.146 s with NOCASE, whose
    /// collation SQLite calls for every comparison, and 0.103-0.105 s on
    /// `lower(account)`, compared as bytes; the state index 0.058-0.061 s
    /// whole and 0.034-0.036 s holding only the profiles `missing` and
    /// `purge` look for. `lower` folds ASCII letters only, as NOCASE does,
    /// so lookups match the same rows and sort in the same order. Queries
    /// say `lower(account)`, and `state <> 'active'` beside a state filter,
    /// for SQLite to use these indexes. The change log's index, which
    /// `show --history` reads, is keyed by the anchor alone (the connection
    /// is checked on the few rows it finds) and leaves out the membership
    /// changes, which have none: 0.070-0.097 s against 0.106-0.152 s.
    static let leanIndexes =
        "v3: account index on lower(account); state index of profiles not active; change log by anchor"

    /// A column for each profile's input digest (`PriorProfile.inputs`):
    /// NULL in an upgraded store until a run records it, which only means
    /// that run builds the profile.
    static let profileInputs = "v4: profiles' input digests"

    /// A column for the place of each new profile's `add` in its run's
    /// changes, which the profile's row keeps instead of a change row
    /// (`KeptAdds`). NULL in an upgraded store: its adds are all in the
    /// change log already.
    static let keptAdds = "v5: adds kept in their profiles' rows"

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: profiles, groups, runs, changes") { db in
            try db.execute(
                sql: """
                    CREATE TABLE runs (
                        id INTEGER PRIMARY KEY,
                        kind TEXT NOT NULL,
                        status TEXT NOT NULL,
                        started TEXT NOT NULL,
                        finished TEXT NOT NULL,
                        fingerprint TEXT NOT NULL,
                        summary TEXT NOT NULL,        -- JSON object, DESIGN §5.2 summary
                        inputs TEXT NOT NULL,         -- JSON array of inputs with size and SHA-256
                        notes TEXT NOT NULL,          -- JSON array of strings
                        diagnostics TEXT NOT NULL,    -- JSON array
                        watermarks TEXT NOT NULL      -- JSON object connection → highest uSNChanged
                    );
                    CREATE TABLE profiles (
                        connection TEXT NOT NULL,
                        anchor TEXT NOT NULL,
                        account TEXT NOT NULL,
                        dn TEXT NOT NULL,
                        dn_key TEXT NOT NULL,          -- lowercased DN for lookups
                        state TEXT NOT NULL,
                        reason TEXT,
                        properties TEXT NOT NULL,      -- JSON array of {name, values, source, run}
                        digest INTEGER NOT NULL,
                        snapshot BLOB NOT NULL,
                        created_run INTEGER NOT NULL,
                        updated_run INTEGER NOT NULL,
                        state_run INTEGER NOT NULL,    -- the run that set the current state
                        state_since TEXT NOT NULL,
                        PRIMARY KEY (connection, anchor)
                    );
                    CREATE INDEX profiles_account ON profiles (account COLLATE NOCASE);
                    CREATE INDEX profiles_dn ON profiles (dn_key);
                    CREATE INDEX profiles_state ON profiles (state);
                    CREATE TABLE groups (
                        connection TEXT NOT NULL,
                        anchor TEXT NOT NULL,
                        dn TEXT NOT NULL,
                        name TEXT NOT NULL,
                        members TEXT NOT NULL,        -- JSON array of member keys
                        digest INTEGER NOT NULL,
                        snapshot BLOB NOT NULL,
                        updated_run INTEGER NOT NULL,
                        PRIMARY KEY (connection, anchor)
                    );
                    CREATE TABLE changes (
                        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                        seq INTEGER NOT NULL,
                        kind TEXT NOT NULL,
                        connection TEXT,
                        anchor TEXT,
                        body TEXT NOT NULL,           -- the change as the JSON report prints it
                        PRIMARY KEY (run_id, seq)
                    );
                    CREATE INDEX changes_anchor ON changes (connection, anchor);
                    """)
        }
        migrator.registerMigration(binaryForms) { db in
            try db.execute(
                sql: """
                    CREATE TABLE catalogue (
                        id INTEGER PRIMARY KEY,
                        text TEXT NOT NULL UNIQUE     -- a property name or source (StoreCatalogue)
                    );
                    CREATE TABLE profiles_v2 (
                        connection TEXT NOT NULL,
                        anchor TEXT NOT NULL,
                        account TEXT NOT NULL,
                        dn TEXT NOT NULL,
                        dn_key TEXT NOT NULL,          -- lowercased DN for lookups
                        state TEXT NOT NULL,
                        reason TEXT,
                        properties BLOB NOT NULL,      -- StoredProperties
                        digest INTEGER NOT NULL,
                        snapshot BLOB NOT NULL,        -- SourceSnapshot
                        created_run INTEGER NOT NULL,
                        updated_run INTEGER NOT NULL,
                        state_run INTEGER NOT NULL,    -- the run that set the current state
                        state_since TEXT NOT NULL,
                        PRIMARY KEY (connection, anchor)
                    );
                    CREATE TABLE groups_v2 (
                        connection TEXT NOT NULL,
                        anchor TEXT NOT NULL,
                        dn TEXT NOT NULL,
                        name TEXT NOT NULL,
                        members BLOB NOT NULL,         -- StoredMembers
                        digest INTEGER NOT NULL,
                        snapshot BLOB NOT NULL,        -- SourceSnapshot
                        updated_run INTEGER NOT NULL,
                        PRIMARY KEY (connection, anchor)
                    );
                    CREATE TABLE changes_v2 (
                        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                        seq INTEGER NOT NULL,
                        kind TEXT NOT NULL,
                        connection TEXT,
                        anchor TEXT,
                        body BLOB NOT NULL,            -- StoredChange
                        PRIMARY KEY (run_id, seq)
                    );
                    """)
            try BinaryFormMigration.copy(db)
            try db.execute(
                sql: """
                    DROP TABLE profiles;
                    DROP TABLE groups;
                    DROP TABLE changes;
                    ALTER TABLE profiles_v2 RENAME TO profiles;
                    ALTER TABLE groups_v2 RENAME TO groups;
                    ALTER TABLE changes_v2 RENAME TO changes;
                    CREATE INDEX profiles_account ON profiles (account COLLATE NOCASE);
                    CREATE INDEX profiles_dn ON profiles (dn_key);
                    CREATE INDEX profiles_state ON profiles (state);
                    CREATE INDEX changes_anchor ON changes (connection, anchor);
                    """)
        }
        migrator.registerMigration(leanIndexes) { db in
            // Only the two indexes are rebuilt; no row is rewritten.
            try db.execute(
                sql: """
                    DROP INDEX profiles_account;
                    CREATE INDEX profiles_account ON profiles (lower(account));
                    DROP INDEX profiles_state;
                    CREATE INDEX profiles_state ON profiles (state) WHERE state <> 'active';
                    DROP INDEX changes_anchor;
                    CREATE INDEX changes_anchor ON changes (anchor) WHERE anchor IS NOT NULL;
                    """)
        }
        migrator.registerMigration(profileInputs) { db in
            // A column added at the end: SQLite rewrites no row.
            try db.execute(sql: "ALTER TABLE profiles ADD COLUMN inputs INTEGER")
        }
        migrator.registerMigration(keptAdds) { db in
            try db.execute(sql: "ALTER TABLE profiles ADD COLUMN added_seq INTEGER")
        }
        return migrator
    }
}
