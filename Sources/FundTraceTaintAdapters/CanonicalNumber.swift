import CFundTraceScan
import FundTraceModel
import FundTraceCSV
import FundTraceIngest

/// A number field of a canonical transfers file (§3.1), read exactly, with the messages every reader of such a file
/// gives (``AccountTransferFile``, ``PresortedAccountSweep``).
enum CanonicalNumber {
    /// Field `column` (0-based) as an exact integer up to 2^256 − 1; `optional` reads an empty field as zero.
    @inline(__always)
    static func amount<C: Collection<UInt8>>(_ field: C, column: Int, line: Int, path: String, optional: Bool = false,
                                            what: String = "amount") throws -> Amount {
        if optional && field.isEmpty { return .zero }
        if let small = digits(field) { return Amount(small) }
        switch Amount.parseDecimal(field) {
        case .success(let v): return v
        case .failure(let e):
            throw IngestError(file: path, line: line, column: column + 1, columnName: FormatDetector.canonicalTransfersHeader[column],
                              .value("\(e.description(of: what)): '\(String(decoding: field.prefix(80), as: UTF8.self))'"))
        }
    }

    /// Field `column` as a block number or index (below 2^64).
    @inline(__always)
    static func small<C: Collection<UInt8>>(_ field: C, column: Int, line: Int, path: String) throws -> UInt64 {
        if let v = digits(field) { return v }
        guard let v = try amount(field, column: column, line: line, path: path, what: "number").uint64Value else {
            throw IngestError(file: path, line: line, column: column + 1, columnName: FormatDetector.canonicalTransfersHeader[column],
                              .value("value exceeds 2^64-1"))
        }
        return v
    }

    /// Up to 19 decimal digits as their value, or nil (more digits, a sign, anything else: for ``Amount/parseDecimal(_:)``
    /// to read or to explain). Most of a file's numbers take this path, eight digits at a time (``ft_parse_digits``).
    @inline(__always)
    static func digits<C: Collection<UInt8>>(_ field: C) -> UInt64? {
        if let parsed = field.withContiguousStorageIfAvailable({ p -> UInt64? in
            var v: UInt64 = 0
            return ft_parse_digits(p.baseAddress, p.count, &v) != 0 ? v : nil
        }) { return parsed }
        return digits(Array(field))
    }
}
