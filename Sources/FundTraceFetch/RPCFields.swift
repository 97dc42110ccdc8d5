import FundTraceModel
import FundTraceIngest

/// Reading the fields of a JSON-RPC object (a block, a transaction, a receipt, a log, a trace), each checked:
/// quantities are `0x` hexadecimal up to 2^256−1, addresses 20 bytes, hashes 32. A value that is not what the
/// protocol documents throws ``RPCFields/Invalid``, which the fetcher reports with the endpoint and query.
struct RPCFields {
    struct Invalid: Error, CustomStringConvertible { var description: String }

    let object: [String: JSONValue]
    let what: String

    init(_ value: JSONValue, _ what: String) throws {
        guard case .object(let o) = value else { throw Invalid(description: "\(what) is not a JSON object") }
        object = o; self.what = what
    }

    func string(_ key: String) throws -> String? {
        switch object[key] {
        case nil, .null?: return nil
        case .string(let s)?: return s
        default: throw Invalid(description: "\(what).\(key) is not a string")
        }
    }

    /// A hex quantity as a decimal JSON number (the form ethereum-etl writes), or null when absent.
    func quantity(_ key: String) throws -> JSONValue {
        guard let s = try string(key) else { return .null }
        guard case .success(let a) = Amount.parseHex(Array(s.utf8)) else { throw Invalid(description: "\(what).\(key) is not a hex quantity: '\(s.prefix(80))'") }
        return .number(a.description)
    }

    func requiredQuantity(_ key: String) throws -> JSONValue {
        let q = try quantity(key)
        guard q != .null else { throw Invalid(description: "\(what) has no \(key)") }
        return q
    }

    /// An address, or null when absent — or empty, as some nodes (eth-tester) write a contract creation's `to`.
    func address(_ key: String) throws -> JSONValue {
        guard let s = try string(key), !s.isEmpty else { return .null }
        guard case .success(let a) = Address.normalized(s), a.hasPrefix("0x"), a.count == 42 else {
            throw Invalid(description: "\(what).\(key) is not an address: '\(s.prefix(80))'")
        }
        return .string(a)
    }

    func hash(_ key: String) throws -> JSONValue {
        guard let s = try string(key) else { throw Invalid(description: "\(what) has no \(key)") }
        guard HexText.isPrefixed(s, digits: 64) else {
            throw Invalid(description: "\(what).\(key) is not a 32-byte hash: '\(s.prefix(80))'")
        }
        return .string(s.lowercased())
    }

    /// Hex data passed through (input, log data) once checked to be hex.
    func data(_ key: String) throws -> JSONValue {
        guard let s = try string(key) else { return .null }
        guard HexText.isPrefixed(s) else {
            throw Invalid(description: "\(what).\(key) is not hex data")
        }
        return .string(s.lowercased())
    }

    func array(_ key: String) throws -> [JSONValue] {
        switch object[key] {
        case nil, .null?: return []
        case .array(let a)?: return a
        default: throw Invalid(description: "\(what).\(key) is not an array")
        }
    }
}

extension JSONValue {
    /// A JSON-RPC quantity: `0x`-prefixed hexadecimal without leading zeros.
    static func quantity(_ n: UInt64) -> JSONValue { .string("0x" + String(n, radix: 16)) }
}
