import FundTraceModel

/// A fetch that failed, naming the endpoint (secrets removed) and the query, so that the investigator can repeat it
/// by hand. Nothing of a failed query reaches the store.
public struct FetchError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Cause: Sendable, Equatable {
        /// The connection failed or timed out, after every retry.
        case transport(String)
        /// An HTTP status other than 200, after every retry where retrying helps.
        case http(status: Int, body: String)
        /// The service answered with an error of its own: a JSON-RPC error object (with its code), an explorer's `NOTOK`.
        case service(String, code: Int? = nil)
        /// The answer is not what the protocol documents: not JSON, a missing field, a value out of range.
        case malformed(String)
        /// The answer is larger than FundTrace accepts from a service.
        case tooLarge(limit: Int)
    }

    public var endpoint: String
    public var query: String
    public var cause: Cause

    public init(endpoint: String, query: String, _ cause: Cause) {
        self.endpoint = endpoint; self.query = query; self.cause = cause
    }

    public var description: String {
        let why: String
        switch cause {
        case .transport(let s): why = "no answer: \(s)"
        case .http(let status, let body): why = "HTTP \(status)\(body.isEmpty ? "" : ": \(body.prefix(200))")"
        case .service(let s, let code): why = "the service refused: \(code.map { "\($0) " } ?? "")\(s.prefix(300))"
        case .malformed(let s): why = "malformed answer: \(s.prefix(300))"
        case .tooLarge(let limit): why = "answer larger than \(limit >> 20) MiB, the most FundTrace reads from a service"
        }
        // Answers are untrusted: their control characters are shown, not acted on.
        return DisplayControl.escaped("\(endpoint) \(query): \(why)")
    }
}
