import Foundation
import FundTraceIngest
import FundTraceStore

/// Fetched answers, kept as ethereum-etl JSON-lines files (one per query or block window) in a folder beside the
/// store, then loaded like any export. A file is written whole (to a temporary name, then renamed), so an
/// interrupted fetch leaves only complete files: the next run skips them and fetches the rest.
public struct FetchCache: Sendable {
    public let directory: URL

    public init(directory: URL) throws {
        self.directory = directory
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// The default folder for a store: `<store>.fetched/`.
    public static func beside(store path: String) throws -> FetchCache {
        try FetchCache(directory: URL(fileURLWithPath: path + ".fetched"))
    }

    public func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    public func contains(_ name: String) -> Bool { FileManager.default.fileExists(atPath: path(name)) }

    /// Writes `records` as JSON lines under `name`, atomically; returns the path.
    @discardableResult
    public func write(_ records: [JSONValue], as name: String) throws -> String {
        let final = path(name)
        try FileManager.default.createDirectory(at: URL(fileURLWithPath: final).deletingLastPathComponent(), withIntermediateDirectories: true)
        let temporary = final + ".partial"
        var text = ""
        for r in records { text += r.jsonText; text += "\n" }
        try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
        _ = try? FileManager.default.removeItem(atPath: final)
        try FileManager.default.moveItem(atPath: temporary, toPath: final)
        return final
    }

    /// Loads a fetched file into `store` (nothing when the same bytes were loaded before) and, when it was just
    /// fetched (`provenance` given), records where it came from — against the earlier load when an identical
    /// answer (an empty one, say) was stored before.
    public func load(_ file: String, into store: TransferStore, chain: String, format: DataFormat = .ethereumETLJSON,
                     provenance: Provenance?) throws -> Loader.Result {
        var options = Loader.Options()
        options.format = format
        options.chain = chain
        let result = try Loader(store: store).load(path: file, options: options)
        if let provenance {
            try store.recordFetch(FetchRecord(loadID: result.record.id, endpoint: provenance.endpoint, query: provenance.query,
                                              requests: provenance.requests, fetchedAt: provenance.fetchedAt))
        }
        return result
    }

    /// One query's answer in the store: read from the cache when there (unless `refresh`), otherwise fetched by
    /// `fetch`, written and loaded with its provenance. `requestsSent` counts the service's requests so far.
    func answer(_ name: String, query: String, endpoint: String, into store: TransferStore, chain: String, format: DataFormat = .ethereumETLJSON,
                refresh: Bool = false, requestsSent: () -> Int, fetch: () throws -> [JSONValue]) throws -> FetchSummary.Query {
        let before = requestsSent()
        let cached = contains(name) && !refresh
        var records = 0
        if !cached {
            let r = try fetch()
            records = r.count
            try write(r, as: name)
        }
        let requests = requestsSent() - before
        let loaded = try load(path(name), into: store, chain: chain, format: format, provenance: cached ? nil : Provenance(
            endpoint: endpoint, query: query, requests: requests, fetchedAt: ISO8601DateFormatter().string(from: Date())))
        return FetchSummary.Query(query: query, file: name, cached: cached, records: cached ? loaded.record.rowsRead : records,
                                  rowsStored: loaded.alreadyLoaded ? 0 : loaded.record.rowsStored, requests: requests)
    }

    public struct Provenance: Sendable {
        public var endpoint: String, query: String, requests: Int, fetchedAt: String
        public init(endpoint: String, query: String, requests: Int, fetchedAt: String) {
            self.endpoint = endpoint; self.query = query; self.requests = requests; self.fetchedAt = fetchedAt
        }
    }
}
