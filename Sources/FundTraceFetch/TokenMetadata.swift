import FundTraceModel
import FundTraceIngest

/// A token's symbol, name, decimals and total supply read by `eth_call`, decoded as ethereum-etl does: strings
/// as ABI `string` or, for old tokens, `bytes32`; a value that does not decode (or is not UTF-8, or decimals past
/// 255) is null rather than a guess.
enum TokenMetadata {
    static let selectors: [(field: String, selector: String)] = [
        ("symbol", "0x95d89b41"), ("name", "0x06fdde03"), ("decimals", "0x313ce567"), ("total_supply", "0x18160ddd"),
    ]

    /// The `token` record from the four answers (hex return data, nil when the call failed), in `selectors` order.
    static func record(contract: String, answers: [String?]) -> JSONValue {
        var r: [String: JSONValue] = ["type": .string("token"), "address": .string(contract)]
        for (i, (field, _)) in selectors.enumerated() {
            let bytes = answers[i].flatMap(HexText.bytes) ?? []
            switch field {
            case "decimals":
                r[field] = uint(bytes).flatMap { $0 <= Amount(255) ? JSONValue.number($0.description) : nil } ?? .null
            case "total_supply":
                r[field] = uint(bytes).map { .number($0.description) } ?? .null
            default:
                r[field] = string(bytes).map(JSONValue.string) ?? .null
            }
        }
        return .object(r)
    }

    /// The first 32-byte word as an unsigned integer.
    static func uint(_ b: [UInt8]) -> Amount? {
        guard b.count >= 32 else { return nil }
        var hex = "0x"
        for x in b.prefix(32) { hex += String(x, radix: 16).count == 1 ? "0" + String(x, radix: 16) : String(x, radix: 16) }
        return try? Amount.parseHex(Array(hex.utf8)).get()
    }

    /// ABI `string` (offset, length, bytes), else `bytes32` with trailing zeros removed.
    static func string(_ b: [UInt8]) -> String? {
        if b.count >= 64, let offset = uint(b).flatMap({ Int($0.description) }), offset + 32 <= b.count,
           let length = uint(Array(b[offset..<(offset + 32)])).flatMap({ Int($0.description) }), offset + 32 + length <= b.count {
            return clean(Array(b[(offset + 32)..<(offset + 32 + length)]))
        }
        if b.count == 32 { return clean(Array(b.prefix { $0 != 0 })) }
        return nil
    }

    /// The text with NUL padding removed (an empty string is a real answer: the contract's name is empty).
    private static func clean(_ bytes: [UInt8]) -> String? {
        String(validating: bytes, as: UTF8.self)?.replacingOccurrences(of: "\u{0}", with: "")
    }
}
