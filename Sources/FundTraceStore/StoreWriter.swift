import FundTraceModel
import GRDBSQLite

/// Writes into the store inside one transaction (see ``TransferStore/write(_:)``).
///
/// Interns chains, assets, addresses and transaction hashes, and inserts
/// transfers and UTXO rows idempotently: a row whose identity is already
/// stored is reported as a duplicate and left untouched.
///
/// Caches are bounded (cleared when full), so memory does not grow with the
/// size of the file being loaded.
public final class StoreWriter {
    let db: OpaquePointer
    private var chainIDs: [String: Int64] = [:]
    private var assetIDs: [AssetKey: Int64] = [:]
    private var addressIDs: [String: Int64] = [:]
    private var packedAddressIDs: [PackedHexKey: Int64] = [:]
    private var txIDs: [TxKey: Int64] = [:]
    private var packedTxIDs: [PackedHexKey: Int64] = [:]
    static let cacheLimit = 300_000

    private struct AssetKey: Hashable { var chain: Int64; var code: String }
    private struct TxKey: Hashable { var chain: Int64; var hash: String }

    private let insertAddress: RawStatement
    private let selectAddress: RawStatement
    private let selectTx: RawStatement
    private let insertTx: RawStatement
    private let mergeTx: RawStatement
    private let insertTransferStmt: RawStatement
    private let sameIdentityStmt: RawStatement
    private let upsertBlockStmt: RawStatement
    private let insertOutputStmt: RawStatement
    private let insertInputStmt: RawStatement
    private let outputDiffersStmt: RawStatement
    private let inputDiffersStmt: RawStatement

    init(db: OpaquePointer) throws {
        self.db = db
        insertAddress = try RawStatement(db: db, sql: "INSERT INTO addresses(address, address_key) VALUES(?, ?)")
        selectAddress = try RawStatement(db: db, sql: "SELECT id, address FROM addresses WHERE address_key = ?")
        selectTx = try RawStatement(db: db, sql: "SELECT id, chain_id, hash FROM transactions WHERE hash_key = ?")
        insertTx = try RawStatement(db: db, sql: """
            INSERT INTO transactions(chain_id, hash, hash_key, block, tx_index, timestamp, from_id, gas_used, gas_price, effective_gas_price, fee, status)
            VALUES(?,?,?,?,?,?,?,?,?,?,?,?)
            """)
        mergeTx = try RawStatement(db: db, sql: """
            UPDATE transactions SET
                block = COALESCE(block, ?2),
                tx_index = COALESCE(tx_index, ?3),
                timestamp = COALESCE(timestamp, ?4),
                from_id = COALESCE(from_id, ?5),
                gas_used = COALESCE(gas_used, ?6),
                gas_price = COALESCE(gas_price, ?7),
                effective_gas_price = COALESCE(effective_gas_price, ?8),
                fee = COALESCE(fee, ?9),
                status = COALESCE(status, ?10)
            WHERE id = ?1
            """)
        insertTransferStmt = try RawStatement(db: db, sql: """
            INSERT INTO transfers(tx_id, kind, log_index, trace_address, chain_id, block, from_id, to_id, asset_id, amount, fee, tx_index, load_id,
                                  timestamp, repetition)
            VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING
            """)
        sameIdentityStmt = try RawStatement(db: db, sql: """
            SELECT \(StoreReader.rowColumns) FROM transfers t JOIN transactions tx ON tx.id = t.tx_id
            WHERE t.tx_id = ?1 AND t.log_index = ?2
            """)
        upsertBlockStmt = try RawStatement(db: db, sql: """
            INSERT INTO blocks(chain_id, number, timestamp, hash) VALUES(?,?,?,?)
            ON CONFLICT(chain_id, number) DO UPDATE SET timestamp = COALESCE(timestamp, excluded.timestamp), hash = COALESCE(hash, excluded.hash)
            """)
        insertOutputStmt = try RawStatement(db: db, sql: "INSERT INTO utxo_outputs(tx_id, n, address_id, value, load_id) VALUES(?,?,?,?,?) ON CONFLICT DO NOTHING")
        // A stored input the source data gave without address or value (an
        // export that was not enriched) takes them from a later file that
        // gives them; what is stored is never overwritten.
        insertInputStmt = try RawStatement(db: db, sql: """
            INSERT INTO utxo_inputs(tx_id, n, prev_tx_id, prev_n, address_id, value, load_id) VALUES(?,?,?,?,?,?,?)
            ON CONFLICT(tx_id, n) DO UPDATE SET address_id = COALESCE(address_id, excluded.address_id), value = COALESCE(value, excluded.value)
            WHERE prev_tx_id = excluded.prev_tx_id AND prev_n = excluded.prev_n
              AND ((address_id IS NULL AND excluded.address_id IS NOT NULL) OR (value IS NULL AND excluded.value IS NOT NULL))
            """)
        outputDiffersStmt = try RawStatement(db: db, sql: """
            SELECT address_id IS NOT ?3 OR value IS NOT ?4 FROM utxo_outputs WHERE tx_id = ?1 AND n = ?2
            """)
        inputDiffersStmt = try RawStatement(db: db, sql: """
            SELECT prev_tx_id IS NOT ?3 OR prev_n IS NOT ?4 OR (address_id IS NOT NULL AND ?5 IS NOT NULL AND address_id IS NOT ?5)
                   OR (value IS NOT NULL AND ?6 IS NOT NULL AND value IS NOT ?6)
            FROM utxo_inputs WHERE tx_id = ?1 AND n = ?2
            """)
    }

