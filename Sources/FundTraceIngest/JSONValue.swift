/// A JSON value whose numbers keep their literal text.
///
/// Exists because ethereum-etl and bitcoin-etl write amounts as bare JSON
/// numbers (`"value": 7400000000000000000`, up to 2^256−1), and every JSON
/// decoder in Foundation or the package mirror turns such numbers into
/// `Double` or `Decimal` (38 digits), losing units. Keeping the literal lets
/// the amount parser read it exactly.
public indirect enum JSONValue: Equatable, Sendable {
    case object([String: JSONValue])
    case array([JSONValue])
    case string(String)
    /// The number exactly as written.
    case number(String)
    case bool(Bool)
    case null

    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] } else { return nil }
    }

    /// A string, or a number's literal text.
    public var text: String? {
        switch self {
        case .string(let s): return s
        case .number(let n): return n
        case .bool(let b): return b ? "true" : "false"
        default: return nil
        }
    }

    public var arrayValue: [JSONValue]? { if case .array(let a) = self { return a } else { return nil } }
}

/// Parses one JSON document from bytes (one line of a JSON-lines file).
public struct JSONParser {
    public struct Failure: Error { public var offset: Int; public var reason: String }

    private let b: [UInt8]
    private var i = 0
    private var values = 0

    /// The most values one document may hold. Each costs about a hundred bytes parsed, so this bounds a line's
    /// tree to a few hundred MiB whatever its length; an ethereum-etl block with every transaction inline holds
    /// tens of thousands.
    public static let maxValues = 2_000_000

    public static func parse<C: Collection>(_ bytes: C) throws -> JSONValue where C.Element == UInt8 {
        var p = JSONParser(b: Array(bytes))
        p.skipSpace()
        let v = try p.value(depth: 0)
        p.skipSpace()
        if p.i != p.b.count { throw Failure(offset: p.i, reason: "trailing characters after the JSON value") }
        return v
    }

    private init(b: [UInt8]) { self.b = b }

    private mutating func skipSpace() {
        while i < b.count, b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0A || b[i] == 0x0D { i += 1 }
    }

    private mutating func value(depth: Int) throws -> JSONValue {
        guard depth < 64 else { throw Failure(offset: i, reason: "nesting too deep") }
        values += 1
        guard values <= Self.maxValues else {
            throw Failure(offset: i, reason: "more than \(Self.maxValues) values in one JSON document: not a record FundTrace reads")
        }
        guard i < b.count else { throw Failure(offset: i, reason: "truncated JSON: value expected") }
        switch b[i] {
        case UInt8(ascii: "{"):
            i += 1
            var o: [String: JSONValue] = [:]
            skipSpace()
            if i < b.count, b[i] == UInt8(ascii: "}") { i += 1; return .object(o) }
            while true {
                skipSpace()
                guard i < b.count, b[i] == UInt8(ascii: "\"") else { throw Failure(offset: i, reason: "object key expected") }
                let k = try string()
                skipSpace()
                guard i < b.count, b[i] == UInt8(ascii: ":") else { throw Failure(offset: i, reason: "':' expected") }
                i += 1; skipSpace()
                o[k] = try value(depth: depth + 1)
                skipSpace()
                guard i < b.count else { throw Failure(offset: i, reason: "truncated JSON: '}' expected") }
                if b[i] == UInt8(ascii: ",") { i += 1; continue }
                if b[i] == UInt8(ascii: "}") { i += 1; return .object(o) }
                throw Failure(offset: i, reason: "',' or '}' expected")
            }
        case UInt8(ascii: "["):
            i += 1
            var a: [JSONValue] = []
            skipSpace()
            if i < b.count, b[i] == UInt8(ascii: "]") { i += 1; return .array(a) }
            while true {
                skipSpace()
                a.append(try value(depth: depth + 1))
                skipSpace()
                guard i < b.count else { throw Failure(offset: i, reason: "truncated JSON: ']' expected") }
                if b[i] == UInt8(ascii: ",") { i += 1; continue }
                if b[i] == UInt8(ascii: "]") { i += 1; return .array(a) }
                throw Failure(offset: i, reason: "',' or ']' expected")
            }
        case UInt8(ascii: "\""):
            return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default:
            let s = i
            while i < b.count, (b[i] >= UInt8(ascii: "0") && b[i] <= UInt8(ascii: "9")) || b[i] == UInt8(ascii: "-")
                    || b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
                i += 1
            }
            if s == i {
                // Named when printable ASCII; any other byte could garble the terminal.
                let c = b[i]
                throw Failure(offset: i, reason: c > 0x20 && c < 0x7F ? "value expected, found '\(Character(Unicode.Scalar(c)))'" : "value expected")
            }
            return .number(String(decoding: b[s..<i], as: UTF8.self))
        }
    }

    private mutating func literal(_ word: String) throws {
        for c in word.utf8 {
            guard i < b.count, b[i] == c else { throw Failure(offset: i, reason: "invalid literal") }
            i += 1
        }
    }

    private mutating func string() throws -> String {
        i += 1
        var out: [UInt8] = []
        while true {
            guard i < b.count else { throw Failure(offset: i, reason: "truncated JSON: unterminated string") }
            let c = b[i]; i += 1
            if c == UInt8(ascii: "\"") { break }
            if c == UInt8(ascii: "\\") {
                guard i < b.count else { throw Failure(offset: i, reason: "truncated escape") }
                let e = b[i]; i += 1
                switch e {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"):
                    var code = try hex4()
                    if (0xD800..<0xDC00).contains(code), i + 1 < b.count, b[i] == UInt8(ascii: "\\"), b[i + 1] == UInt8(ascii: "u") {
                        i += 2
                        let low = try hex4()
                        code = 0x10000 + ((code - 0xD800) << 10) + (low &- 0xDC00)
                    }
                    let scalar = Unicode.Scalar(code) ?? "\u{FFFD}"
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                default: out.append(e)
                }
            } else {
                out.append(c)
            }
        }
        guard let s = String(validating: out, as: UTF8.self) else { throw Failure(offset: i, reason: "invalid UTF-8 in string") }
        return s
    }

    private mutating func hex4() throws -> UInt32 {
        guard i + 4 <= b.count else { throw Failure(offset: i, reason: "truncated \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            guard let d = hexDigitValueLocal(b[i]) else { throw Failure(offset: i, reason: "invalid \\u escape") }
            v = v << 4 | UInt32(d); i += 1
        }
        return v
    }

    private func hexDigitValueLocal(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: return c - 48
        case 97...102: return c - 87
        case 65...70: return c - 55
        default: return nil
        }
    }
}
