import Foundation
import FundTraceIngest

/// Ethereum JSON-RPC over HTTP: one call, or many in one batch (a JSON array, answered in any order and matched
/// by `id`). Results keep their numbers' literal text (``JSONValue``), so quantities up to 2^256−1 stay exact.
public final class JSONRPCClient: @unchecked Sendable {
    public struct Call: Sendable, Equatable {
        public var method: String
        public var params: [JSONValue]
        public init(_ method: String, _ params: [JSONValue]) { self.method = method; self.params = params }

        /// How the call reads in an error message: `eth_getBlockByNumber(0x1ac9f2, true)`.
        public var display: String {
            "\(method)(\(params.map { $0.text ?? $0.jsonText }.joined(separator: ", ")))"
        }
    }

    /// JSON-RPC error codes providers use for "no such method" (a node without `trace_*`, say).
    public static let methodNotFound = -32601

    public let transport: HTTPTransport
    /// Calls per batch request; providers cap batches (Alchemy 1,000, Infura 1,000, some nodes 100).
    public var batchSize = 100

    public init(transport: HTTPTransport) { self.transport = transport }

    /// The call's result, or its error as a ``FetchError``.
    public func call(_ method: String, _ params: [JSONValue]) throws -> JSONValue {
        try results(for: [Call(method, params)])[0].get()
    }

    /// Each call's result or error, in the order of `calls`; sent as batches of `batchSize`.
    public func results(for calls: [Call]) throws -> [Result<JSONValue, FetchError>] {
        var out: [Result<JSONValue, FetchError>] = []
        out.reserveCapacity(calls.count)
        var start = 0
        while start < calls.count {
            let end = min(start + batchSize, calls.count)
            out += try batch(Array(calls[start..<end]))
            start = end
        }
        return out
    }

    private func batch(_ calls: [Call]) throws -> [Result<JSONValue, FetchError>] {
        let query = calls.count == 1 ? calls[0].display : "\(calls.count) calls from \(calls[0].display)"
        let body = calls.count == 1 ? Self.request(calls[0], id: 0) : .array(calls.enumerated().map { Self.request($0.element, id: $0.offset) })
        let data = try transport.post(Data(body.jsonText.utf8), query: query)
        return try Self.decode(data, calls: calls, endpoint: transport.endpoint.display, query: query)
    }

    /// Each call's result or error from a node's answer to `calls` (one object, or a batch array in any order).
    static func decode(_ data: Data, calls: [Call], endpoint: String, query: String) throws -> [Result<JSONValue, FetchError>] {
        func malformed(_ why: String) -> FetchError { FetchError(endpoint: endpoint, query: query, .malformed(why)) }
        let answer: JSONValue
        do { answer = try JSONParser.parse(data) } catch let f as JSONParser.Failure { throw malformed("not JSON (\(f.reason) at byte \(f.offset))") }
        let responses: [JSONValue]
        if calls.count == 1, case .object = answer { responses = [answer] }
        else if let array = answer.arrayValue { responses = array }
        else if let error = answer["error"] { throw FetchError(endpoint: endpoint, query: query, Self.refusal(error)) }
        else { throw malformed("expected \(calls.count) responses") }
        var byID: [Int: JSONValue] = [:]
        for r in responses {
            guard let idText = r["id"]?.text, let id = Int(idText), calls.indices.contains(id), byID[id] == nil else {
                throw malformed("a response whose id matches no call")
            }
            byID[id] = r
        }
        return try calls.indices.map { i in
            guard let r = byID[i] else { throw malformed("no response to \(calls[i].display)") }
            let q = calls[i].display
            if let error = r["error"], error != .null {
                return .failure(FetchError(endpoint: endpoint, query: q, Self.refusal(error)))
            }
            guard let result = r["result"] else { throw malformed("no result for \(q)") }
            return .success(result)
        }
    }

    static func request(_ call: Call, id: Int) -> JSONValue {
        .object(["jsonrpc": .string("2.0"), "id": .number(String(id)), "method": .string(call.method), "params": .array(call.params)])
    }

    /// A JSON-RPC error object as a refusal, keeping its code apart from its message.
    static func refusal(_ error: JSONValue) -> FetchError.Cause {
        .service(error["message"]?.text ?? error.jsonText, code: error["code"]?.text.flatMap { Int($0) })
    }

    /// The error code of a failed call (`-32601` for a method the node does not have).
    public static func code(of error: FetchError) -> Int? {
        guard case .service(_, let code) = error.cause else { return nil }
        return code
    }
}
