import FundTraceModel
import GRDB
import GRDBSQLite

/// Read access to a store (see ``TransferStore/read(_:)``).
public struct StoreReader {
    let db: OpaquePointer
    let grdb: Database
    /// Statements run once per item of a list (sources, ids), prepared once per read.
    let statements = StatementCache()
    /// The store's helper connection for row reads (see ``TransferRowFetcher``).
    let rowHelper: RowHelperSlot

    init(db: OpaquePointer, grdb: Database, rowHelper: RowHelperSlot = RowHelperSlot()) {
        self.db = db; self.grdb = grdb; self.rowHelper = rowHelper
    }

    /// The SQL ordering of account transfers: per chain, the total order
    /// `(block, tx_index, log_index)`, and inside one transaction the native
    /// value first, then internal transfers in trace order, then token logs.
    /// Exports and sweeps share it, so a sweep of the store and the taint
    /// contract run on the exported CSV process transfers in the same order.
    /// The index `transfers_order(chain_id, block)` serves the prefix, so
    /// SQLite sorts only within a block.
    static let accountOrder = "t.chain_id, t.block, COALESCE(t.tx_index, tx.tx_index, 0), t.log_index, t.kind, t.trace_address, t.id"

    /// Calls `body` for every account transfer in the total order, as ids:
    /// the fast form for sweeps (no text is materialised but amounts).
    /// Reverted transactions yield their native row with amount 0 and the fee paid.
    /// Streams from SQLite: memory does not grow with the number of transfers.
    public func forEachAccountTransferRow(chainID: Int64? = nil, _ body: (TransferRow) throws -> Void) throws {
        let s = try accountTransfersInOrder(chainID: chainID)
        while try s.step() { try body(try Self.transferRow(s)) }
    }

    /// The account transfers (of `chainID`, or all) in the total order:
    /// ``rowColumns``, then `extraColumns` (of `t` and `tx`).
    private func accountTransfersInOrder(chainID: Int64?, extraColumns: String = "") throws -> RawStatement {
        let s = try RawStatement(db: db, sql: """
            SELECT \(Self.rowColumns)\(extraColumns.isEmpty ? "" : ", " + extraColumns)
            FROM transfers t INDEXED BY transfers_order
            JOIN transactions tx ON tx.id = t.tx_id
            \(chainID == nil ? "" : "WHERE t.chain_id = ?")
            ORDER BY \(Self.accountOrder)
            """)
        if let chainID { s.bind(1, chainID) }
        return s
    }

    /// The columns ``transferRow(_:)`` decodes, in order (then `t.trace_address`
    /// and the row's own time, else its transaction's, read by ``OrderedTransferRow/init(_:)``).
    static let rowColumns = """
        t.id, t.chain_id, t.tx_id, t.block, COALESCE(t.tx_index, tx.tx_index, 0), t.log_index,
        t.from_id, t.to_id, t.asset_id, t.amount, t.kind,
        tx.status, tx.fee, tx.gas_used, COALESCE(tx.effective_gas_price, tx.gas_price), t.fee, t.trace_address,
        COALESCE(t.timestamp, tx.timestamp)
        """

    /// Decodes a row selected with ``rowColumns``: reverted transactions move
    /// nothing but pay their fee; a native transfer without an explicit fee
    /// pays the transaction's (stated, or gas used × price).
    static func transferRow(_ s: RawStatement) throws -> TransferRow {
        let kind = TransferKind(rawValue: Int(s.int64(10))) ?? .native
        let success = s.optionalInt64(11) != 0
        var amount = try decimal(s.bytes(9), what: "amount of transfer \(s.int64(0))")
        if !success { amount = .zero }
        var fee = Amount.zero
        if !s.isNull(15) {
            fee = try decimal(s.bytes(15), what: "fee")
        } else if kind == .native {
            if !s.isNull(12) {
                fee = try decimal(s.bytes(12), what: "fee")
            } else if let gasUsed = s.optionalInt64(13), !s.isNull(14) {
                let price = try decimal(s.bytes(14), what: "gas price")
                let (f, o) = price.multipliedReportingOverflow(by: UInt64(clamping: gasUsed))
                fee = o ? .max : f
            }
        }
        let id = s.int64(0)
        return TransferRow(id: id, chainID: s.int64(1), txID: s.int64(2), block: try s.uint64(3, "block of transfer \(id)"),
                           txIndex: try s.uint64(4, "position of transfer \(id)"), logIndex: try s.uint64(5, "log index of transfer \(id)"),
                           fromID: s.int64(6), toID: s.int64(7),
                           assetID: s.int64(8), amount: amount, fee: fee, kind: kind, success: success)
    }

