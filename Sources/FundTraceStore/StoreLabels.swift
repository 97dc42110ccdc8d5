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

/// A label file imported into the store (provenance for reports).
public struct LabelFileRecord: Sendable, Codable, Equatable {
    public var file: String
    public var sha256: String
    public var labels: Int
    public var added: Int
    public var importedAt: String

    public init(file: String, sha256: String, labels: Int, added: Int, importedAt: String) {
        self.file = file; self.sha256 = sha256; self.labels = labels; self.added = added; self.importedAt = importedAt
    }
}

extension TransferStore {
    /// Records that a label file was imported.
    public func recordLabelFile(_ r: LabelFileRecord) throws {
        try queue.write { db in
            try db.execute(sql: "INSERT INTO label_files(file, sha256, labels, added, imported_at) VALUES(?,?,?,?,?)",
                           arguments: [r.file, r.sha256, r.labels, r.added, r.importedAt])
        }
    }

    /// Every label file imported, oldest first.
    public func labelFiles() throws -> [LabelFileRecord] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM label_files ORDER BY id").map {
                LabelFileRecord(file: $0["file"], sha256: $0["sha256"], labels: $0["labels"], added: $0["added"], importedAt: $0["imported_at"])
            }
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
