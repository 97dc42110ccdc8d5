import FundTraceModel
import FundTraceIngest

/// Esplora transactions as bitcoin-etl `transaction` records, stored by the same importer as bitcoin-etl exports.
///
/// Output types take bitcoin-etl's names (`p2pkh` → `pubkeyhash`, `op_return` → `nulldata` …) so that an output
/// without an address gets the same synthetic `script:<type>` name from either source. A bare-pubkey (P2PK) output,
/// which Esplora gives no address, is named by its key's P2PKH address, as bitcoin-etl names it. A bare multisig
/// output has no address from Esplora (bitcoin-etl lists its keys' addresses): it is stored as `script:multisig`.
enum EsploraRecords {
    static let typeNames: [String: String] = [
        "p2pk": "pubkey", "p2pkh": "pubkeyhash", "p2sh": "scripthash", "v0_p2wpkh": "witness_v0_keyhash",
        "v0_p2wsh": "witness_v0_scripthash", "v1_p2tr": "witness_v1_taproot", "op_return": "nulldata", "multisig": "multisig",
    ]

    /// The record of a confirmed transaction at `position` in its block; nil for an unconfirmed one.
    static func record(_ tx: JSONValue, position: UInt64?) throws -> JSONValue? {
        let t = try RPCFields(tx, "transaction")
        guard let status = tx["status"], status["confirmed"] == .bool(true) else { return nil }
        let txid = try hex64(t.string("txid"), "txid")
        guard let height = status["block_height"]?.text, UInt64(height) != nil else { throw RPCFields.Invalid(description: "transaction \(txid) has no block_height") }
        var inputs: [JSONValue] = []
        var coinbase = false
        for (i, v) in try t.array("vin").enumerated() {
            let input = try RPCFields(v, "\(txid) vin[\(i)]")
            if input.object["is_coinbase"] == .bool(true) { coinbase = true; continue }
            let prevout = input.object["prevout"].flatMap { $0 == .null ? nil : $0 }
            var r: [String: JSONValue] = ["index": .number(String(i)), "spent_transaction_hash": .string(try hex64(input.string("txid"), "vin.txid")),
                                          "spent_output_index": try number(input.object["vout"], "vin.vout")]
            if let prevout {
                let p = try RPCFields(prevout, "\(txid) vin[\(i)].prevout")
                r["value"] = try number(p.object["value"], "prevout.value")
                r["addresses"] = .array(try addresses(p).map(JSONValue.string))
                r["type"] = .string(typeName(try p.string("scriptpubkey_type")))
            }
            inputs.append(.object(r))
        }
        let outputs: [JSONValue] = try t.array("vout").enumerated().map { i, v in
            let o = try RPCFields(v, "\(txid) vout[\(i)]")
            return .object(["index": .number(String(i)), "value": try number(o.object["value"], "vout.value"),
                            "addresses": .array(try addresses(o).map(JSONValue.string)), "type": .string(typeName(try o.string("scriptpubkey_type")))])
        }
        return .object([
            "type": .string("transaction"), "hash": .string(txid), "block_number": .number(height),
            "block_hash": status["block_hash"] ?? .null, "block_timestamp": status["block_time"] ?? .null,
            "index": position.map { .number(String($0)) } ?? .null, "is_coinbase": .bool(coinbase),
            "inputs": .array(inputs), "outputs": .array(outputs),
        ])
    }

    static func typeName(_ esplora: String?) -> String { esplora.flatMap { typeNames[$0] } ?? "nonstandard" }

    /// The output's address, or for a bare-pubkey output the P2PKH address of its key.
    static func addresses(_ o: RPCFields) throws -> [String] {
        if let a = try o.string("scriptpubkey_address"), !a.isEmpty {
            guard case .success(let n) = Address.utxo(a) else { throw RPCFields.Invalid(description: "\(o.what): '\(a.prefix(80))' is not an address") }
            return [n]
        }
        if try o.string("scriptpubkey_type") == "p2pk", let script = try o.string("scriptpubkey").flatMap(HexText.bytes),
           let key = BitcoinKeyAddress.publicKey(inP2PK: script) {
            return [BitcoinKeyAddress.p2pkh(publicKey: key)]
        }
        return []
    }

    static func hex64(_ s: String?, _ what: String) throws -> String {
        guard let s, HexText.isDigits(s.utf8, count: 64) else { throw RPCFields.Invalid(description: "\(what) is not a transaction id") }
        return s.lowercased()
    }

    static func number(_ v: JSONValue?, _ what: String) throws -> JSONValue {
        guard case .number(let n)? = v, case .success = Amount.parseDecimal(Array(n.utf8)) else { throw RPCFields.Invalid(description: "\(what) is not a whole number") }
        return .number(n)
    }
}