    /// Calls `body` for every account transfer of the store (or of `chain`) in
    /// the total order, with its text (hashes, addresses, asset codes, time).
    ///
    /// Reads the transaction's hash in the same ordered scan and every
    /// address's text once up front: looking them up per row cost three
    /// B-tree descents a row, four fifths of an export's time. Memory grows
    /// with the number of addresses, not transfers.
    public func forEachAccountTransfer(chain: String? = nil, _ body: (StoredTransfer) throws -> Void) throws {
        let names = try chainNames()
        let assets = try assetCodes()
        var chainID: Int64?
        if let chain {
            guard let id = names.first(where: { $0.value == chain })?.key else { return }
            chainID = id
        }
        let addresses = try allAddressTexts()
        func address(_ id: Int64) -> String { id >= 0 && Int(id) < addresses.count ? addresses[Int(id)] ?? "" : "" }
        // A row without its own or its transaction's time takes its block's; rows come in block order, so one lookup per block.
        let blockTime = try RawStatement(db: db, sql: "SELECT timestamp FROM blocks WHERE chain_id = ? AND number = ?")
        var lastBlock: (chain: Int64, number: Int64, time: Int64?)?
        func blockTimestamp(chain: Int64, number: Int64) throws -> Int64? {
            if let b = lastBlock, b.chain == chain, b.number == number { return b.time }
            blockTime.reset(); blockTime.bind(1, chain); blockTime.bind(2, number)
            let t = try blockTime.step() ? blockTime.optionalInt64(0) : nil
            lastBlock = (chain, number, t)
            return t
        }
        let s = try accountTransfersInOrder(chainID: chainID, extraColumns: "tx.hash, tx.chain_id, tx.block")
        let timeColumn: Int32 = 17, hashColumn: Int32 = 18, txChainColumn: Int32 = 19, txBlockColumn: Int32 = 20
        while try s.step() {
            let row = try Self.transferRow(s)
            let timestamp = s.isNull(timeColumn) ? try blockTimestamp(chain: s.int64(txChainColumn), number: s.int64(txBlockColumn))
                : s.optionalInt64(timeColumn)
            let t = Transfer(chain: names[row.chainID] ?? "", txHash: s.text(hashColumn), block: row.block, txIndex: row.txIndex,
                             logIndex: row.logIndex, timestamp: timestamp, from: address(row.fromID),
                             to: address(row.toID), asset: assets[row.assetID]?.code ?? "", amount: row.amount, fee: row.fee, kind: row.kind)
            try body(StoredTransfer(id: row.id, transfer: t, success: row.success))
        }
    }

    /// An upper bound on the account ledger keys a sweep can meet: distinct
    /// (sender, asset) plus distinct (recipient, asset) pairs, capped by the
    /// addresses × assets product. Estimated from table sizes, O(1).
    public func ledgerKeyBound() throws -> Int {
        func value(_ sql: String) throws -> Int { try Int.fetchOne(grdb, sql: sql) ?? 0 }
        let transfers = try value("SELECT COALESCE(MAX(id), 0) FROM transfers")
        let addresses = try value("SELECT COALESCE(MAX(id), 0) FROM addresses")
        let assets = try value("SELECT COUNT(*) FROM assets")
        return min(2 * transfers, addresses.multipliedReportingOverflow(by: max(assets, 1)).partialValue)
    }

    /// Chain names by id.
    public func chainNames() throws -> [Int64: String] {
        let s = try RawStatement(db: db, sql: "SELECT id, name FROM chains")
        var out: [Int64: String] = [:]
        while try s.step() { out[s.int64(0)] = s.text(1) }
        return out
    }

    /// Asset codes (native symbol or token contract) by id, with their chain.
    public func assetCodes() throws -> [Int64: (chainID: Int64, code: String)] {
        let s = try RawStatement(db: db, sql: "SELECT id, chain_id, code FROM assets")
        var out: [Int64: (chainID: Int64, code: String)] = [:]
        while try s.step() { out[s.int64(0)] = (s.int64(1), s.text(2)) }
        return out
    }

    /// The id of an address (as stored: EVM addresses lower-cased), if present.
    public func addressID(_ address: String) throws -> Int64? {
        let s = try RawStatement(db: db, sql: "SELECT id FROM addresses WHERE address_key = ? AND address = ?")
        s.bind(1, InterningKey.of(address)); s.bind(2, address)
        return try s.step() ? s.int64(0) : nil
    }

    /// The id of a transaction by chain and hash, if present.
    public func transactionID(chainID: Int64, hash: String) throws -> Int64? {
        let s = try statements.prepared("SELECT id FROM transactions WHERE hash_key = ? AND chain_id = ? AND hash = ?", db: db)
        s.reset()
        s.bind(1, InterningKey.of(hash, chain: chainID)); s.bind(2, chainID); s.bind(3, hash)
        defer { s.reset() }
        return try s.step() ? s.int64(0) : nil
    }

