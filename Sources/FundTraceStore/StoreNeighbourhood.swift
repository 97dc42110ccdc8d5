import FundTraceModel

/// Which side of a transfer an address is on.
public enum TransferSide: Sendable {
    case outgoing, incoming
}

/// A transfer with everything needed to put it in the store's total order
/// (see ``sortedInStoreOrder(_:)``), for sweeps over a subset of the store.
public struct OrderedTransferRow: Sendable, Equatable {
    public var row: TransferRow
    /// Internal transfers' trace path; empty otherwise.
    public var traceAddress: String
    /// Unix time of the row (a canonical CSV row states its own) or else of
    /// its transaction, when the store holds one (nil: it may be on the
    /// block, see ``NeighbourhoodQueries/times(_:)``).
    public var time: Int64?

    public init(row: TransferRow, traceAddress: String, time: Int64? = nil) {
        self.row = row; self.traceAddress = traceAddress; self.time = time
    }

    /// Decodes a row selected with ``StoreReader/rowColumns``.
    init(_ s: RawStatement) throws {
        self.init(row: try StoreReader.transferRow(s), traceAddress: s.text(16), time: s.optionalInt64(17))
    }

    /// `rows` in the store's order of account transfers
    /// (``StoreReader/accountOrder``): chain, block, position, log index,
    /// native before internal before token, trace path, row id. Sorts compact
    /// integer keys — trace paths replaced by their rank — instead of moving
    /// whole rows: O(n log n) comparisons of 56-byte keys.
    public static func sortedInStoreOrder(_ rows: [OrderedTransferRow]) -> [OrderedTransferRow] {
        let paths = Set(rows.lazy.map(\.traceAddress)).sorted()
        let rank = Dictionary(uniqueKeysWithValues: paths.enumerated().map { ($0.element, Int64($0.offset)) })
        struct Key: Comparable {
            var chain: Int64, block: UInt64, txIndex: UInt64, logIndex: UInt64, kind: Int64, path: Int64, id: Int64
            static func < (a: Key, b: Key) -> Bool {
                if (a.chain, a.block, a.txIndex, a.logIndex) != (b.chain, b.block, b.txIndex, b.logIndex) {
                    return (a.chain, a.block, a.txIndex, a.logIndex) < (b.chain, b.block, b.txIndex, b.logIndex)
                }
                return (a.kind, a.path, a.id) < (b.kind, b.path, b.id)
            }
        }
        var keyed = rows.indices.map { i -> (Key, Int) in
            let r = rows[i].row
            return (Key(chain: r.chainID, block: r.block, txIndex: r.txIndex, logIndex: r.logIndex, kind: Int64(r.kind.rawValue),
                        path: rank[rows[i].traceAddress]!, id: r.id), i)
        }
        keyed.sort { $0.0 < $1.0 }
        return keyed.map { rows[$0.1] }
    }
}

/// Queries around one address — what an investigation expands — served by
/// the indexes `transfers_outgoing(from_id, block)` and
/// `transfers_incoming(to_id, block)`: O(log n + rows returned).
public final class NeighbourhoodQueries {
    private let reader: StoreReader
    private let outgoing: RawStatement
    private let incoming: RawStatement
    private let inTransaction: RawStatement
    private let addressText: RawStatement
    private let outgoingIDs: RawStatement
    private let incomingIDs: RawStatement
    private let fetcher: TransferRowFetcher
    private var helper: TransferRowFetcher? { reader.rowHelper.fetcher(helping: reader.db) }

    public init(reader: StoreReader) throws {
        self.reader = reader
        func select(_ column: String, _ index: String) throws -> RawStatement {
            try RawStatement(db: reader.db, sql: """
                SELECT \(StoreReader.rowColumns) FROM transfers t INDEXED BY \(index)
                JOIN transactions tx ON tx.id = t.tx_id
                WHERE t.\(column) = ? AND t.block BETWEEN ? AND ?
                """)
        }
        outgoing = try select("from_id", "transfers_outgoing")
        incoming = try select("to_id", "transfers_incoming")
        inTransaction = try RawStatement(db: reader.db, sql: """
            SELECT \(StoreReader.rowColumns) FROM transfers t JOIN transactions tx ON tx.id = t.tx_id WHERE t.tx_id = ?
            """)
        addressText = try RawStatement(db: reader.db, sql: "SELECT address FROM addresses WHERE id = ?")
        func ids(_ column: String, _ index: String) throws -> RawStatement {
            try RawStatement(db: reader.db, sql: """
                SELECT id FROM transfers INDEXED BY \(index) WHERE \(column) = ? AND block BETWEEN ? AND ? LIMIT ?
                """)
        }
        outgoingIDs = try ids("from_id", "transfers_outgoing")
        incomingIDs = try ids("to_id", "transfers_incoming")
        fetcher = try TransferRowFetcher(db: reader.db)
    }

