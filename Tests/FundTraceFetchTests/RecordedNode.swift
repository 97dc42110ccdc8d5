import Foundation
import FundTraceIngest
import FundTraceTestSupport

/// A JSON-RPC node that answers from ethereum-etl's recorded mainnet responses (`web3_response.<method>_<params>.json`,
/// named as ethereum-etl's test provider names them), over real HTTP; batches are answered call by call. A call with
/// no recording gets a JSON-RPC error, as a node without that data would answer.
enum RecordedNode {
    static func fileName(_ method: String, _ params: [JSONValue]) -> String {
        "web3_response.\(method)_\(params.map(text).joined(separator: "_")).json"
    }

    static func text(_ p: JSONValue) -> String {
        switch p {
        case .object(let o): return o.keys.sorted().map { "\($0)_\(text(o[$0]!))" }.joined(separator: "_")
        case .array(let a): return a.map(text).joined(separator: "_")
        default: return p.text ?? "null"
        }
    }

    static func server(_ folder: URL, missingMethod: Int = -32000) throws -> ReplayHTTPServer {
        try ReplayHTTPServer { request in
            guard let body = try? JSONParser.parse(request.body) else { return .json("{\"error\":\"not JSON\"}", status: 400) }
            func answer(_ call: JSONValue) -> String {
                let id = call["id"]?.jsonText ?? "null"
                let method = call["method"]?.text ?? ""
                let file = folder.appendingPathComponent(fileName(method, call["params"]?.arrayValue ?? []))
                guard let data = try? Data(contentsOf: file), let recorded = try? JSONParser.parse(data), let result = recorded["result"] else {
                    return "{\"jsonrpc\":\"2.0\",\"id\":\(id),\"error\":{\"code\":\(missingMethod),\"message\":\"no recorded response for \(method)\"}}"
                }
                return "{\"jsonrpc\":\"2.0\",\"id\":\(id),\"result\":\(result.jsonText)}"
            }
            if let calls = body.arrayValue { return .json("[" + calls.map(answer).joined(separator: ",") + "]") }
            return .json(answer(body))
        }
    }
}
