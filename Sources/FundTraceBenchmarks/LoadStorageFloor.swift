import Foundation

/// The storage work of a load done by SQLite alone, as cheaply as SQLite can
/// do it: the generated file's rows, already parsed and with every address,
/// token and transaction hash already resolved to its id (a staging database
/// prepared untimed by the `sqlite3` shell), inserted set-wise into a new
/// FundTrace store — addresses and transactions with their interning keys,
/// transfers under their unique identity, then the three secondary indexes,
/// in one transaction. No parsing, validation or lookups are timed, so no
/// loader that keeps this store can be faster: it is the floor beside which
/// `fundtrace load` and `.import` are read.
enum LoadStorageFloor {
    /// Builds the staging database of `csv` (untimed; kept and reused while
    /// newer than the file) and returns its path.
    static func stage(csv: String, workDir: String) throws -> String {
        let staging = (workDir as NSString).appendingPathComponent("bench-floor-staging-\((csv as NSString).lastPathComponent).sqlite")
        func modified(_ path: String) -> Date? { (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date }
        if let built = modified(staging), let source = modified(csv), built > source { return staging }
        try? FileManager.default.removeItem(atPath: staging)
        let settings = "PRAGMA page_size = 16384; PRAGMA cache_size = -262144; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
        let sql = """
            CREATE TABLE amap(a TEXT PRIMARY KEY, id INTEGER);
            INSERT INTO amap(a) SELECT DISTINCT x FROM (SELECT from_address x FROM raw UNION SELECT to_address FROM raw);
            UPDATE amap SET id = rowid;
            CREATE TABLE tokmap(a TEXT PRIMARY KEY, id INTEGER);
            INSERT INTO tokmap(a) SELECT DISTINCT token_address FROM raw;
            UPDATE tokmap SET id = rowid + 1;
            CREATE TABLE tmap(h TEXT PRIMARY KEY, id INTEGER, b INTEGER);
            INSERT INTO tmap(h, b) SELECT transaction_hash, min(CAST(block_number AS INTEGER)) FROM raw GROUP BY transaction_hash ORDER BY min(rowid);
            UPDATE tmap SET id = rowid;
            CREATE TABLE st AS SELECT t.id tx_id, CAST(r.log_index AS INTEGER) li, CAST(r.block_number AS INTEGER) b,
                f.id fid, o.id tid, k.id aid, r.value v
                FROM raw r JOIN tmap t ON t.h = r.transaction_hash JOIN amap f ON f.a = r.from_address
                JOIN amap o ON o.a = r.to_address JOIN tokmap k ON k.a = r.token_address ORDER BY r.rowid;
            DROP TABLE raw;
            """
        // The shell takes a dot-command only as an argument of its own.
        let r = try ChildProcess.run(["sqlite3", staging, settings, ".import --csv \(csv) raw", sql])
        guard r.status == 0 else { throw NSError(domain: "bench", code: 1, userInfo: [NSLocalizedDescriptionKey: "staging failed: \(r.output)"]) }
        return staging
    }

    /// Times the set-wise inserts into `store` (a new, empty FundTrace store).
    static func run(store: String, staging: String) throws -> ChildProcess.Outcome {
        // Interning keys are random 63-bit integers here: the index work is the same as for FNV-1a keys.
        let sql = """
            PRAGMA synchronous = NORMAL; PRAGMA cache_size = -131072;
            ATTACH '\(staging)' AS s;
            BEGIN;
            DROP INDEX IF EXISTS transfers_outgoing; DROP INDEX IF EXISTS transfers_incoming; DROP INDEX IF EXISTS transfers_order;
            INSERT INTO chains(id, name, model) VALUES(1, 'ethereum', 'account');
            INSERT INTO assets(id, chain_id, code, is_native) VALUES(1, 1, 'ETH', 1);
            INSERT INTO assets(id, chain_id, code, is_native) SELECT id, 1, a, 0 FROM s.tokmap;
            INSERT INTO addresses(id, address, address_key) SELECT id, a, random() & 0x7fffffffffffffff FROM s.amap ORDER BY id;
            INSERT INTO transactions(id, chain_id, hash, block, hash_key) SELECT id, 1, h, b, random() & 0x7fffffffffffffff FROM s.tmap ORDER BY id;
            INSERT INTO transfers(tx_id, kind, log_index, trace_address, chain_id, block, from_id, to_id, asset_id, amount, load_id)
                SELECT tx_id, 2, li, '', 1, b, fid, tid, aid, v, 1 FROM s.st ORDER BY rowid;
            CREATE INDEX transfers_outgoing ON transfers(from_id, block);
            CREATE INDEX transfers_incoming ON transfers(to_id, block);
            CREATE INDEX transfers_order ON transfers(chain_id, block);
            COMMIT;
            """
        let r = try ChildProcess.run(["sqlite3", store, sql])
        guard r.status == 0 else { throw NSError(domain: "bench", code: 1, userInfo: [NSLocalizedDescriptionKey: "floor failed: \(r.output)"]) }
        return r
    }
}
