#ifndef PROFILESYNC_CSQLITE_SHIM_H
#define PROFILESYNC_CSQLITE_SHIM_H
#include <sqlite3.h>

// SQLITE_TRANSIENT is a cast of -1 to a function pointer, which Swift cannot
// import; bind through this helper so SQLite copies the bytes.
static inline int profilesync_bind_text_transient(sqlite3_stmt *s, int i, const char *p, int n) {
    return sqlite3_bind_text(s, i, p, n, SQLITE_TRANSIENT);
}

// sqlite3_config is variadic, which Swift cannot call. Before SQLite's first
// use in the process: connections without their own mutex (SQLite's
// multi-thread mode, which GRDB's serialized connections are safe in) and no
// memory statistics, whose global mutex every SQLite allocation took. Returns
// the first error (SQLITE_MISUSE once SQLite is initialized: nothing changes).
static inline int profilesync_configure_sqlite(void) {
    int threading = sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    int statistics = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return threading != SQLITE_OK ? threading : statistics;
}
#endif
