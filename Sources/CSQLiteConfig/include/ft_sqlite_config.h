#ifndef FT_SQLITE_CONFIG_H
#define FT_SQLITE_CONFIG_H

/// Turns off SQLite's memory-usage statistics for the whole process.
///
/// With statistics on (the library's default), every allocation SQLite makes
/// takes one global mutex; an investigation reads rows on two connections at
/// once, and the two threads then queue on that mutex. FundTrace reads no
/// memory statistics. `sqlite3_config` is variadic, which Swift cannot call,
/// hence this shim. Must run before SQLite initialises (before the first
/// connection opens); returns SQLite's result code (SQLITE_MISUSE if too late).
int ft_sqlite_disable_memstatus(void);

#endif
