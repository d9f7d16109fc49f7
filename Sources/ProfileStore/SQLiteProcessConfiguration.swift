import CSQLite

/// SQLite's process-wide settings, applied once, before the store's first
/// connection (`profilesync_configure_sqlite` in the CSQLite shim).
///
/// The system library is built serialized: every call on a connection took
/// its mutex, and every allocation the mutex of the memory statistics, so
/// a first run's commit locked and unlocked a mutex several times per row
/// on the one thread the whole commit waits for. GRDB never uses one
/// connection on two threads at once (each is behind its own serial
/// queue), which is all SQLite's multi-thread mode asks.
enum SQLiteProcessConfiguration {
    /// Whether the settings took effect: false when SQLite was already in
    /// use in this process (a test's fixture), which keeps its defaults.
    static let applied: Bool = profilesync_configure_sqlite() == SQLITE_OK
}
