import FundTraceModel
import FundTraceIngest

/// Etherscan account-API rows turned into ethereum-etl records, so that they are stored by the same importers
/// (fees, failures, decimals) as exported data.
///
/// - `txlist` → `transaction`: `isError` 1 marks a failure even before Byzantium, where `txreceipt_status` is empty.
/// - `txlistinternal` → `trace`: `traceId` (`0_1`) is the call's place; a row without one is numbered by its order
///   within its transaction.
/// - `tokentx` → `token` (symbol, name, decimals as the explorer states them) and `token_transfer`: the log index
///   is `logIndex` when the explorer gives it; otherwise the row's order within its transaction (documented: a
///   later load of the same transaction from a node, with real log indices, would store such rows again).
enum EtherscanRecords {
    static func records(_ action: EtherscanClient.Action, rows: [[String: JSONValue]]) throws -> [JSONValue] {
        var order: [String: Int] = [:]
        var tokens: [String: JSONValue] = [:]
        var out: [JSONValue] = []
        for (i, row) in rows.enumerated() {
            let f = try ExplorerFields(row, "\(action.rawValue) row \(i + 1)")
            let hash = try f.hash("hash")
            let n = order[hash, default: 0]; order[hash] = n + 1
            switch action {
            case .transactions: out.append(try transaction(f, hash: hash))
            case .internal: out.append(try trace(f, hash: hash, ordinal: n))
            case .tokens:
                let contract = try f.address("contractAddress")
                if tokens[contract] == nil {
                    tokens[contract] = .object(["type": .string("token"), "address": .string(contract),
                                                "symbol": f.text("tokenSymbol").map(JSONValue.string) ?? .null,
                                                "name": f.text("tokenName").map(JSONValue.string) ?? .null,
                                                "decimals": try f.optionalNumber("tokenDecimal") ?? .null])
                }
                out.append(try tokenTransfer(f, hash: hash, contract: contract, ordinal: n))
            }
        }
        return tokens.keys.sorted().map { tokens[$0]! } + out
    }

    static func transaction(_ f: ExplorerFields, hash: String) throws -> JSONValue {
        let failed = f.text("isError") == "1"
        let status: JSONValue = failed ? .number("0") : (try f.optionalNumber("txreceipt_status") ?? .null)
        return .object([
            "type": .string("transaction"), "hash": .string(hash), "nonce": try f.optionalNumber("nonce") ?? .null,
            "transaction_index": try f.optionalNumber("transactionIndex") ?? .null, "from_address": .string(try f.address("from")),
            "to_address": try f.optionalAddress("to"), "value": try f.number("value"), "gas": try f.optionalNumber("gas") ?? .null,
            "gas_price": try f.optionalNumber("gasPrice") ?? .null, "block_timestamp": try f.number("timeStamp"),
            "block_number": try f.number("blockNumber"), "receipt_gas_used": try f.optionalNumber("gasUsed") ?? .null,
            "receipt_cumulative_gas_used": try f.optionalNumber("cumulativeGasUsed") ?? .null,
            "receipt_contract_address": try f.optionalAddress("contractAddress"), "receipt_status": status,
        ])
    }

    static func trace(_ f: ExplorerFields, hash: String, ordinal: Int) throws -> JSONValue {
        let type = (f.text("type") ?? "call").lowercased()
        let place: [Int]
        if let id = f.text("traceId"), !id.isEmpty {
            place = try id.split(separator: "_").map { part in
                guard let n = Int(part), n >= 0, n < 1_000_000 else { throw ExplorerFields.Invalid(description: "\(f.what).traceId is not a call path: '\(id.prefix(60))'") }
                return n
            }
        } else {
            place = [ordinal]
        }
        let failed = f.text("isError") == "1"
        return .object([
            "type": .string("trace"), "transaction_hash": .string(hash), "block_number": try f.number("blockNumber"),
            "block_timestamp": try f.optionalNumber("timeStamp") ?? .null,
            "from_address": .string(try f.address("from")),
            "to_address": try f.optionalAddress("to") == .null ? try f.optionalAddress("contractAddress") : try f.optionalAddress("to"),
            "value": try f.number("value"), "trace_type": .string(type.hasPrefix("create") ? "create" : (type == "suicide" || type == "selfdestruct" ? "suicide" : "call")),
            "call_type": type.hasPrefix("create") ? .null : .string(type == "suicide" || type == "selfdestruct" ? "call" : type),
            "trace_address": .array(place.map { .number(String($0)) }),
            "status": .number(failed ? "0" : "1"), "error": failed ? .string(f.text("errCode").flatMap { $0.isEmpty ? nil : $0 } ?? "error") : .null,
        ])
    }

    static func tokenTransfer(_ f: ExplorerFields, hash: String, contract: String, ordinal: Int) throws -> JSONValue {
        .object([
            "type": .string("token_transfer"), "token_address": .string(contract), "from_address": .string(try f.address("from")),
            "to_address": .string(try f.address("to")), "value": try f.number("value"), "transaction_hash": .string(hash),
            "log_index": try f.optionalNumber("logIndex") ?? .number(String(ordinal)), "block_number": try f.number("blockNumber"),
            "block_timestamp": try f.optionalNumber("timeStamp") ?? .null,
        ])
    }
}

/// The fields of an explorer row: every value is a string; numbers are decimal (`"12345"`), some explorers write
/// hex (`"0x1b"`) in places — both are read, exactly.
struct ExplorerFields {
    struct Invalid: Error, CustomStringConvertible { var description: String }
    let row: [String: JSONValue]
    let what: String

    init(_ row: [String: JSONValue], _ what: String) throws { self.row = row; self.what = what }

    func text(_ key: String) -> String? { row[key]?.text }

    func optionalNumber(_ key: String) throws -> JSONValue? {
        guard let t = text(key), !t.isEmpty else { return nil }
        let parsed = t.hasPrefix("0x") ? Amount.parseHex(Array(t.utf8)) : Amount.parseDecimal(Array(t.utf8))
        guard case .success(let a) = parsed else { throw Invalid(description: "\(what).\(key) is not a number: '\(t.prefix(80))'") }
        return .number(a.description)
    }

    func number(_ key: String) throws -> JSONValue {
        guard let n = try optionalNumber(key) else { throw Invalid(description: "\(what) has no \(key)") }
        return n
    }

    func optionalAddress(_ key: String) throws -> JSONValue {
        guard let t = text(key), !t.isEmpty else { return .null }
        return .string(try address(key))
    }

    func address(_ key: String) throws -> String {
        guard let t = text(key), case .success(let a) = Address.normalized(t), a.hasPrefix("0x"), a.count == 42 else {
            throw Invalid(description: "\(what).\(key) is not an address: '\((text(key) ?? "").prefix(80))'")
        }
        return a
    }

    func hash(_ key: String) throws -> String {
        guard let t = text(key), HexText.isPrefixed(t, digits: 64) else {
            throw Invalid(description: "\(what).\(key) is not a transaction hash")
        }
        return t.lowercased()
    }
}