    /// Executes SQL without results (DDL, bulk updates).
    public func execute(_ sql: String) throws {
        let rc = sqlite3_exec(db, sql, nil, nil, nil)
        if rc != SQLITE_OK { throw StoreError.sqlite(code: rc, message: String(cString: sqlite3_errmsg(db)), sql: sql) }
    }

    // MARK: Bulk loads

    /// Number of stored account transfers (the highest row id: O(1)).
    public func transferCountEstimate() throws -> Int {
        let s = try RawStatement(db: db, sql: "SELECT COALESCE(MAX(id), 0) FROM transfers")
        _ = try s.step()
        return Int(s.int64(0))
    }

    /// Drops the secondary transfer indexes for the rest of this transaction.
    /// Building an index once over sorted keys is several times faster than
    /// maintaining it row by row with random keys; ``endBulkLoad()`` rebuilds
    /// them before commit, and a rollback restores them untouched.
    public func beginBulkLoad() throws { try execute(StoreSchema.dropSecondaryTransferIndexes) }

    /// Rebuilds the indexes dropped by ``beginBulkLoad()``.
    public func endBulkLoad() throws { try execute(StoreSchema.secondaryTransferIndexes) }

    // MARK: Interning

    /// The id of chain `name`, creating it with its known ledger model.
    public func chainID(_ name: String) throws -> Int64 {
        if let id = chainIDs[name] { return id }
        let info = ChainInfo.named(name)
        let ins = try RawStatement(db: db, sql: "INSERT INTO chains(name, model) VALUES(?, ?) ON CONFLICT DO NOTHING")
        ins.bind(1, name); ins.bind(2, info.model.rawValue)
        try ins.step()
        let sel = try RawStatement(db: db, sql: "SELECT id FROM chains WHERE name = ?")
        sel.bind(1, name)
        guard try sel.step() else { throw StoreError.corrupt("chain \(name) vanished") }
        let id = sel.int64(0)
        chainIDs[name] = id
        return id
    }

    /// The id of the asset `code` on a chain. Native assets get their known
    /// symbol and decimals; tokens get metadata later from ``upsertToken``.
    public func assetID(chain: Int64, chainName: String, code: String, isNative: Bool) throws -> Int64 {
        let key = AssetKey(chain: chain, code: code)
        if let id = assetIDs[key] { return id }
        let info = ChainInfo.named(chainName)
        let ins = try RawStatement(db: db, sql: "INSERT INTO assets(chain_id, code, is_native, symbol, decimals) VALUES(?,?,?,?,?) ON CONFLICT DO NOTHING")
        ins.bind(1, chain); ins.bind(2, code); ins.bind(3, isNative ? 1 : 0)
        ins.bind(4, isNative ? info.nativeSymbol : nil)
        ins.bind(5, isNative ? info.nativeDecimals.map(Int64.init) : nil)
        try ins.step()
        let sel = try RawStatement(db: db, sql: "SELECT id FROM assets WHERE chain_id = ? AND code = ?")
        sel.bind(1, chain); sel.bind(2, code)
        guard try sel.step() else { throw StoreError.corrupt("asset \(code) vanished") }
        let id = sel.int64(0)
        assetIDs[key] = id
        return id
    }

    /// Known token decimals on a chain, by contract (from loaded token metadata).
    public func tokenDecimals(chain: Int64) throws -> [String: Int] {
        let s = try RawStatement(db: db, sql: "SELECT code, decimals FROM assets WHERE chain_id = ? AND is_native = 0 AND decimals IS NOT NULL")
        s.bind(1, chain)
        var out: [String: Int] = [:]
        while try s.step() { out[s.text(0)] = Int(s.int64(1)) }
        return out
    }

