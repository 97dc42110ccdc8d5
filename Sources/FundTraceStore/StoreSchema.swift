import GRDB

/// The SQLite schema of a FundTrace store, as GRDB migrations.
///
/// Tables: `chains`, `assets`, `addresses` (interned), `blocks`,
/// `transactions` (interned hashes with their metadata: position, timestamp,
/// gas, status), `transfers` (account-model movements, amounts as exact
/// decimal TEXT), `utxo_outputs` / `utxo_inputs`, and `loads` (provenance of
/// every file loaded), and `labels` (what label providers say of addresses).
///
/// Amounts are TEXT holding the exact decimal integer: SQLite integers stop
/// at 2^63−1 and REAL loses units, while ERC-20 values reach 2^256−1. Use the
/// `fundtrace` commands (not SQL `SUM`) to add them.
enum StoreSchema {
    /// The indexes behind "outgoing transfers of X after block P" and "incoming
    /// transfers of X", and the ordered sweep. Bulk loads drop and rebuild
    /// them (see ``StoreWriter``).
    /// `transfers_order` serves the ordered sweep of every transfer.
    static let secondaryTransferIndexes = "CREATE INDEX IF NOT EXISTS transfers_outgoing ON transfers(from_id, block); "
        + "CREATE INDEX IF NOT EXISTS transfers_incoming ON transfers(to_id, block); "
        + "CREATE INDEX IF NOT EXISTS transfers_order ON transfers(chain_id, block);"
    static let dropSecondaryTransferIndexes = "DROP INDEX IF EXISTS transfers_outgoing; DROP INDEX IF EXISTS transfers_incoming; "
        + "DROP INDEX IF EXISTS transfers_order;"

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE chains(
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    model TEXT NOT NULL);
                CREATE TABLE assets(
                    id INTEGER PRIMARY KEY,
                    chain_id INTEGER NOT NULL REFERENCES chains(id),
                    code TEXT NOT NULL,              -- native symbol or token contract address
                    is_native INTEGER NOT NULL,
                    symbol TEXT,
                    name TEXT,
                    decimals INTEGER,
                    UNIQUE(chain_id, code));
                CREATE TABLE addresses(
                    id INTEGER PRIMARY KEY,
                    address TEXT NOT NULL,
                    address_key INTEGER NOT NULL);       -- InterningKey of the text; unique by construction
                CREATE INDEX addresses_key ON addresses(address_key);
                CREATE TABLE blocks(
                    chain_id INTEGER NOT NULL,
                    number INTEGER NOT NULL,
                    timestamp INTEGER,
                    hash TEXT,
                    PRIMARY KEY(chain_id, number)) WITHOUT ROWID;
                CREATE TABLE transactions(
                    id INTEGER PRIMARY KEY,
                    chain_id INTEGER NOT NULL,
                    hash TEXT NOT NULL,
                    block INTEGER,
                    tx_index INTEGER,
                    timestamp INTEGER,
                    from_id INTEGER,
                    gas_used INTEGER,
                    gas_price TEXT,
                    effective_gas_price TEXT,
                    fee TEXT,                         -- explicit fee when the source states it
                    status INTEGER,                   -- 1 success, 0 failed, NULL unknown
                    hash_key INTEGER NOT NULL);       -- InterningKey of (chain, hash); unique by construction
                CREATE INDEX transactions_key ON transactions(hash_key);
                CREATE TABLE transfers(
                    id INTEGER PRIMARY KEY,
                    tx_id INTEGER NOT NULL REFERENCES transactions(id),
                    kind INTEGER NOT NULL,            -- 0 native, 1 internal, 2 token
                    log_index INTEGER NOT NULL,       -- token: the log index; native and internal: 0
                    trace_address TEXT NOT NULL,      -- internal: sortable trace path; else ''
                    chain_id INTEGER NOT NULL,
                    block INTEGER NOT NULL,
                    from_id INTEGER NOT NULL,
                    to_id INTEGER NOT NULL,
                    asset_id INTEGER NOT NULL,
                    amount TEXT NOT NULL,
                    fee TEXT,                         -- explicit per-transfer fee (canonical CSV); else the transaction's
                    tx_index INTEGER,                 -- explicit position (canonical CSV); else the transaction's
                    load_id INTEGER NOT NULL);
                CREATE UNIQUE INDEX transfers_identity ON transfers(tx_id, kind, log_index, trace_address);
                \(secondaryTransferIndexes)
                CREATE TABLE utxo_outputs(
                    tx_id INTEGER NOT NULL,
                    n INTEGER NOT NULL,
                    address_id INTEGER NOT NULL,
                    value TEXT NOT NULL,
                    load_id INTEGER NOT NULL,
                    PRIMARY KEY(tx_id, n)) WITHOUT ROWID;
                CREATE INDEX utxo_outputs_address ON utxo_outputs(address_id);
                CREATE TABLE utxo_inputs(
                    tx_id INTEGER NOT NULL,
                    n INTEGER NOT NULL,
                    prev_tx_id INTEGER NOT NULL,
                    prev_n INTEGER NOT NULL,
                    address_id INTEGER,
                    value TEXT,
                    load_id INTEGER NOT NULL,
                    PRIMARY KEY(tx_id, n)) WITHOUT ROWID;
                CREATE INDEX utxo_inputs_spent ON utxo_inputs(prev_tx_id, prev_n);
                CREATE TABLE loads(
                    id INTEGER PRIMARY KEY,
                    file TEXT NOT NULL,
                    sha256 TEXT NOT NULL,
                    format TEXT NOT NULL,
                    chain TEXT NOT NULL,
                    rows_read INTEGER NOT NULL,
                    rows_stored INTEGER NOT NULL,
                    rows_duplicate INTEGER NOT NULL,
                    rows_skipped INTEGER NOT NULL,
                    rows_rejected INTEGER NOT NULL,
                    started_at TEXT NOT NULL,
                    finished_at TEXT NOT NULL,
                    tool_version TEXT NOT NULL);
                """)
        }
        m.registerMigration("v2-labels") { db in
            try db.execute(sql: """
                CREATE TABLE labels(
                    id INTEGER PRIMARY KEY,
                    chain TEXT NOT NULL,
                    address TEXT NOT NULL,            -- store form: EVM lower-cased
                    label TEXT NOT NULL,
                    category TEXT NOT NULL,           -- FundTrace taxonomy (LabelCategory)
                    source_category TEXT NOT NULL,    -- the provider's own category or tag
                    source TEXT NOT NULL,
                    confidence INTEGER,
                    actor TEXT,
                    UNIQUE(chain, address, label, source_category, source));
                CREATE INDEX labels_address ON labels(address);
                """)
        }
        // What the canonical CSV states per row, so that `export transfers`
        // gives every row back. `timestamp`: the row's own time (rows naming
        // one transaction may state different ones). `repetition`: that format
        // names a transfer by (tx_hash, log_index) alone, which need not be
        // unique (a store's export lists internal transfers beside their
        // transaction's own, all with log index 0); the n-th row of one
        // identity with other content is stored with repetition = n (0 for every
        // other transfer). The store orders such rows by id, as they came.
        m.registerMigration("v3-canonical-rows") { db in
            try db.execute(sql: """
                ALTER TABLE transfers ADD COLUMN timestamp INTEGER;
                ALTER TABLE transfers ADD COLUMN repetition INTEGER NOT NULL DEFAULT 0;
                DROP INDEX transfers_identity;
                CREATE UNIQUE INDEX transfers_identity ON transfers(tx_id, kind, log_index, trace_address, repetition);
                """)
        }
        // Every label file imported, with its SHA-256: a report names the label files that decided its endpoints.
        m.registerMigration("v4-label-files") { db in
            try db.execute(sql: """
                CREATE TABLE label_files(
                    id INTEGER PRIMARY KEY,
                    file TEXT NOT NULL,
                    sha256 TEXT NOT NULL,
                    labels INTEGER NOT NULL,
                    added INTEGER NOT NULL,
                    imported_at TEXT NOT NULL);
                """)
        }
        // Where fetched data came from: each fetched file's load, the service (secrets removed), the query and when.
        m.registerMigration("v5-fetches") { db in
            try db.execute(sql: """
                CREATE TABLE fetches(
                    id INTEGER PRIMARY KEY,
                    load_id INTEGER NOT NULL REFERENCES loads(id),
                    endpoint TEXT NOT NULL,
                    query TEXT NOT NULL,
                    requests INTEGER NOT NULL,
                    fetched_at TEXT NOT NULL);
                """)
        }
        return m
    }
}
