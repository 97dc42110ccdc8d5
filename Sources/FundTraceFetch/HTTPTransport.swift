import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Sends requests to one service and returns the body of a 200 answer, behaving well toward the service:
/// at most `requestsPerSecond`, a timeout per request, and retries with exponential backoff on what is
/// worth retrying (connection failures, timeouts, 429 and 5xx; `Retry-After` is honoured). Answers are
/// capped at `maxBodyBytes`.
///
/// Synchronous by design: every caller (the `fetch` command, the trace's discovery) is a sequential loop that
/// needs the answer before its next step; batching, not concurrency, is what saves round trips.
public final class HTTPTransport: @unchecked Sendable {
    public struct Settings: Sendable {
        public var timeoutSeconds: Double = 30
        public var retries = 5
        public var backoffSeconds: Double = 1
        public var requestsPerSecond: Double = 5
        public var maxBodyBytes = 256 << 20
        public init() {}
    }

    public let endpoint: ServiceEndpoint
    public let settings: Settings
    private let session: URLSession
    private var lastRequest: Date?
    /// Requests sent, retries included (for progress and provenance).
    public private(set) var requestsSent = 0
    /// Waits between attempts; tests replace it so retries cost no time.
    var sleep: (Double) -> Void = { Thread.sleep(forTimeInterval: $0) }

    public init(endpoint: ServiceEndpoint, settings: Settings = Settings()) {
        self.endpoint = endpoint
        self.settings = settings
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = settings.timeoutSeconds
        configuration.httpAdditionalHeaders = ["User-Agent": "fundtrace/0.1 (+https://github.com/fundtrace)"]
        session = URLSession(configuration: configuration)
    }

    /// POSTs `body` as JSON (a JSON-RPC call) to the endpoint.
    public func post(_ body: Data, query: String) throws -> Data {
        var request = URLRequest(url: endpoint.url)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = body
        return try send(request, query: query)
    }

    /// GETs the endpoint with `items` added to its query (an explorer's API call).
    public func get(_ items: [URLQueryItem], query: String) throws -> Data {
        var c = URLComponents(url: endpoint.url, resolvingAgainstBaseURL: false)!
        c.queryItems = (c.queryItems ?? []) + items
        guard let url = c.url else { throw FetchError(endpoint: endpoint.display, query: query, .transport("cannot build the request URL")) }
        return try send(URLRequest(url: url), query: query)
    }

    /// GETs `path` below the endpoint (a REST API such as Esplora's `/address/…/txs`).
    public func get(path: String, query: String) throws -> Data {
        guard let url = URL(string: endpoint.url.absoluteString.trimmingSuffix("/") + "/" + path.trimmingPrefix("/")) else {
            throw FetchError(endpoint: endpoint.display, query: query, .transport("cannot build the request URL"))
        }
        return try send(URLRequest(url: url), query: query)
    }

    private func send(_ request: URLRequest, query: String) throws -> Data {
        var request = request
        request.timeoutInterval = settings.timeoutSeconds
        var attempt = 0
        while true {
            pace()
            requestsSent += 1
            let outcome = perform(request)
            let failure: FetchError.Cause
            var wait = settings.backoffSeconds * pow(2, Double(attempt))
            switch outcome {
            case .success(let status, let data, let retryAfter):
                if data.count > settings.maxBodyBytes { throw FetchError(endpoint: endpoint.display, query: query, .tooLarge(limit: settings.maxBodyBytes)) }
                if status == 200 { return data }
                failure = .http(status: status, body: String(decoding: data.prefix(200), as: UTF8.self))
                guard status == 429 || status >= 500 else { throw FetchError(endpoint: endpoint.display, query: query, failure) }
                if let retryAfter { wait = min(max(retryAfter, wait), 120) }
            case .failure(let reason):
                failure = .transport(reason)
            }
            attempt += 1
            guard attempt <= settings.retries else { throw FetchError(endpoint: endpoint.display, query: query, failure) }
            sleep(wait)
        }
    }

    /// Keeps requests at least 1 / requestsPerSecond apart.
    private func pace() {
        guard settings.requestsPerSecond > 0 else { return }
        let gap = 1 / settings.requestsPerSecond
        if let last = lastRequest {
            let since = Date().timeIntervalSince(last)
            if since < gap { sleep(gap - since) }
        }
        lastRequest = Date()
    }

    private enum Outcome { case success(status: Int, data: Data, retryAfter: Double?), failure(String) }

    private func perform(_ request: URLRequest) -> Outcome {
        final class Box: @unchecked Sendable { var outcome = Outcome.failure("no answer") }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        session.dataTask(with: request) { data, response, error in
            if let error {
                box.outcome = .failure(error.localizedDescription)
            } else if let http = response as? HTTPURLResponse {
                let retryAfter = (http.value(forHTTPHeaderField: "Retry-After")).flatMap(Double.init)
                box.outcome = .success(status: http.statusCode, data: data ?? Data(), retryAfter: retryAfter)
            }
            done.signal()
        }.resume()
        done.wait()
        return box.outcome
    }
}

extension String {
    fileprivate func trimmingSuffix(_ s: String) -> String { hasSuffix(s) ? String(dropLast(s.count)) : self }
    fileprivate func trimmingPrefix(_ s: String) -> String { hasPrefix(s) ? String(dropFirst(s.count)) : self }
}