    /// The id of a completed load of a file with this SHA-256, read inside the write transaction (so a
    /// concurrent load of the same file that committed first is seen).
    public func completedLoadID(sha256: String) throws -> Int64? {
        let st = try RawStatement(db: db, sql: "SELECT id FROM loads WHERE sha256 = ? ORDER BY id LIMIT 1")
        st.bind(1, sha256)
        return try st.step() ? st.int64(0) : nil
    }

    /// Adds a label within the load's transaction (an identical label already stored is left as it is).
    public func insertLabel(_ l: AddressLabel) throws {
        let st = try RawStatement(db: db, sql: """
            INSERT INTO labels(chain, address, label, category, source_category, source, confidence, actor)
            VALUES(?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING
            """)
        st.bind(1, l.chain); st.bind(2, l.address); st.bind(3, l.label); st.bind(4, l.category.rawValue)
        st.bind(5, l.sourceCategory); st.bind(6, l.source); st.bind(7, l.confidence.map(Int64.init)); st.bind(8, l.actor)
        try st.step()
    }

    /// Records a token's symbol, name and decimals (first known value wins).
    public func upsertToken(chain: Int64, address: String, symbol: String?, name: String?, decimals: Int?) throws {
        let st = try RawStatement(db: db, sql: """
            INSERT INTO assets(chain_id, code, is_native, symbol, name, decimals) VALUES(?,?,0,?,?,?)
            ON CONFLICT(chain_id, code) DO UPDATE SET symbol = COALESCE(symbol, excluded.symbol),
                name = COALESCE(name, excluded.name), decimals = COALESCE(decimals, excluded.decimals)
            """)
        st.bind(1, chain); st.bind(2, address); st.bind(3, symbol); st.bind(4, name); st.bind(5, decimals.map(Int64.init))
        try st.step()
    }

    /// The id of an (already normalised) address, interning it if new.
    public func addressID(_ address: String) throws -> Int64 {
        let packed = PackedHexKey(address)
        if let packed { if let id = packedAddressIDs[packed] { return id } } else if let id = addressIDs[address] { return id }
        let key = InterningKey.of(address)
        var found: Int64?
        selectAddress.reset(); selectAddress.bind(1, key)
        while try selectAddress.step() { if selectAddress.text(1) == address { found = selectAddress.int64(0); break } }
        selectAddress.reset()
        let id: Int64
        if let found {
            id = found
        } else {
            insertAddress.reset(); insertAddress.bind(1, address); insertAddress.bind(2, key)
            try insertAddress.step()
            id = sqlite3_last_insert_rowid(db)
        }
        if let packed {
            if packedAddressIDs.count >= Self.cacheLimit { packedAddressIDs.removeAll(keepingCapacity: true) }
            packedAddressIDs[packed] = id
        } else {
            if addressIDs.count >= Self.cacheLimit { addressIDs.removeAll(keepingCapacity: true) }
            addressIDs[address] = id
        }
        return id
    }

    /// The id of transaction `hash`, merging `meta` into what is known of it.
    public func transactionID(chain: Int64, hash: String, meta: TransactionMeta) throws -> Int64 {
        let packed = PackedHexKey(hash, chain: chain)
        let key = TxKey(chain: chain, hash: packed == nil ? hash : "")
        func cached() -> Int64? { packed.map { packedTxIDs[$0] } ?? txIDs[key] }
        func remember(_ id: Int64) {
            if let packed {
                if packedTxIDs.count >= Self.cacheLimit { packedTxIDs.removeAll(keepingCapacity: true) }
                packedTxIDs[packed] = id
            } else {
                if txIDs.count >= Self.cacheLimit { txIDs.removeAll(keepingCapacity: true) }
                txIDs[key] = id
            }
        }
        if meta.isBlockOnly, let id = cached() { return id }
        let hashKey = InterningKey.of(hash, chain: chain)
        var found: Int64?
        selectTx.reset(); selectTx.bind(1, hashKey)
        while try selectTx.step() { if selectTx.int64(1) == chain && selectTx.text(2) == hash { found = selectTx.int64(0); break } }
        selectTx.reset()
        if let id = found {
            let m = mergeTx
            m.reset()
            m.bind(1, id)
            bindMeta(m, meta, from: 2)
            try m.step()
            remember(id)
            return id
        }
        let s = insertTx
        s.reset()
        s.bind(1, chain); s.bind(2, hash); s.bind(3, hashKey)
        bindMeta(s, meta, from: 4)
        try s.step()
        let id = sqlite3_last_insert_rowid(db)
        remember(id)
        return id
    }

