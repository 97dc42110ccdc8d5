import FundTraceModel
import FundTraceCSV

/// Named access to the fields of one input record, whether a CSV row (by
/// header position) or a JSON object (by key), so that a format's rules are
/// written once for both of its encodings.
///
/// Typed accessors validate and throw ``RowProblem`` naming the column.
protocol RecordFields {
    /// The field's bytes; nil when the column is absent or the value is JSON null.
    func raw(_ name: String) -> ArraySlice<UInt8>?
    /// The 1-based column of `name`, for error messages.
    func column(_ name: String) -> Int?
}

extension RecordFields {
    func problem(_ name: String, _ reason: String) -> RowProblem {
        RowProblem(column: column(name), .value("column '\(name)': \(reason)"))
    }

    /// The field, or nil when absent or empty.
    func optional(_ name: String) -> ArraySlice<UInt8>? {
        guard let r = raw(name), !r.isEmpty else { return nil }
        return r
    }

    func required(_ name: String) throws -> ArraySlice<UInt8> {
        guard let r = optional(name) else { throw problem(name, "missing value") }
        return r
    }

    func string(_ name: String) throws -> String? {
        guard let r = optional(name) else { return nil }
        guard let s = String(validating: r, as: UTF8.self) else { throw problem(name, "invalid UTF-8") }
        return s
    }

    func requiredString(_ name: String) throws -> String {
        guard let s = try string(name) else { throw problem(name, "missing value") }
        return s
    }

    func amount(_ name: String) throws -> Amount {
        try amount(name, bytes: required(name))
    }

    func optionalAmount(_ name: String) throws -> Amount? {
        guard let r = optional(name) else { return nil }
        return try amount(name, bytes: r)
    }

    private func amount(_ name: String, bytes: ArraySlice<UInt8>, what: String = "amount") throws -> Amount {
        let result = bytes.starts(with: [UInt8(ascii: "0"), UInt8(ascii: "x")]) ? Amount.parseHex(bytes) : Amount.parseDecimal(bytes)
        switch result {
        case .success(let v): return v
        case .failure(let e): throw problem(name, "\(e.description(of: what)): '\(String(decoding: bytes.prefix(80), as: UTF8.self))'")
        }
    }

    func uint(_ name: String) throws -> UInt64 {
        guard let v = try optionalUInt(name) else { throw problem(name, "missing value") }
        return v
    }

    func optionalUInt(_ name: String) throws -> UInt64? {
        guard let r = optional(name) else { return nil }
        let v = try amount(name, bytes: r, what: "number")
        guard let small = v.uint64Value, small <= UInt64(Int64.max) else { throw problem(name, "value too large") }
        return small
    }

    func optionalInt64(_ name: String) throws -> Int64? {
        try optionalUInt(name).map { Int64($0) }
    }

    /// A strict EVM address, lower-cased.
    func evmAddress(_ name: String) throws -> String {
        let r = try required(name)
        switch Address.evm(r) {
        case .success(let a): return a
        case .failure(let e): throw problem(name, "\(e): '\(String(decoding: r.prefix(80), as: UTF8.self))'")
        }
    }

    func optionalEVMAddress(_ name: String) throws -> String? {
        guard optional(name) != nil else { return nil }
        return try evmAddress(name)
    }

    /// A 32-byte transaction hash `0x` + 64 hex digits, lower-cased.
    func evmHash(_ name: String) throws -> String {
        let r = try required(name)
        guard r.count == 66, r.starts(with: [UInt8(ascii: "0"), UInt8(ascii: "x")]),
              r.dropFirst(2).allSatisfy({ hexDigitValue($0) != nil }) else {
            throw problem(name, "not a transaction hash (0x followed by 64 hex digits): '\(String(decoding: r.prefix(80), as: UTF8.self))'")
        }
        return String(decoding: r.map { ($0 >= 65 && $0 <= 90) ? $0 + 32 : $0 }, as: UTF8.self)
    }
}

/// A CSV row seen through its header.
struct CSVRecord: RecordFields {
    let reader: CSVReader
    let index: [String: Int]

    init(reader: CSVReader) {
        self.reader = reader
        var index: [String: Int] = [:]
        for (i, h) in reader.header.enumerated() where index[h] == nil { index[h] = i }
        self.index = index
    }

    func raw(_ name: String) -> ArraySlice<UInt8>? {
        guard let i = index[name], i < reader.fieldCount else { return nil }
        return trimmed(reader.field(i))
    }

    func column(_ name: String) -> Int? { index[name].map { $0 + 1 } }

    /// Checks the row has exactly the header's number of fields and valid UTF-8.
    func checkShape() throws {
        let expected = reader.header.count
        if reader.fieldCount < expected {
            throw RowProblem(column: reader.fieldCount + 1,
                             .syntax("missing column: expected \(expected) fields, found \(reader.fieldCount) (first missing: '\(reader.header[reader.fieldCount])')"))
        }
        if reader.fieldCount > expected {
            throw RowProblem(column: expected + 1, .syntax("extra column: expected \(expected) fields, found \(reader.fieldCount)"))
        }
        if let bad = reader.firstInvalidUTF8Field() {
            throw RowProblem(column: bad + 1, .invalidUTF8("column '\(reader.header[bad])'"))
        }
    }
}

/// A JSON object seen as a record.
struct JSONRecord: RecordFields {
    let object: [String: JSONValue]

    /// A scalar's text; a list of scalars (ethereum-etl's JSON `trace_address: [0, 1]`) as the CSV spells it, `0,1`.
    func raw(_ name: String) -> ArraySlice<UInt8>? {
        guard let v = object[name] else { return nil }
        if let list = v.arrayValue {
            let items = list.compactMap(\.text)
            return items.count == list.count ? ArraySlice(items.joined(separator: ",").utf8) : nil
        }
        return v.text.map { ArraySlice($0.utf8) }
    }

    func column(_ name: String) -> Int? { nil }
}

@inline(__always)
func trimmed(_ s: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
    var s = s
    while let f = s.first, f == 0x20 || f == 0x09 { s = s.dropFirst() }
    while let l = s.last, l == 0x20 || l == 0x09 { s = s.dropLast() }
    return s
}
