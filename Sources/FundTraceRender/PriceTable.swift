import Foundation
import FundTraceIngest
import FundTraceModel
import FundTraceTrace
import FundTraceCSV

/// Daily USD prices, for dollar values beside amounts (`report --prices FILE`).
///
/// The file is CSV with the header `date,chain,asset,usd`: `date` a UTC day (`2024-06-22`), `asset` the asset's
/// code or symbol (`ETH`, `USDT`, a token contract), `usd` the price of one whole unit. A value is priced on the
/// day of its transfer, or the latest earlier day the file has; without one it has no dollar value (never a guess).
///
///     date,chain,asset,usd
///     2024-06-22,ethereum,ETH,3500
///     2024-06-22,ethereum,USDT,1
public struct PriceTable: Sendable {
    public static let header = ["date", "chain", "asset", "usd"]
    /// Per "chain\0asset" (asset upper-cased): (day, price) sorted by day.
    private var series: [String: [(day: Int64, usd: Double)]] = [:]

    public init() {}

    public static func read(path: String) throws -> PriceTable {
        let reader = try CSVReader(path: path)
        let header = try reader.readHeader().map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard header == Self.header else {
            throw IngestError(file: path, line: 1, .header(expected: Self.header, note: "(prices)"))
        }
        var t = PriceTable()
        while try reader.next() {
            func fail(_ column: Int, _ why: String) -> IngestError {
                IngestError(file: path, line: reader.line, column: column, columnName: Self.header[column - 1], .value(why))
            }
            guard reader.fieldCount == 4 else { throw fail(1, "expected 4 fields, found \(reader.fieldCount)") }
            let f = (0..<4).map { (reader.string($0) ?? "").trimmingCharacters(in: .whitespaces) }
            guard f[0].count == 10, let day = TraceTime.parse(f[0]) else { throw fail(1, "not a day like 2024-06-22") }
            guard !f[1].isEmpty else { throw fail(2, "empty chain") }
            guard !f[2].isEmpty else { throw fail(3, "empty asset") }
            guard let usd = Double(f[3]), usd.isFinite, usd >= 0 else { throw fail(4, "not a non-negative price") }
            t.series[f[1] + "\u{0}" + f[2].uppercased(), default: []].append((day, usd))
        }
        for k in t.series.keys { t.series[k]!.sort { $0.day < $1.day } }
        return t
    }

    public var isEmpty: Bool { series.isEmpty }

    /// The price of one unit of `asset` (code or symbol) on `chain` at Unix time `time`.
    public func price(chain: String, asset: String, symbol: String?, at time: Int64) -> Double? {
        for name in [asset, symbol].compactMap({ $0 }) {
            guard let s = series[chain + "\u{0}" + name.uppercased()] else { continue }
            if let p = s.last(where: { $0.day <= time }) { return p.usd }
        }
        return nil
    }

    /// `base` units of the asset in USD at `time`, when the decimals and a price are known.
    public func usd(_ base: String, chain: String, asset: String, units: AssetUnits, at time: Int64?) -> Double? {
        guard let time, let human = units.number(base, chain: chain, asset: asset), let amount = Double(human),
              let p = price(chain: chain, asset: asset, symbol: units.symbol(chain: chain, asset: asset), at: time) else { return nil }
        return amount * p
    }

    /// "$1,234,567" (cents below $100).
    public static func text(_ usd: Double) -> String {
        if usd < 100 { return String(format: "$%.2f", usd) }
        return "$" + HumanAmount.grouped(String(format: "%.0f", usd.rounded()))
    }
}