    /// Every address's text, indexed by id (`nil` where no address has that id).
    public func allAddressTexts() throws -> [String?] {
        let maxAddress = try Int.fetchOne(grdb, sql: "SELECT COALESCE(MAX(id), 0) FROM addresses") ?? 0
        return try addressTexts(wanted: [Bool](repeating: true, count: maxAddress + 1))
    }

    /// Address texts indexed by address id, for the ids `wanted` marks
    /// (`nil` elsewhere), in one pass over the table. Indexed rather than
    /// hashed: naming millions of ledger keys (`fundtrace score`) put about
    /// 6 % of perf's samples in set inserts and dictionary lookups of ids, and
    /// address ids are the table's dense row ids.
    public func addressTexts(wanted: [Bool]) throws -> [String?] {
        let s = try RawStatement(db: db, sql: "SELECT id, address FROM addresses")
        var out = [String?](repeating: nil, count: wanted.count)
        while try s.step() {
            let id = Int(s.int64(0))
            if id >= 0 && id < wanted.count && wanted[id] { out[id] = s.text(1) }
        }
        return out
    }

    static func decimal(_ bytes: UnsafeBufferPointer<UInt8>, what: String) throws -> Amount {
        switch Amount.parseDecimal(bytes) {
        case .success(let v): return v
        case .failure(let e): throw StoreError.corrupt("\(what): \(e)")
        }
    }

    /// A summary of what the store holds.
    public func statistics() throws -> StoreStatistics {
        func count(_ sql: String) throws -> Int { try Int.fetchOne(grdb, sql: sql) ?? 0 }
        var st = StoreStatistics()
        st.chains = try Row.fetchAll(grdb, sql: """
            SELECT c.name, c.model,
                (SELECT COUNT(*) FROM transfers t WHERE t.chain_id = c.id) AS transfers,
                (SELECT COUNT(*) FROM transfers t WHERE t.chain_id = c.id AND t.kind = 0) AS native,
                (SELECT COUNT(*) FROM transfers t WHERE t.chain_id = c.id AND t.kind = 1) AS internal,
                (SELECT COUNT(*) FROM transfers t WHERE t.chain_id = c.id AND t.kind = 2) AS token,
                (SELECT COUNT(*) FROM transactions x WHERE x.chain_id = c.id AND x.block IS NOT NULL) AS txs,
                (SELECT COUNT(*) FROM utxo_outputs o JOIN transactions x ON x.id = o.tx_id WHERE x.chain_id = c.id) AS outputs,
                (SELECT COUNT(*) FROM utxo_inputs i JOIN transactions x ON x.id = i.tx_id WHERE x.chain_id = c.id) AS inputs,
                (SELECT MIN(block) FROM transactions x WHERE x.chain_id = c.id) AS first_block,
                (SELECT MAX(block) FROM transactions x WHERE x.chain_id = c.id) AS last_block,
                (SELECT COUNT(*) FROM assets a WHERE a.chain_id = c.id) AS assets
            FROM chains c ORDER BY c.name
            """).map { r in
            StoreStatistics.Chain(name: r["name"], model: r["model"], transactions: r["txs"], transfers: r["transfers"],
                                  nativeTransfers: r["native"], internalTransfers: r["internal"], tokenTransfers: r["token"],
                                  utxoOutputs: r["outputs"], utxoInputs: r["inputs"], assets: r["assets"],
                                  firstBlock: r["first_block"], lastBlock: r["last_block"])
        }
        st.addresses = try count("SELECT COUNT(*) FROM addresses")
        st.transfers = try count("SELECT COUNT(*) FROM transfers")
        st.transactions = try count("SELECT COUNT(*) FROM transactions WHERE block IS NOT NULL")
        st.utxoOutputs = try count("SELECT COUNT(*) FROM utxo_outputs")
        st.utxoInputs = try count("SELECT COUNT(*) FROM utxo_inputs")
        st.loads = try count("SELECT COUNT(*) FROM loads")
        return st
    }

    /// Exact total amount moved per (chain, asset) by successful transfers,
    /// with the asset's symbol and decimals when known.
    public func volumeByAsset() throws -> [(chain: String, asset: String, symbol: String?, decimals: Int?, transfers: Int, total: Amount)] {
        var out: [String: (chain: String, asset: String, symbol: String?, decimals: Int?, transfers: Int, total: Amount)] = [:]
        let s = try RawStatement(db: db, sql: """
            SELECT c.name, a.code, a.symbol, t.amount, a.decimals FROM transfers t
            JOIN chains c ON c.id = t.chain_id JOIN assets a ON a.id = t.asset_id
            JOIN transactions tx ON tx.id = t.tx_id WHERE COALESCE(tx.status, 1) != 0
            """)
        while try s.step() {
            let key = s.text(0) + "\u{0}" + s.text(1)
            let amount = try Self.decimal(s.bytes(3), what: "amount")
            var entry = out[key] ?? (s.text(0), s.text(1), s.optionalText(2), s.isNull(4) ? nil : Int(s.int64(4)), 0, .zero)
            entry.transfers += 1
            entry.total = entry.total.saturatingAdd(amount)
            out[key] = entry
        }
        return out.values.sorted { ($0.chain, $0.asset) < ($1.chain, $1.asset) }
    }
}

