import FundTraceModel
import FundTraceIngest

/// `trace_block` answers (OpenEthereum/Erigon/Nethermind "parity" traces) as ethereum-etl `trace` records, with
/// ethereum-etl's status rule: a trace failed when it, or any call it is nested in, has an error.
enum EthereumTraceRecords {
    static func records(traces: JSONValue, timestamp: JSONValue) throws -> [JSONValue] {
        guard let list = traces.arrayValue else { throw RPCFields.Invalid(description: "trace_block's result is not an array") }
        var rows: [(key: String, address: [Int], record: [String: JSONValue])] = []
        for (i, v) in list.enumerated() {
            let t = try RPCFields(v, "trace[\(i)]")
            let action = try RPCFields(t.object["action"] ?? .object([:]), "trace[\(i)].action")
            let result = t.object["result"].flatMap { $0 == .null ? nil : $0 }.map { try? RPCFields($0, "trace[\(i)].result") } ?? nil
            let type = try t.string("type") ?? ""
            guard let addressList = t.object["traceAddress"]?.arrayValue ?? (t.object["traceAddress"] == nil ? [] : nil) else {
                throw RPCFields.Invalid(description: "trace[\(i)].traceAddress is not an array")
            }
            let address = try addressList.map { v -> Int in
                guard let n = v.text.flatMap(Int.init), n >= 0 else { throw RPCFields.Invalid(description: "trace[\(i)].traceAddress holds a non-index") }
                return n
            }
            var r: [String: JSONValue] = [
                "type": .string("trace"), "block_number": t.object["blockNumber"] ?? .null, "block_timestamp": timestamp,
                "transaction_hash": t.object["transactionHash"].flatMap { $0 == .null ? nil : $0 } == nil ? .null : try t.hash("transactionHash"),
                "transaction_index": t.object["transactionPosition"] ?? .null, "trace_type": .string(type),
                "trace_address": .array(address.map { .number(String($0)) }), "subtraces": t.object["subtraces"] ?? .null,
                "error": try t.string("error").map(JSONValue.string) ?? .null,
            ]
            switch type {
            case "call":
                r["from_address"] = try action.address("from"); r["to_address"] = try action.address("to")
                r["value"] = try action.quantity("value"); r["call_type"] = try action.string("callType").map(JSONValue.string) ?? .null
                r["gas"] = try action.quantity("gas"); r["gas_used"] = try result?.quantity("gasUsed") ?? .null
            case "create":
                r["from_address"] = try action.address("from"); r["to_address"] = try result?.address("address") ?? .null
                r["value"] = try action.quantity("value"); r["gas"] = try action.quantity("gas")
                r["gas_used"] = try result?.quantity("gasUsed") ?? .null
            case "suicide":
                r["from_address"] = try action.address("address"); r["to_address"] = try action.address("refundAddress")
                r["value"] = try action.quantity("balance")
            case "reward":
                r["to_address"] = try action.address("author"); r["value"] = try action.quantity("value")
                r["reward_type"] = try action.string("rewardType").map(JSONValue.string) ?? .null
            default: break
            }
            rows.append((r["transaction_hash"]?.text ?? "block", address, r))
        }
        // Status: 0 when the trace or an enclosing one (a prefix of its address, same transaction) has an error.
        var failed = Set<String>()
        for row in rows where row.record["error"] != .null { failed.insert(row.key + ":" + row.address.map(String.init).joined(separator: ",")) }
        return rows.map { row in
            var r = row.record
            let broken = (0...row.address.count).contains { n in
                failed.contains(row.key + ":" + row.address.prefix(n).map(String.init).joined(separator: ","))
            }
            r["status"] = .number(broken ? "0" : "1")
            return .object(r)
        }
    }
}