    /// The account transfers of one transaction.
    public func transfers(inTransaction txID: Int64) throws -> [OrderedTransferRow] {
        inTransaction.reset()
        inTransaction.bind(1, txID)
        var out: [OrderedTransferRow] = []
        while try inTransaction.step() {
            out.append(try OrderedTransferRow(inTransaction))
        }
        return out
    }

    /// The text of address `id` ("" if unknown).
    public func address(_ id: Int64) throws -> String {
        addressText.reset()
        addressText.bind(1, id)
        return try addressText.step() ? addressText.text(0) : ""
    }

    /// The account transfers sent (or received) by `address` in `blocks`, unordered.
    /// With `limit`, at most that many rows are read (a sample of a busy address's history).
    public func transfers(of address: Int64, _ side: TransferSide, blocks: ClosedRange<UInt64>, limit: Int = .max,
                          _ body: (OrderedTransferRow) throws -> Void) throws {
        let s = side == .outgoing ? outgoing : incoming
        s.reset()
        defer { s.reset() }
        s.bind(1, address); s.bind(2, Int64(clamping: blocks.lowerBound)); s.bind(3, Int64(clamping: blocks.upperBound))
        var read = 0
        while read < limit, try s.step() {
            read += 1
            try body(try OrderedTransferRow(s))
        }
    }

    /// What ``transfers(of:_:blocks:_:)`` gives for each of `addresses`, both
    /// sides, read together: the row ids from the two indexes alone, then the
    /// rows in id order, on two connections at once (see
    /// ``TransferRowFetcher``). Each side keeps the index's order (block,
    /// then id). O(k log n) for k rows.
    ///
    /// With `maxDegree`, an address whose ``degree(of:blocks:limit:)`` (same
    /// count, found by the same index reads) exceeds it gets no rows: its
    /// degree, returned for every address, says why.
    public func transfers(of addresses: [Int64], blocks: ClosedRange<UInt64>, maxDegree: Int = Int(Int32.max)) throws
        -> (rows: [Int64: (outgoing: [OrderedTransferRow], incoming: [OrderedTransferRow])], degrees: [Int64: Int]) {
        var sides: [Int64: (outgoing: [Int64], incoming: [Int64])] = [:]
        var degrees: [Int64: Int] = [:]
        var all: [Int64] = []
        for address in addresses where degrees[address] == nil {
            let found = try ids(of: address, blocks: blocks, limit: maxDegree)
            degrees[address] = found.outgoing.count + found.incoming.count
            guard found.outgoing.count + found.incoming.count <= maxDegree else { continue }
            all += found.outgoing; all += found.incoming
            sides[address] = found
        }
        all.sort()
        var unique: [Int64] = []
        unique.reserveCapacity(all.count)
        for id in all where id != unique.last { unique.append(id) }
        // Rows are large (~190 bytes): index them by position and copy each once, into its side.
        // Small batches do not ask for the helper (asking checks the journal mode).
        let fetched = try TransferRowFetcher.rows(unique, main: fetcher,
                                                  helper: unique.count >= TransferRowFetcher.minimumToSplit ? helper : nil)
        var position: [Int64: Int] = [:]
        position.reserveCapacity(fetched.count)
        for (i, r) in fetched.enumerated() { position[r.row.id] = i }
        return (sides.mapValues { ids in
            (ids.outgoing.compactMap { position[$0].map { fetched[$0] } }, ids.incoming.compactMap { position[$0].map { fetched[$0] } })
        }, degrees)
    }

    /// How many transfers `address` sent plus received in `blocks`, counting
    /// at most `limit + 1` per side: O(limit), so hot wallets cost no more
    /// than the cap.
    public func degree(of address: Int64, blocks: ClosedRange<UInt64>, limit: Int) throws -> Int {
        let found = try ids(of: address, blocks: blocks, limit: limit)
        return found.outgoing.count + found.incoming.count
    }