    /// Binds the nine metadata fields in `TransactionMeta` order starting at parameter `i`.
    private func bindMeta(_ s: RawStatement, _ meta: TransactionMeta, from i: Int32) {
        s.bind(i, meta.block.map { Int64(bitPattern: $0) })
        s.bind(i + 1, meta.txIndex.map { Int64(bitPattern: $0) })
        s.bind(i + 2, meta.timestamp)
        s.bind(i + 3, meta.fromID)
        s.bind(i + 4, meta.gasUsed.map { Int64(bitPattern: $0) })
        s.bind(i + 5, meta.gasPrice?.description)
        s.bind(i + 6, meta.effectiveGasPrice?.description)
        s.bind(i + 7, meta.fee?.description)
        s.bind(i + 8, meta.success.map { $0 ? 1 : 0 })
    }

    /// Records a block's timestamp and hash (first known value wins).
    public func upsertBlock(chain: Int64, number: UInt64, timestamp: Int64?, hash: String?) throws {
        let s = upsertBlockStmt
        s.reset()
        s.bind(1, chain); s.bind(2, Int64(bitPattern: number)); s.bind(3, timestamp); s.bind(4, hash)
        try s.step()
    }

    // MARK: Rows

    /// Inserts one account-model transfer; returns false if its identity
    /// `(transaction, kind, logIndex, traceAddress, repetition)` was already stored
    /// (`repetition`: see ``insertTransferAllowingRepeatedIdentity``).
    /// `fee`, `txIndex` and `timestamp` are given only by sources that state them per
    /// transfer (the canonical CSV); otherwise they come from the transaction.
    public func insertTransfer(txID: Int64, kind: TransferKind, logIndex: UInt64, traceAddress: String,
                               chain: Int64, block: UInt64, fromID: Int64, toID: Int64, assetID: Int64,
                               amount: Amount, fee: Amount? = nil, txIndex: UInt64? = nil, timestamp: Int64? = nil, repetition: Int64 = 0,
                               loadID: Int64) throws -> Bool {
        let s = insertTransferStmt
        s.reset()
        s.bind(1, txID); s.bind(2, Int64(kind.rawValue)); s.bind(3, Int64(bitPattern: logIndex)); s.bind(4, traceAddress)
        s.bind(5, chain); s.bind(6, Int64(bitPattern: block)); s.bind(7, fromID); s.bind(8, toID); s.bind(9, assetID)
        s.bind(10, amount.description); s.bind(11, fee?.description)
        s.bind(12, txIndex.map { Int64(bitPattern: $0) }); s.bind(13, loadID); s.bind(14, timestamp); s.bind(15, repetition)
        try s.step()
        return s.changes > 0
    }

    /// Inserts a transfer from a source whose rows name a transfer only by
    /// `(transaction, log index)`, which need not be unique there: the
    /// canonical CSV, where a store's own export lists a transaction's
    /// internal transfers beside its top-level one, all with log index 0.
    /// A row whose identity is taken is a duplicate when the store already
    /// holds a transfer of that transaction, log index and asset that reads
    /// back (as `export transfers` writes it) with the same block, position,
    /// addresses, amount and fee, whatever its kind: so a store's export
    /// loaded into a store holding the same data adds nothing. Otherwise it is
    /// stored beside them with the next `repetition` number, after them in
    /// the store's order (rows tied in the order sort by id, as they came).
    /// Returns false for a duplicate.
    public func insertTransferAllowingRepeatedIdentity(txID: Int64, kind: TransferKind, logIndex: UInt64, chain: Int64, block: UInt64,
                                                       fromID: Int64, toID: Int64, assetID: Int64, amount: Amount, fee: Amount,
                                                       txIndex: UInt64, timestamp: Int64?, loadID: Int64) throws -> Bool {
        func insert(repetition n: Int64) throws -> Bool {
            try insertTransfer(txID: txID, kind: kind, logIndex: logIndex, traceAddress: "", chain: chain, block: block,
                               fromID: fromID, toID: toID, assetID: assetID, amount: amount, fee: fee, txIndex: txIndex,
                               timestamp: timestamp, repetition: n, loadID: loadID)
        }
        if try insert(repetition: 0) { return true }
        // The transaction's transfers at this log index: one the same as this
        // row makes it a duplicate; those of its identity count its repetitions.
        let s = sameIdentityStmt
        s.reset()
        defer { s.reset() }
        s.bind(1, txID); s.bind(2, Int64(bitPattern: logIndex))
        var repetitions: Int64 = 0
        while try s.step() {
            let r = try StoreReader.transferRow(s)
            if (r.assetID, r.block, r.txIndex, r.fromID, r.toID) == (assetID, block, txIndex, fromID, toID) && (r.amount, r.fee) == (amount, fee) {
                return false
            }
            if r.kind == kind && s.text(16).isEmpty { repetitions += 1 }
        }
        return try insert(repetition: repetitions)
    }

