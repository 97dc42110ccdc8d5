import FundTraceModel

/// One stored UTXO transaction as ids: the fast form for sweeps and exports,
/// which look texts up once per address rather than once per row.
public struct UTXOTransactionRow: Sendable, Equatable {
    /// An input: the output it spends, and the address and value the source
    /// data gave for it (needed when that output is not in the store).
    public struct Input: Sendable, Equatable {
        public var n: Int
        public var prevTxID: Int64
        public var prevHash: String
        public var prevN: Int
        public var addressID: Int64?
        public var value: Amount?
        /// The address and value of the output this input spends, when the
        /// store holds it; when it does not, the input has unknown history
        /// (§4.1): a clean external coin.
        public var storedOutput: Output?
        /// Whether the store holds the output this input spends.
        public var spendsStoredOutput: Bool { storedOutput != nil }
    }

    public struct Output: Sendable, Equatable {
        public var n: Int
        public var addressID: Int64
        public var value: Amount
    }

    public var id: Int64
    public var chainID: Int64
    public var hash: String
    public var block: UInt64
    public var txIndex: UInt64
    /// The transaction's time, or its block's (Unix seconds).
    public var timestamp: Int64?
    /// In input order.
    public var inputs: [Input]
    /// In output order.
    public var outputs: [Output]

    /// No inputs: fresh units, no fee (§4.1).
    public var isCoinbase: Bool { inputs.isEmpty }

    /// The transaction with texts, as analyses and traces read it: an input
    /// the source data gave without address or value takes them from the
    /// stored output it spends. `address` names an address id.
    public func transaction(chain: String, address: (Int64) -> String?) -> UTXOTransaction {
        UTXOTransaction(
            chain: chain, txHash: hash, block: block, txIndex: txIndex, timestamp: timestamp,
            inputs: inputs.map { i in
                UTXOInput(index: i.n, spent: OutPoint(txHash: i.prevHash, index: i.prevN),
                          address: (i.addressID ?? i.storedOutput?.addressID).flatMap(address), value: i.value ?? i.storedOutput?.value)
            },
            outputs: outputs.map { UTXOOutput(index: $0.n, address: address($0.addressID) ?? "", value: $0.value) })
    }
}

extension StoreReader {
    /// The ordering of UTXO transactions, the contract's `(block, tx_index,
    /// first file row)` (§4.2) with the store's row id standing for the file
    /// row: the export writes transactions in this order, so a sweep of the
    /// store and the contract run on the export agree.
    static let utxoOrder = "x.block, x.tx_index, x.id"

    /// Calls `body` for every UTXO transaction of chain `chainID` (one with an
    /// input or an output in the store), in the contract's order.
    ///
    /// One ordered scan of the chain's transactions, and for each a lookup of
    /// its outputs and inputs by primary key through statements prepared
    /// once. (Three ordered scans merged side by side took as long, and their
    /// sorts held 74 MB more on 200,000 transactions.) Memory does not grow
    /// with the number of transactions.
    public func forEachUTXOTransactionRow(chainID: Int64, _ body: (UTXOTransactionRow) throws -> Void) throws {
        let txs = try RawStatement(db: db, sql: """
            SELECT x.id, x.hash, x.block, x.tx_index, COALESCE(x.timestamp, b.timestamp), x.chain_id FROM transactions x
            LEFT JOIN blocks b ON b.chain_id = x.chain_id AND b.number = x.block
            WHERE x.chain_id = ? AND (EXISTS (SELECT 1 FROM utxo_outputs o WHERE o.tx_id = x.id)
                                      OR EXISTS (SELECT 1 FROM utxo_inputs i WHERE i.tx_id = x.id))
            ORDER BY \(Self.utxoOrder)
            """)
        txs.bind(1, chainID)
        while try txs.step() { try body(try utxoTransactionRow(header: txs)) }
    }

    /// The stored UTXO transaction with id `id`, inputs and outputs in order; nil if unknown.
    public func utxoTransactionRow(id: Int64) throws -> UTXOTransactionRow? {
        let tx = try statements.prepared("""
            SELECT x.id, x.hash, x.block, x.tx_index, COALESCE(x.timestamp, b.timestamp), x.chain_id FROM transactions x
            LEFT JOIN blocks b ON b.chain_id = x.chain_id AND b.number = x.block WHERE x.id = ?
            """, db: db)
        tx.reset(); tx.bind(1, id)
        defer { tx.reset() }
        return try tx.step() ? try utxoTransactionRow(header: tx) : nil
    }

    /// The transaction whose header (id, hash, block, tx_index, time, chain)
    /// `header` is on, with its outputs and inputs looked up by primary key
    /// through statements prepared once per read.
    private func utxoTransactionRow(header h: RawStatement) throws -> UTXOTransactionRow {
        let id = h.int64(0)
        var row = UTXOTransactionRow(id: id, chainID: h.int64(5), hash: h.text(1), block: h.isNull(2) ? 0 : try h.uint64(2, "block of transaction \(id)"),
                                     txIndex: h.isNull(3) ? 0 : try h.uint64(3, "position of transaction \(id)"), timestamp: h.optionalInt64(4), inputs: [], outputs: [])
        let outs = try statements.prepared("SELECT n, address_id, value FROM utxo_outputs WHERE tx_id = ? ORDER BY n", db: db)
        outs.reset(); outs.bind(1, id)
        defer { outs.reset() }
        while try outs.step() {
            row.outputs.append(.init(n: Int(outs.int64(0)), addressID: outs.int64(1),
                                     value: try Self.decimal(outs.bytes(2), what: "value of output \(row.hash):\(outs.int64(0))")))
        }
        let ins = try statements.prepared("""
            SELECT i.n, i.prev_tx_id, p.hash, i.prev_n, i.address_id, i.value, po.address_id, po.value
            FROM utxo_inputs i JOIN transactions p ON p.id = i.prev_tx_id
            LEFT JOIN utxo_outputs po ON po.tx_id = i.prev_tx_id AND po.n = i.prev_n
            WHERE i.tx_id = ? ORDER BY i.n
            """, db: db)
        ins.reset(); ins.bind(1, id)
        defer { ins.reset() }
        while try ins.step() {
            let value = ins.isNull(5) ? nil : try Self.decimal(ins.bytes(5), what: "value of input \(row.hash):\(ins.int64(0))")
            let spent = ins.isNull(7) ? nil
                : UTXOTransactionRow.Output(n: Int(ins.int64(3)), addressID: ins.int64(6),
                                            value: try Self.decimal(ins.bytes(7), what: "value of output \(ins.text(2)):\(ins.int64(3))"))
            row.inputs.append(.init(n: Int(ins.int64(0)), prevTxID: ins.int64(1), prevHash: ins.text(2), prevN: Int(ins.int64(3)),
                                    addressID: ins.optionalInt64(4), value: value, storedOutput: spent))
        }
        return row
    }

    /// The chains holding UTXO transactions, by id.
    public func utxoChainIDs() throws -> [Int64] {
        try Int64.fetchAll(grdb, sql: """
            SELECT DISTINCT x.chain_id FROM utxo_outputs o JOIN transactions x ON x.id = o.tx_id ORDER BY x.chain_id
            """)
    }
}
