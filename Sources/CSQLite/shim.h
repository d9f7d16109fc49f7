#ifndef PROFILESYNC_CSQLITE_SHIM_H
#define PROFILESYNC_CSQLITE_SHIM_H
#include <sqlite3.h>

// SQLITE_TRANSIENT is a cast of -1 to a function pointer, which Swift cannot
// import; bind through this helper so SQLite copies the bytes.
static inline int profilesync_bind_text_transient(sqlite3_stmt *s, int i, const char *p, int n) {
    return sqlite3_bind_text(s, i, p, n, SQLITE_TRANSIENT);
}
#endif
