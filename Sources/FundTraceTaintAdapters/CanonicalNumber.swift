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
        if field.count > 19, let wide = wideDigits(field) { return wide }
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

    /// 20 to 38 decimal digits as their value, read as two runs of at most 19 (``ft_parse_digits``), or nil (for
    /// ``Amount/parseDecimal(_:)``). Token amounts in base units pass 10^19 routinely (ten tokens of 18 decimals): a
    /// third of the rows of a generated ledger took the general parser (2.3 % of the worker's samples). Not inlined:
    /// inlined, it made the row loop's number readers too large to inline themselves.
    @inline(never)
    static func wideDigits<C: Collection<UInt8>>(_ field: C) -> Amount? {
        field.withContiguousStorageIfAvailable { p -> Amount? in
            guard p.count > 19 && p.count <= 38 else { return nil }
            var high: UInt64 = 0, low: UInt64 = 0
            guard ft_parse_digits(p.baseAddress, p.count - 19, &high) != 0, ft_parse_digits(p.baseAddress! + (p.count - 19), 19, &low) != 0
            else { return nil }
            // high < 10^19, so high × 10^19 + low < 10^38 < 2^127: exact in 128 bits.
            return Amount(UInt128(high) * 10_000_000_000_000_000_000 + UInt128(low))
        } ?? nil
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
