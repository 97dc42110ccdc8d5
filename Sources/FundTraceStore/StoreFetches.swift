import GRDB

/// The provenance of data fetched from a service: which load stored it, from which endpoint (secrets removed),
/// by which query, with how many requests, and when.
public struct FetchRecord: Sendable, Equatable, Codable {
    public var loadID: Int64
    public var endpoint: String
    public var query: String
    public var requests: Int
    public var fetchedAt: String

    public init(loadID: Int64, endpoint: String, query: String, requests: Int, fetchedAt: String) {
        self.loadID = loadID; self.endpoint = endpoint; self.query = query; self.requests = requests; self.fetchedAt = fetchedAt
    }
}

extension TransferStore {
    public func recordFetch(_ r: FetchRecord) throws {
        try queue.write { db in
            try db.execute(sql: "INSERT INTO fetches(load_id, endpoint, query, requests, fetched_at) VALUES(?,?,?,?,?)",
                           arguments: [r.loadID, r.endpoint, r.query, r.requests, r.fetchedAt])
        }
    }

    /// Every fetch recorded, oldest first.
    public func fetches() throws -> [FetchRecord] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM fetches ORDER BY id").map {
                FetchRecord(loadID: $0["load_id"], endpoint: $0["endpoint"], query: $0["query"], requests: $0["requests"], fetchedAt: $0["fetched_at"])
            }
        }
    }
}
