import FundTraceModel
import GRDB

/// Which of an address's transfers a page of history or an expansion reads.
public struct ActivityFilter: Sendable, Equatable {
    /// Blocks, inclusive (times are turned into blocks per chain by the caller).
    public var blocks: ClosedRange<UInt64> = 0...UInt64(Int64.max)
    /// Only this asset (a store asset id).
    public var assetID: Int64?
    /// Only transfers of at least this many base units.
    public var minAmount: Amount = .zero
    /// Only this chain.
    public var chainID: Int64?

    public init() {}
}

/// Where a page of history ends: the next page starts after it.
/// History runs newest first, by block, then by row id.
public struct ActivityCursor: Sendable, Equatable, Codable {
    public var block: UInt64
    public var id: Int64
    public init(block: UInt64, id: Int64) { self.block = block; self.id = id }

    /// "block.id", as it goes in a URL.
    public var text: String { "\(block).\(id)" }
    public init?(text: String) {
        let parts = text.split(separator: ".")
        guard parts.count == 2, let b = UInt64(parts[0]), let i = Int64(parts[1]) else { return nil }
        self.init(block: b, id: i)
    }
}

/// One address's transfers as a person browses them — newest first, a page at a
/// time, filtered by window, asset and size — served by the indexes
/// `transfers_outgoing(from_id, block)` and `transfers_incoming(to_id, block)`,
/// which hold the row id too: a page costs O(log n + rows read), however busy
/// the address.
public final class AddressActivity {
    private let reader: StoreReader
    private var statements: [String: RawStatement] = [:]

    public init(reader: StoreReader) { self.reader = reader }

    /// Up to `limit` transfers of `address` on `side` (both when nil), newest
    /// first, strictly older than `cursor`, matching `filter`; and the cursor of
    /// the next page when there may be one. A transfer to oneself appears once.
    public func page(of address: Int64, side: TransferSide?, filter: ActivityFilter, after cursor: ActivityCursor?,
                     limit: Int) throws -> (rows: [OrderedTransferRow], next: ActivityCursor?) {
        var merged: [OrderedTransferRow] = []
        var more = false
        for s in side.map({ [$0] }) ?? [.outgoing, .incoming] {
            let rows = try read(address, s, filter: filter, after: cursor, limit: limit + 1)
            more = more || rows.count > limit
            merged += rows
        }
        merged.sort { ($0.row.block, $0.row.id) > ($1.row.block, $1.row.id) }
        var seen = Set<Int64>()
        merged = merged.filter { seen.insert($0.row.id).inserted }
        let page = Array(merged.prefix(limit))
        let next = (more || merged.count > limit) ? page.last.map { ActivityCursor(block: $0.row.block, id: $0.row.id) } : nil
        return (page, next)
    }

    /// The newest `limit` transfers of `address` on `side` matching `filter`,
    /// newest first: what an expansion aggregates (a hot wallet's history is
    /// sampled from its newest end; the caller says so).
    public func newest(of address: Int64, side: TransferSide, filter: ActivityFilter, limit: Int) throws -> [OrderedTransferRow] {
        try read(address, side, filter: filter, after: nil, limit: limit)
    }

    private func read(_ address: Int64, _ side: TransferSide, filter: ActivityFilter, after cursor: ActivityCursor?,
                      limit: Int) throws -> [OrderedTransferRow] {
        let s = try statement(side, filter: filter, cursor: cursor != nil)
        s.reset()
        defer { s.reset() }
        var i: Int32 = 1
        func bind(_ v: Int64) { s.bind(i, v); i += 1 }
        bind(address)
        bind(Int64(clamping: filter.blocks.lowerBound)); bind(Int64(clamping: filter.blocks.upperBound))
        if let cursor { bind(Int64(clamping: cursor.block)); bind(Int64(clamping: cursor.block)); bind(cursor.id) }
        if let a = filter.assetID { bind(a) }
        if let c = filter.chainID { bind(c) }
        if !filter.minAmount.isZero {
            let digits = filter.minAmount.description
            bind(Int64(digits.utf8.count)); bind(Int64(digits.utf8.count)); s.bind(i, digits); i += 1
        }
        bind(Int64(limit))
        var out: [OrderedTransferRow] = []
        while try s.step() {
            let row = try OrderedTransferRow(s)
            // The SQL test on the decimal text is a superset (a stored amount with leading zeros passes it); this is exact.
            if row.row.amount >= filter.minAmount || !row.row.success { out.append(row) }
        }
        return out
    }

