import FundTraceModel
import FundTraceIngest

/// JSON-RPC answers turned into ethereum-etl records — the rules ethereum-etl's `stream` applies — so that fetched
/// data is stored by the same importers as exported data and gives the same transfers, fees and failures.
///
/// Pure: no I/O; the fetcher calls it with what the node answered.
enum EthereumRPCRecords {
    /// `keccak256("Transfer(address,address,uint256)")`, the first topic of ERC-20 and ERC-721 transfers.
    static let transferTopic = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"

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

    /// ethereum-etl's rule: a log whose first topic is Transfer and whose topics and data words make exactly four
    /// words (ERC-20: three topics and a value; ERC-721: four topics) is a transfer of `word 3` from `word 1` to `word 2`.
    static func tokenTransfers(receipt rc: RPCFields, blockNumber: JSONValue, timestamp: JSONValue, blockHash: JSONValue) throws -> [JSONValue] {
        var out: [JSONValue] = []
        for (i, lv) in try rc.array("logs").enumerated() {
            let l = try RPCFields(lv, "\(rc.what).logs[\(i)]")
            let topics = try l.array("topics").map { $0.text?.lowercased() ?? "" }
            guard topics.first == transferTopic else { continue }
            let data = (try l.data("data")).text ?? "0x"
            let dataHex = data.dropFirst(2)
            guard dataHex.count % 64 == 0 else { continue }
            var words = Array(topics.dropFirst())
            var k = dataHex.startIndex
            while k < dataHex.endIndex { let e = dataHex.index(k, offsetBy: 64); words.append("0x" + dataHex[k..<e]); k = e }
            guard words.count == 3, let from = wordAddress(words[0]), let to = wordAddress(words[1]),
                  case .success(let value) = Amount.parseHex(Array(words[2].utf8)) else { continue }
            out.append(.object([
                "type": .string("token_transfer"), "token_address": try l.address("address"), "from_address": .string(from),
                "to_address": .string(to), "value": .number(value.description), "transaction_hash": try l.hash("transactionHash"),
                "log_index": try l.requiredQuantity("logIndex"), "block_number": blockNumber, "block_timestamp": timestamp,
                "block_hash": blockHash,
            ]))
        }
        return out
    }

    /// The address in the low 20 bytes of a 32-byte word.
    static func wordAddress(_ word: String) -> String? {
        guard word.hasPrefix("0x"), word.count == 66, word.utf8.dropFirst(2).allSatisfy({ hexDigitValue($0) != nil }) else { return nil }
        return "0x" + word.suffix(40).lowercased()
    }
}
