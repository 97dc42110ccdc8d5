import FundTraceModel
import GRDB
import GRDBSQLite

/// Read access to a store (see ``TransferStore/read(_:)``).
public struct StoreReader {
    let db: OpaquePointer
    let grdb: Database

    /// The SQL ordering of account transfers: per chain, the total order
    /// `(block, tx_index, log_index)`, and inside one transaction the native
    /// value first, then internal transfers in trace order, then token logs.
    /// Exports and sweeps share it, so a sweep of the store and the taint
    /// contract run on the exported CSV process transfers in the same order.
    static let accountOrder = "c.name, t.block, COALESCE(t.tx_index, tx.tx_index, 0), t.log_index, t.kind, t.trace_address, t.id"

    /// Calls `body` for every account transfer of the store in the total order.
    /// Reverted transactions yield their native row with amount 0 and the fee paid.
    /// Streams from SQLite: memory does not grow with the number of transfers.
    public func forEachAccountTransfer(chain: String? = nil, _ body: (StoredTransfer) throws -> Void) throws {
        let sql = """
            SELECT t.id, c.name, tx.hash, t.block, COALESCE(t.tx_index, tx.tx_index, 0), t.log_index,
                   COALESCE(tx.timestamp, b.timestamp), fa.address, ta.address, a.code, t.amount, t.kind,
                   tx.status, tx.fee, tx.gas_used, COALESCE(tx.effective_gas_price, tx.gas_price), t.fee
            FROM transfers t
            JOIN transactions tx ON tx.id = t.tx_id
            JOIN chains c ON c.id = t.chain_id
            JOIN addresses fa ON fa.id = t.from_id
            JOIN addresses ta ON ta.id = t.to_id
            JOIN assets a ON a.id = t.asset_id
            LEFT JOIN blocks b ON b.chain_id = t.chain_id AND b.number = t.block
            \(chain == nil ? "" : "WHERE c.name = ?")
            ORDER BY \(Self.accountOrder)
            """
        let s = try RawStatement(db: db, sql: sql)
        if let chain { s.bind(1, chain) }
        while try s.step() {
            let kind = TransferKind(rawValue: Int(s.int64(11))) ?? .native
            let success = s.optionalInt64(12) != 0
            var amount = try decimal(s.bytes(10), what: "amount of transfer \(s.int64(0))")
            if !success { amount = .zero }
            var fee = Amount.zero
            if !s.isNull(16) {
                fee = try decimal(s.bytes(16), what: "fee")
            } else if kind == .native {
                if !s.isNull(13) {
                    fee = try decimal(s.bytes(13), what: "fee")
                } else if let gasUsed = s.optionalInt64(14), !s.isNull(15) {
                    let price = try decimal(s.bytes(15), what: "gas price")
                    let (f, o) = price.multipliedReportingOverflow(by: UInt64(gasUsed))
                    fee = o ? .max : f
                }
            }
            let t = Transfer(chain: s.text(1), txHash: s.text(2), block: UInt64(s.int64(3)), txIndex: UInt64(s.int64(4)),
                             logIndex: UInt64(s.int64(5)), timestamp: s.optionalInt64(6), from: s.text(7), to: s.text(8),
                             asset: s.text(9), amount: amount, fee: fee, kind: kind)
            try body(StoredTransfer(id: s.int64(0), transfer: t, success: success))
        }
    }

    private func decimal(_ bytes: UnsafeBufferPointer<UInt8>, what: String) throws -> Amount {
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

    /// Exact total amount moved per (chain, asset) by successful transfers.
    public func volumeByAsset() throws -> [(chain: String, asset: String, symbol: String?, transfers: Int, total: Amount)] {
        var out: [String: (chain: String, asset: String, symbol: String?, transfers: Int, total: Amount)] = [:]
        let s = try RawStatement(db: db, sql: """
            SELECT c.name, a.code, a.symbol, t.amount FROM transfers t
            JOIN chains c ON c.id = t.chain_id JOIN assets a ON a.id = t.asset_id
            JOIN transactions tx ON tx.id = t.tx_id WHERE COALESCE(tx.status, 1) != 0
            """)
        while try s.step() {
            let key = s.text(0) + "\u{0}" + s.text(1)
            let amount = try decimal(s.bytes(3), what: "amount")
            var entry = out[key] ?? (s.text(0), s.text(1), s.optionalText(2), 0, .zero)
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
        let tx = try RawStatement(db: db, sql: """
            SELECT x.id, x.block, x.tx_index, COALESCE(x.timestamp, b.timestamp) FROM transactions x JOIN chains c ON c.id = x.chain_id
            LEFT JOIN blocks b ON b.chain_id = x.chain_id AND b.number = x.block WHERE c.name = ? AND x.hash = ?
            """)
        tx.bind(1, chain); tx.bind(2, hash)
        guard try tx.step() else { return nil }
        let id = tx.int64(0)
        let outs = try RawStatement(db: db, sql: "SELECT o.n, a.address, o.value FROM utxo_outputs o JOIN addresses a ON a.id = o.address_id WHERE o.tx_id = ? ORDER BY o.n")
        outs.bind(1, id)
        var outputs: [UTXOOutput] = []
        while try outs.step() { outputs.append(UTXOOutput(index: Int(outs.int64(0)), address: outs.text(1), value: Amount(outs.text(2)) ?? .zero)) }
        let ins = try RawStatement(db: db, sql: """
            SELECT i.n, p.hash, i.prev_n, a.address, i.value FROM utxo_inputs i JOIN transactions p ON p.id = i.prev_tx_id
            LEFT JOIN addresses a ON a.id = i.address_id WHERE i.tx_id = ? ORDER BY i.n
            """)
        ins.bind(1, id)
        var inputs: [UTXOInput] = []
        while try ins.step() {
            inputs.append(UTXOInput(index: Int(ins.int64(0)), spent: OutPoint(txHash: ins.text(1), index: Int(ins.int64(2))),
                                    address: ins.optionalText(3), value: ins.optionalText(4).flatMap { Amount($0) }))
        }
        return UTXOTransaction(chain: chain, txHash: hash, block: UInt64(tx.optionalInt64(1) ?? 0), txIndex: UInt64(tx.optionalInt64(2) ?? 0),
                               timestamp: tx.optionalInt64(3), inputs: inputs, outputs: outputs)
    }

    /// Number of rows in a store table (for consistency checks).
    public func count(table: String) throws -> Int {
        precondition(table.allSatisfy { $0.isLetter || $0 == "_" })
        return try Int.fetchOne(grdb, sql: "SELECT COUNT(*) FROM \(table)") ?? 0
    }
}