    /// What a write of one UTXO output or input did.
    public enum UTXOWrite: Equatable, Sendable {
        case stored
        /// Already stored, with the same content.
        case duplicate
        /// Already stored with other content: an output's address or value,
        /// an input's spent outpoint, or an address or value both state. A
        /// transaction has one history, so the source data contradicts the
        /// store (or itself); nothing was written.
        case conflicting
    }

    /// Inserts one UTXO output.
    public func insertOutput(txID: Int64, n: Int, addressID: Int64, value: Amount, loadID: Int64) throws -> UTXOWrite {
        let s = insertOutputStmt
        s.reset()
        s.bind(1, txID); s.bind(2, Int64(n)); s.bind(3, addressID); s.bind(4, value.description); s.bind(5, loadID)
        try s.step()
        if s.changes > 0 { return .stored }
        let d = outputDiffersStmt
        d.reset()
        d.bind(1, txID); d.bind(2, Int64(n)); d.bind(3, addressID); d.bind(4, value.description)
        return try unchangedRow(differs: d)
    }

    /// Inserts one UTXO input, or fills in the address and value a stored one
    /// lacks (`.stored`); `.duplicate` if it was stored with nothing to fill in.
    public func insertInput(txID: Int64, n: Int, prevTxID: Int64, prevN: Int, addressID: Int64?, value: Amount?, loadID: Int64) throws -> UTXOWrite {
        let s = insertInputStmt
        s.reset()
        s.bind(1, txID); s.bind(2, Int64(n)); s.bind(3, prevTxID); s.bind(4, Int64(prevN))
        s.bind(5, addressID); s.bind(6, value?.description); s.bind(7, loadID)
        try s.step()
        if s.changes > 0 { return .stored }
        let d = inputDiffersStmt
        d.reset()
        d.bind(1, txID); d.bind(2, Int64(n)); d.bind(3, prevTxID); d.bind(4, Int64(prevN)); d.bind(5, addressID); d.bind(6, value?.description)
        return try unchangedRow(differs: d)
    }

    /// What an insert that changed nothing met: `differs`, bound, selects
    /// whether the stored row contradicts the one given.
    private func unchangedRow(differs d: RawStatement) throws -> UTXOWrite {
        defer { d.reset() }
        return try d.step() && d.int64(0) != 0 ? .conflicting : .duplicate
    }

    // MARK: Loads

    /// Starts the provenance record of a load; its id tags every row written.
    public func beginLoad(_ record: LoadRecord) throws -> Int64 {
        let s = try RawStatement(db: db, sql: """
            INSERT INTO loads(file, sha256, format, chain, rows_read, rows_stored, rows_duplicate, rows_skipped, rows_rejected, started_at, finished_at, tool_version)
            VALUES(?,?,?,?,0,0,0,0,0,?,'',?)
            """)
        s.bind(1, record.file); s.bind(2, record.sha256); s.bind(3, record.format); s.bind(4, record.chain)
        s.bind(5, record.startedAt); s.bind(6, record.toolVersion)
        try s.step()
        return sqlite3_last_insert_rowid(db)
    }

    /// Completes the provenance record with the load's counts.
    public func finishLoad(_ record: LoadRecord) throws {
        let s = try RawStatement(db: db, sql: """
            UPDATE loads SET rows_read=?, rows_stored=?, rows_duplicate=?, rows_skipped=?, rows_rejected=?, finished_at=? WHERE id=?
            """)
        s.bind(1, Int64(record.rowsRead)); s.bind(2, Int64(record.rowsStored)); s.bind(3, Int64(record.rowsDuplicate))
        s.bind(4, Int64(record.rowsSkipped)); s.bind(5, Int64(record.rowsRejected)); s.bind(6, record.finishedAt)
        s.bind(7, record.id)
        try s.step()
    }
}