    /// The ids of the transfers `address` sent and received in `blocks`, at
    /// most `limit + 1` per side, in index order, read from the indexes alone.
    private func ids(of address: Int64, blocks: ClosedRange<UInt64>, limit: Int) throws -> (outgoing: [Int64], incoming: [Int64]) {
        var found: (outgoing: [Int64], incoming: [Int64]) = ([], [])
        for (s, outgoing) in [(outgoingIDs, true), (incomingIDs, false)] {
            s.reset()
            s.bind(1, address); s.bind(2, Int64(clamping: blocks.lowerBound)); s.bind(3, Int64(clamping: blocks.upperBound))
            s.bind(4, Int64(limit) + 1)
            while try s.step() {
                if outgoing { found.outgoing.append(s.int64(0)) } else { found.incoming.append(s.int64(0)) }
            }
        }
        return found
    }
}

extension StoreReader {
    /// Hash and time (transaction's, else its block's) of the given
    /// transactions, looked up in id order through one prepared statement
    /// (investigations ask for a few ids at a time, many times).
    public func transactionInfo(_ ids: [Int64]) throws -> [Int64: (hash: String, timestamp: Int64?)] {
        let s = try statements.prepared("""
            SELECT tx.hash, COALESCE(tx.timestamp, b.timestamp) FROM transactions tx
            LEFT JOIN blocks b ON b.chain_id = tx.chain_id AND b.number = tx.block WHERE tx.id = ?
            """, db: db)
        defer { s.reset() }
        var out: [Int64: (hash: String, timestamp: Int64?)] = [:]
        for id in ids.sorted() {
            s.reset()
            s.bind(1, id)
            if try s.step() { out[id] = (s.text(0), s.optionalInt64(1)) }
        }
        return out
    }

    /// Gas price (wei, as sent) of the given transactions, where the source data had it.
    public func gasPrices(_ ids: [Int64]) throws -> [Int64: Amount] {
        var out: [Int64: Amount] = [:]
        try forEachChunk(ids) { list in
            let s = try RawStatement(db: db, sql: "SELECT id, gas_price FROM transactions WHERE id IN (\(list)) AND gas_price IS NOT NULL")
            while try s.step() { if let a = Amount(s.text(1)) { out[s.int64(0)] = a } }
        }
        return out
    }

    /// Address texts of the given ids by primary key: for a few thousand ids
    /// of a large store, where ``addressTexts(_:)`` would scan the table.
    public func addressTexts(lookingUp ids: [Int64]) throws -> [Int64: String] {
        var out: [Int64: String] = [:]
        try forEachChunk(ids) { list in
            let s = try RawStatement(db: db, sql: "SELECT id, address FROM addresses WHERE id IN (\(list))")
            while try s.step() { out[s.int64(0)] = s.text(1) }
        }
        return out
    }

    /// Asset symbol and decimals (when known) by asset id.
    public func assetDetails() throws -> [Int64: (chainID: Int64, code: String, symbol: String?, decimals: Int?)] {
        let s = try RawStatement(db: db, sql: "SELECT id, chain_id, code, symbol, decimals FROM assets")
        var out: [Int64: (chainID: Int64, code: String, symbol: String?, decimals: Int?)] = [:]
        while try s.step() { out[s.int64(0)] = (s.int64(1), s.text(2), s.optionalText(3), s.optionalInt64(4).map(Int.init)) }
        return out
    }

    /// The first block of `chainID` at or after Unix time `t` (nil: none that late).
    public func firstBlock(chainID: Int64, atOrAfter t: Int64) throws -> UInt64? {
        let s = try RawStatement(db: db, sql: """
            SELECT MIN(block) FROM (SELECT number AS block FROM blocks WHERE chain_id = ?1 AND timestamp >= ?2
                                    UNION ALL SELECT block FROM transactions WHERE chain_id = ?1 AND timestamp >= ?2)
            """)
        s.bind(1, chainID); s.bind(2, t)
        _ = try s.step()
        return s.optionalInt64(0).map { UInt64(clamping: $0) }
    }

    /// The last block of `chainID` at or before Unix time `t` (nil: none that early).
    public func lastBlock(chainID: Int64, atOrBefore t: Int64) throws -> UInt64? {
        let s = try RawStatement(db: db, sql: """
            SELECT MAX(block) FROM (SELECT number AS block FROM blocks WHERE chain_id = ?1 AND timestamp <= ?2
                                    UNION ALL SELECT block FROM transactions WHERE chain_id = ?1 AND timestamp <= ?2)
            """)
        s.bind(1, chainID); s.bind(2, t)
        _ = try s.step()
        return s.optionalInt64(0).map { UInt64(clamping: $0) }
    }

    private func forEachChunk(_ ids: [Int64], _ body: (String) throws -> Void) throws {
        var i = 0
        while i < ids.count {
            let chunk = ids[i..<min(i + 500, ids.count)]
            try body(chunk.map(String.init).joined(separator: ","))
            i += 500
        }
    }
}
