import GRDB

/// The provenance of one file loaded into the store: what it was, what came of it.
public struct LoadRecord: Sendable, Equatable, Codable {
    public var id: Int64
    public var file: String
    public var sha256: String
    public var format: String
    public var chain: String
    public var rowsRead: Int
    public var rowsStored: Int
    public var rowsDuplicate: Int
    public var rowsSkipped: Int
    public var rowsRejected: Int
    public var startedAt: String
    public var finishedAt: String
    public var toolVersion: String

    public init(id: Int64 = 0, file: String, sha256: String, format: String, chain: String,
                rowsRead: Int = 0, rowsStored: Int = 0, rowsDuplicate: Int = 0, rowsSkipped: Int = 0,
                rowsRejected: Int = 0, startedAt: String, finishedAt: String = "", toolVersion: String) {
        self.id = id; self.file = file; self.sha256 = sha256; self.format = format; self.chain = chain
        self.rowsRead = rowsRead; self.rowsStored = rowsStored; self.rowsDuplicate = rowsDuplicate
        self.rowsSkipped = rowsSkipped; self.rowsRejected = rowsRejected
        self.startedAt = startedAt; self.finishedAt = finishedAt; self.toolVersion = toolVersion
    }

    init(row: Row) {
        self.init(id: row["id"], file: row["file"], sha256: row["sha256"], format: row["format"], chain: row["chain"],
                  rowsRead: row["rows_read"], rowsStored: row["rows_stored"], rowsDuplicate: row["rows_duplicate"],
                  rowsSkipped: row["rows_skipped"], rowsRejected: row["rows_rejected"],
                  startedAt: row["started_at"], finishedAt: row["finished_at"], toolVersion: row["tool_version"])
    }
}
