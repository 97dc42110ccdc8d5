import FundTraceModel
import FundTraceIngest

/// JSON-RPC answers turned into ethereum-etl records — the rules ethereum-etl's `stream` applies — so that fetched
/// data is stored by the same importers as exported data and gives the same transfers, fees and failures.
///
/// Pure: no I/O; the fetcher calls it with what the node answered.
enum EthereumRPCRecords {
    /// A block's `transaction` records (with their receipts' `receipt_*` fields when `receipts` has them) and the
    /// `token_transfer` records of the receipts' Transfer logs.
    static func records(block: JSONValue, receipts: [String: JSONValue]) throws -> [JSONValue] {
        let b = try RPCFields(block, "block")
        let number = try b.requiredQuantity("number"), timestamp = try b.requiredQuantity("timestamp")
        let blockHash = try b.hash("hash")
        var out: [JSONValue] = []
        for (i, tv) in try b.array("transactions").enumerated() {
            let t = try RPCFields(tv, "block.transactions[\(i)]")
            let hash = try t.hash("hash")
            var r: [String: JSONValue] = [
                "type": .string("transaction"), "hash": hash, "nonce": try t.quantity("nonce"),
                "transaction_index": try t.quantity("transactionIndex"), "from_address": try t.address("from"),
                "to_address": try t.address("to"), "value": try t.requiredQuantity("value"), "gas": try t.quantity("gas"),
                "gas_price": try t.quantity("gasPrice"), "input": try t.data("input"), "block_timestamp": timestamp,
                "block_number": number, "block_hash": blockHash, "max_fee_per_gas": try t.quantity("maxFeePerGas"),
                "max_priority_fee_per_gas": try t.quantity("maxPriorityFeePerGas"), "transaction_type": try t.quantity("type"),
            ]
            if let receipt = receipts[hash.text!] {
                let rc = try RPCFields(receipt, "receipt of \(hash.text!)")
                r["receipt_cumulative_gas_used"] = try rc.quantity("cumulativeGasUsed")
                r["receipt_gas_used"] = try rc.quantity("gasUsed")
                r["receipt_contract_address"] = try rc.address("contractAddress")
                r["receipt_root"] = try rc.data("root")
                r["receipt_status"] = try rc.quantity("status")
                r["receipt_effective_gas_price"] = try rc.quantity("effectiveGasPrice")
                out.append(.object(r))
                out += try tokenTransfers(receipt: rc, blockNumber: number, timestamp: timestamp, blockHash: blockHash)
            } else {
                out.append(.object(r))
            }
        }
        return out
    }

    /// The token transfers among a receipt's logs (``TransferEvent``: ethereum-etl's rule).
    static func tokenTransfers(receipt rc: RPCFields, blockNumber: JSONValue, timestamp: JSONValue, blockHash: JSONValue) throws -> [JSONValue] {
        var out: [JSONValue] = []
        for (i, lv) in try rc.array("logs").enumerated() {
            let l = try RPCFields(lv, "\(rc.what).logs[\(i)]")
            let topics = try l.array("topics").map { $0.text ?? "" }
            guard let event = TransferEvent(topics: topics, data: (try l.data("data")).text ?? "0x") else { continue }
            let (from, to, value) = (event.from, event.to, event.value)
            out.append(.object([
                "type": .string("token_transfer"), "token_address": try l.address("address"), "from_address": .string(from),
                "to_address": .string(to), "value": .number(value.description), "transaction_hash": try l.hash("transactionHash"),
                "log_index": try l.requiredQuantity("logIndex"), "block_number": blockNumber, "block_timestamp": timestamp,
                "block_hash": blockHash,
            ]))
        }
        return out
    }

}
