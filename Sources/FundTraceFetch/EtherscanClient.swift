import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import FundTraceIngest

/// An Etherscan-compatible account API (Etherscan V2 with `chainid`, BscScan, PolygonScan, and the explorers that
/// copy its interface): an address's normal transactions, internal transactions and token transfers, paged past
/// the API's result cap by block cursor.
///
/// Paging: a page is asked from the cursor block; when it comes back full, its last block may be cut off, so its
/// rows are dropped and the next page starts at that block (the overlap); a block with more rows than a page is
/// read page by page on its own. Rows are de-duplicated by their full content, so the overlap never doubles one.
public final class EtherscanClient: @unchecked Sendable {
    public enum Action: String, CaseIterable, Sendable {
        case transactions = "txlist", `internal` = "txlistinternal", tokens = "tokentx"
    }

    public let transport: HTTPTransport
    /// Etherscan V2's `chainid` (1 Ethereum, 56 BNB Chain, 137 Polygon …); nil for single-chain explorers.
    public let chainID: Int?
    let apiKey: String?
    /// Rows per page: Etherscan returns at most 10,000 per query (1,000 on free keys since July 2026).
    public var pageSize = 1000
    /// How often an answer "rate limit reached" in a 200 body is retried (after the transport's own retries).
    public var rateLimitRetries = 5
    var sleep: (Double) -> Void = { Thread.sleep(forTimeInterval: $0) }

    public init(transport: HTTPTransport, chainID: Int?, apiKey: String?) {
        self.transport = transport; self.chainID = chainID; self.apiKey = apiKey
    }

    /// Every row of `action` for `address` from `startBlock` through `endBlock`, oldest first, each once.
    public func history(_ action: Action, address: String, startBlock: UInt64, endBlock: UInt64) throws -> [[String: JSONValue]] {
        var rows: [[String: JSONValue]] = []
        var seen = Set<String>()
        func add(_ page: [[String: JSONValue]]) {
            for r in page where seen.insert(JSONValue.object(r).jsonText).inserted { rows.append(r) }
        }
        var cursor = startBlock
        while cursor <= endBlock {
            let page = try self.page(action, address: address, from: cursor, to: endBlock, page: 1)
            guard page.count >= pageSize, let last = page.last.flatMap(Self.block) else { add(page); break }
            if last > cursor {
                add(page.filter { (Self.block($0) ?? 0) < last })
                cursor = last
            } else {
                // One block holds a full page or more: read it page by page.
                var n = 1, more = page
                while true {
                    add(more)
                    guard more.count >= pageSize else { break }
                    n += 1
                    more = try self.page(action, address: address, from: cursor, to: cursor, page: n)
                }
                cursor += 1
            }
        }
        return rows
    }

    static func block(_ row: [String: JSONValue]) -> UInt64? { row["blockNumber"]?.text.flatMap { UInt64($0) } }

    func page(_ action: Action, address: String, from: UInt64, to: UInt64, page: Int) throws -> [[String: JSONValue]] {
        var items = [URLQueryItem(name: "module", value: "account"), URLQueryItem(name: "action", value: action.rawValue),
                     URLQueryItem(name: "address", value: address), URLQueryItem(name: "startblock", value: String(from)),
                     URLQueryItem(name: "endblock", value: String(to)), URLQueryItem(name: "page", value: String(page)),
                     URLQueryItem(name: "offset", value: String(pageSize)), URLQueryItem(name: "sort", value: "asc")]
        if let chainID { items.insert(URLQueryItem(name: "chainid", value: String(chainID)), at: 0) }
        if let apiKey { items.append(URLQueryItem(name: "apikey", value: apiKey)) }
        let query = "\(action.rawValue) \(address) blocks \(from)–\(to) page \(page)"
        var attempt = 0
        while true {
            let data = try transport.get(items, query: query)
            switch try Self.parse(data) {
            case .rows(let rows): return rows
            case .refused(let message) where Self.isRateLimit(message) && attempt < rateLimitRetries:
                attempt += 1
                sleep(transport.settings.backoffSeconds * pow(2, Double(attempt)))
            case .refused(let message):
                throw FetchError(endpoint: transport.endpoint.display, query: query, .service(message))
            case .malformed(let why):
                throw FetchError(endpoint: transport.endpoint.display, query: query, .malformed(why))
            }
        }
    }

    enum Answer: Equatable { case rows([[String: JSONValue]]), refused(String), malformed(String) }

    /// `{"status":"1","message":"OK","result":[…]}`; `status` 0 with an empty list is no rows; `status` 0 with a
    /// text result is a refusal (rate limit, bad key, bad address).
    static func parse(_ data: Data) throws -> Answer {
        guard let value = try? JSONParser.parse(data), case .object(let o) = value else { return .malformed("not a JSON object") }
        let status = o["status"]?.text, message = o["message"]?.text ?? ""
        switch o["result"] {
        case .array(let list)?:
            if status != "1" && !list.isEmpty { return .refused(message) }
            var rows: [[String: JSONValue]] = []
            for item in list {
                guard case .object(let r) = item else { return .malformed("a result row is not an object") }
                rows.append(r)
            }
            return .rows(rows)
        case .string(let text)?: return .refused(text.isEmpty ? message : text)
        default: return .malformed("no 'result'")
        }
    }

    static func isRateLimit(_ message: String) -> Bool {
        let m = message.lowercased()
        return m.contains("rate limit") || m.contains("too many") || m.contains("timeout") || m.contains("busy")
    }
}