    /// One prepared statement per shape of query, reused.
    private func statement(_ side: TransferSide, filter: ActivityFilter, cursor: Bool) throws -> RawStatement {
        let (column, index) = side == .outgoing ? ("from_id", "transfers_outgoing") : ("to_id", "transfers_incoming")
        var sql = """
            SELECT \(StoreReader.rowColumns) FROM transfers t INDEXED BY \(index)
            JOIN transactions tx ON tx.id = t.tx_id
            WHERE t.\(column) = ? AND t.block BETWEEN ? AND ?
            """
        if cursor { sql += " AND (t.block < ? OR (t.block = ? AND t.id < ?))" }
        if filter.assetID != nil { sql += " AND t.asset_id = ?" }
        if filter.chainID != nil { sql += " AND t.chain_id = ?" }
        if !filter.minAmount.isZero { sql += " AND (length(t.amount) > ? OR (length(t.amount) = ? AND t.amount >= ?))" }
        sql += " ORDER BY t.block DESC, t.id DESC LIMIT ?"
        if let s = statements[sql] { return s }
        let s = try RawStatement(db: reader.db, sql: sql)
        statements[sql] = s
        return s
    }
}

extension StoreReader {
    /// Labels whose text, actor or address contains `text` (case-insensitive), at most `limit`.
    public func labels(matching text: String, limit: Int) throws -> [AddressLabel] {
        let pattern = "%" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_") + "%"
        return try Row.fetchAll(grdb, sql: """
            SELECT * FROM labels WHERE label LIKE ?1 ESCAPE '\\' OR actor LIKE ?1 ESCAPE '\\' OR address LIKE ?1 ESCAPE '\\'
            ORDER BY category, label, address LIMIT ?2
            """, arguments: [pattern, limit]).map(Self.label)
    }

    /// The transactions with this hash, on any chain: (chain id, transaction id, block).
    public func transactions(hash: String) throws -> [(chainID: Int64, id: Int64, block: UInt64?)] {
        var out: [(chainID: Int64, id: Int64, block: UInt64?)] = []
        for chain in try chainNames().keys.sorted() {
            guard let id = try transactionID(chainID: chain, hash: hash) else { continue }
            let s = try RawStatement(db: db, sql: "SELECT block FROM transactions WHERE id = ?")
            s.bind(1, id)
            _ = try s.step()
            out.append((chain, id, s.optionalInt64(0).map { UInt64(clamping: $0) }))
        }
        return out
    }

    /// The native asset's id of each chain.
    public func nativeAssets() throws -> [Int64: Int64] {
        let s = try RawStatement(db: db, sql: "SELECT chain_id, id FROM assets WHERE is_native = 1")
        var out: [Int64: Int64] = [:]
        while try s.step() { out[s.int64(0)] = s.int64(1) }
        return out
    }
}

extension StoreReader {
    /// For a time window on `chainID`: the smallest block number `x` such that every transfer at or after `x`
    /// is at or after Unix time `t` (`inclusive`), or strictly after it (not `inclusive`). So a window
    /// [since, until] is the blocks `bound(since, true) ..< bound(until, false)`.
    ///
    /// A binary search over block numbers, reading at each probe the time of the first transfer at or after it
    /// through the index `transfers_order(chain_id, block)`: O(log B) index seeks, where the plain scan of
    /// ``firstBlock(chainID:atOrAfter:)`` reads every transaction. It relies on block times never decreasing,
    /// as chains make them; a probe finding no time (a store without times) answers nil, and the caller falls back.
    public func blockBound(chainID: Int64, time t: Int64, inclusive: Bool) throws -> UInt64? {
        let probe = try statements.prepared("""
            SELECT t.block, COALESCE(t.timestamp, tx.timestamp, (SELECT timestamp FROM blocks b WHERE b.chain_id = t.chain_id AND b.number = t.block))
            FROM transfers t INDEXED BY transfers_order JOIN transactions tx ON tx.id = t.tx_id
            WHERE t.chain_id = ? AND t.block >= ? ORDER BY t.chain_id, t.block LIMIT 1
            """, db: db)
        defer { probe.reset() }
        /// Whether the first transfer at or after block `x` is inside the window's side (nil: no time to tell).
        func passes(_ x: UInt64) throws -> Bool? {
            probe.reset()
            probe.bind(1, chainID); probe.bind(2, Int64(clamping: x))
            guard try probe.step() else { return true }  // past the last transfer
            guard let time = probe.optionalInt64(1) else { return nil }
            return inclusive ? time >= t : time > t
        }
        var low: UInt64 = 0, high = UInt64(Int64.max)
        while low < high {
            let mid = low + (high - low) / 2
            guard let ok = try passes(mid) else { return nil }
            if ok { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
