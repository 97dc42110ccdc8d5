#include "ft_sqlite_config.h"
#include <sqlite3.h>

int ft_sqlite_disable_memstatus(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
