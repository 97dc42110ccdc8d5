/// What one fetch did: per query, whether it was answered from the cache, how many records and transfers it gave.
public struct FetchSummary: Sendable, Codable, Equatable {
    public struct Query: Sendable, Codable, Equatable {
        public var query: String
        public var file: String
        public var cached: Bool
        public var records: Int
        public var rowsStored: Int
        public var requests: Int
    }
    public var endpoint: String
    public var queries: [Query] = []
    public var notes: [String] = []

    public init(endpoint: String) { self.endpoint = endpoint }

    public var requests: Int { queries.reduce(0) { $0 + $1.requests } }
    public var rowsStored: Int { queries.reduce(0) { $0 + $1.rowsStored } }
}