extension StoreReader {
    /// A stored UTXO transaction by hash, inputs and outputs in order; nil if unknown.
    public func utxoTransaction(chain: String, hash: String) throws -> UTXOTransaction? {
        guard let chainID = try chainNames().first(where: { $0.value == chain })?.key,
              let txID = try transactionID(chainID: chainID, hash: hash) else { return nil }
        return try utxoTransaction(id: txID, chain: chain)
    }

    /// A stored UTXO transaction by id (the hash comes with it).
    public func utxoTransaction(id: Int64, chain: String) throws -> UTXOTransaction? {
        guard let row = try utxoTransactionRow(id: id) else { return nil }
        let ids = row.outputs.map(\.addressID) + row.inputs.compactMap { $0.addressID ?? $0.storedOutput?.addressID }
        let texts = try addressTexts(lookingUp: ids)
        return row.transaction(chain: chain) { texts[$0] }
    }

    /// Ids of the transactions on `chainID` with an output paying `address`, from `block` on.
    public func utxoTransactions(paying address: Int64, chainID: Int64, fromBlock block: UInt64) throws -> [Int64] {
        let s = try RawStatement(db: db, sql: """
            SELECT DISTINCT o.tx_id FROM utxo_outputs o JOIN transactions x ON x.id = o.tx_id
            WHERE o.address_id = ? AND x.chain_id = ? AND x.block >= ?
            """)
        s.bind(1, address); s.bind(2, chainID); s.bind(3, Int64(bitPattern: block))
        var out: [Int64] = []
        while try s.step() { out.append(s.int64(0)) }
        return out
    }

    /// Ids of the transactions on `chainID` from `block` on with an input that
    /// names `address` and spends an output the store does not hold (its
    /// history starts before the data: balance the address had). A scan of the
    /// inputs (no index on their address): one query per traced address.
    public func utxoTransactions(spendingUnstoredFrom address: Int64, chainID: Int64, fromBlock block: UInt64) throws -> [Int64] {
        let s = try RawStatement(db: db, sql: """
            SELECT DISTINCT i.tx_id FROM utxo_inputs i JOIN transactions x ON x.id = i.tx_id
            WHERE i.address_id = ? AND x.chain_id = ? AND x.block >= ?
              AND NOT EXISTS (SELECT 1 FROM utxo_outputs o WHERE o.tx_id = i.prev_tx_id AND o.n = i.prev_n)
            """)
        s.bind(1, address); s.bind(2, chainID); s.bind(3, Int64(bitPattern: block))
        var out: [Int64] = []
        while try s.step() { out.append(s.int64(0)) }
        return out
    }

    /// The transactions spending outputs of transaction `txID`: (spending transaction id, spent output index).
    public func utxoSpenders(of txID: Int64) throws -> [(tx: Int64, n: Int)] {
        let s = try RawStatement(db: db, sql: "SELECT tx_id, prev_n FROM utxo_inputs WHERE prev_tx_id = ?")
        s.bind(1, txID)
        var out: [(tx: Int64, n: Int)] = []
        while try s.step() { out.append((s.int64(0), Int(s.int64(1)))) }
        return out
    }

    /// Every stored UTXO transaction of `chain`, in the contract's order (see
    /// ``forEachUTXOTransactionRow(chainID:_:)``), inputs and outputs in
    /// order, with texts; an input the source data gave without address or
    /// value takes them from the output it spends, when that is stored.
    public func forEachUTXOTransaction(chain: String, _ body: (UTXOTransaction) throws -> Void) throws {
        guard let chainID = try chainNames().first(where: { $0.value == chain })?.key else { return }
        let addresses = try allAddressTexts()
        try forEachUTXOTransactionRow(chainID: chainID) { row in
            try body(row.transaction(chain: chain) { $0 >= 0 && Int($0) < addresses.count ? addresses[Int($0)] : nil })
        }
    }

    /// Number of rows in a store table (for consistency checks).
    public func count(table: String) throws -> Int {
        precondition(table.allSatisfy { $0.isLetter || $0 == "_" })
        return try Int.fetchOne(grdb, sql: "SELECT COUNT(*) FROM \(table)") ?? 0
    }
}
