import FundTraceModel
import FundTraceTrace

/// Symbols and decimals of the assets a trace mentions, to show base-unit
/// amounts in human units the same way in diagrams, reports and summaries.
public struct AssetUnits: Sendable, Codable {
    public struct Unit: Sendable, Codable { public var symbol: String?; public var decimals: Int? }
    private var units: [String: Unit] = [:]

    /// From the trace's totals, then its nodes for assets the totals lack; what neither states comes from
    /// ``KnownToken`` (a token contract) or the chain's native asset (its symbol as the asset code).
    public init(_ r: TraceResult) {
        for t in r.totals { add(chain: t.chain, asset: t.asset, Unit(symbol: t.symbol, decimals: t.decimals)) }
        for n in r.nodes { add(chain: n.chain, asset: n.asset, Unit(symbol: n.symbol, decimals: n.decimals)) }
        for f in r.flows { add(chain: f.chain, asset: f.asset, Unit(symbol: nil, decimals: nil)) }
    }

    private mutating func add(chain: String, asset: String, _ u: Unit) {
        var unit = units[Self.key(chain, asset)] ?? Unit(symbol: nil, decimals: nil)
        let filled = KnownToken.fill(chain: chain, code: asset, symbol: unit.symbol ?? u.symbol, decimals: unit.decimals ?? u.decimals)
        unit.symbol = filled.symbol
        unit.decimals = filled.decimals
        units[Self.key(chain, asset)] = unit
    }

    static func key(_ chain: String, _ asset: String) -> String { chain + "\u{0}" + asset }

    /// The asset's name: its symbol, else its code (token contracts shortened).
    public func name(chain: String, asset: String) -> String {
        units[Self.key(chain, asset)]?.symbol ?? (asset.count > 12 ? String(asset.prefix(8)) + "…" : asset)
    }

    /// `base` (decimal text in base units) in human units with the asset's
    /// name — "1.5 ETH" — shown with at most `maxFraction` decimals; in base
    /// units, and saying so, when the decimals are unknown.
    /// Thousands are separated, fractions of a base unit dropped, and a small non-zero amount is never shown as 0.
    public func display(_ base: String, chain: String, asset: String, maxFraction: Int = 8) -> String {
        HumanAmount.display(base, decimals: decimals(chain: chain, asset: asset), name: name(chain: chain, asset: asset), maxFraction: maxFraction)
    }

    /// The asset's symbol, when known.
    public func symbol(chain: String, asset: String) -> String? { units[Self.key(chain, asset)]?.symbol }

    /// The asset's decimals, when known.
    public func decimals(chain: String, asset: String) -> Int? { units[Self.key(chain, asset)]?.decimals }

    /// `base` in human units as a plain number (no separators, no name), for machine-readable columns; nil when
    /// the decimals are unknown.
    public func number(_ base: String, chain: String, asset: String) -> String? {
        guard let d = decimals(chain: chain, asset: asset) else { return nil }
        let whole = base.firstIndex(of: ".").map { String(base[..<$0]) } ?? base
        return Amount.shift(whole, decimals: d)
    }
}
