import FundTraceModel
import GRDB

extension TransferStore {
    /// Adds labels in one transaction; a label already stored (same chain,
    /// address, label, provider category and source) is left as it is, so
    /// importing a file twice changes nothing. Returns how many were new.
    @discardableResult
    public func insertLabels<S: Sequence>(_ labels: S) throws -> Int where S.Element == AddressLabel {
        try queue.write { db in
            let s = try db.makeStatement(sql: """
                INSERT INTO labels(chain, address, label, category, source_category, source, confidence, actor)
                VALUES(?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING
                """)
            var added = 0
            for l in labels {
                try s.execute(arguments: [l.chain, l.address, l.label, l.category.rawValue, l.sourceCategory, l.source, l.confidence, l.actor])
                added += db.changesCount
            }
            return added
        }
    }
}

extension StoreReader {
    /// Every label of `address` (store form) on any chain.
    public func labels(address: String) throws -> [AddressLabel] {
        try Row.fetchAll(grdb, sql: "SELECT * FROM labels WHERE address = ? ORDER BY chain, category, source, label",
                         arguments: [address]).map(Self.label)
    }

    /// Every stored label, for a trace to classify the addresses it meets.
    public func allLabels() throws -> [AddressLabel] {
        try Row.fetchAll(grdb, sql: "SELECT * FROM labels ORDER BY id").map(Self.label)
    }

    /// Labels per category, for `stats`.
    public func labelCounts() throws -> [(category: String, count: Int)] {
        try Row.fetchAll(grdb, sql: "SELECT category, COUNT(*) AS n FROM labels GROUP BY category ORDER BY category")
            .map { ($0["category"], $0["n"]) }
    }

    static func label(_ r: Row) -> AddressLabel {
        AddressLabel(chain: r["chain"], address: r["address"], label: r["label"],
                     category: LabelCategory(rawValue: r["category"]) ?? .other, sourceCategory: r["source_category"],
                     source: r["source"], confidence: r["confidence"], actor: r["actor"])
    }
}
