import FundTraceModel
import FundTraceTrace

/// What an exchange's compliance desk acts on: per exchange, the deposit addresses the trace names, each with
/// the stolen amount it received, its first and last tainted transfers and why the trace attributes it.
/// Only material endpoints (at least `materialShare` of the taint created in their asset) are listed; the
/// dust haircut spreads through innocent hands is in the report's appendix.
public struct FreezeList: Sendable, Codable {
    public struct Entry: Sendable, Codable {
        public var exchange: String
        public var chain: String
        public var address: String
        public var asset: String
        public var symbol: String
        public var decimals: Int?
        /// Human units as a plain number (no separators), or nil when the decimals are unknown.
        public var amount: String?
        public var amountBaseUnits: String
        public var display: String
        public var firstTx: String
        public var firstTime: Int64?
        public var lastTx: String
        public var lastTime: Int64?
        /// The rule that named the address (`deposit detection`, `--stop-at exchange_deposit` for a labelled one).
        public var rule: String
        public var evidence: String
        /// USD value on the day of the last tainted transfer, when `--prices` gives one.
        public var usd: Double?
    }

    public var entries: [Entry]
    public var materialShare: Double

    public static let csvHeader = ["exchange", "chain", "deposit_address", "asset", "symbol", "decimals", "amount", "amount_base_units", "usd",
                                   "first_tx", "first_time", "last_tx", "last_time", "rule", "evidence"]

    /// Endpoints below this share of the taint created in their asset are dust.
    public static let defaultMaterialShare = 0.001

    public init(_ r: TraceResult, units: AssetUnits, prices: PriceTable = PriceTable(), materialShare: Double = defaultMaterialShare) {
        self.materialShare = materialShare
        let material = Materiality(r, share: materialShare)
        entries = r.endpoints.filter { $0.reason == .exchangeDeposit && material.holds($0) }.map { e in
            let whole = Amount.wholePart(of: e.taintedAmount)
            return Entry(exchange: Self.exchange(label: e.label), chain: e.chain, address: e.address, asset: e.asset,
                         symbol: units.name(chain: e.chain, asset: e.asset), decimals: units.decimals(chain: e.chain, asset: e.asset),
                         amount: units.number(whole, chain: e.chain, asset: e.asset), amountBaseUnits: whole,
                         display: units.display(whole, chain: e.chain, asset: e.asset, maxFraction: 6), firstTx: e.firstTx, firstTime: e.firstTime,
                         lastTx: e.lastTx, lastTime: e.lastTime, rule: Self.rule(e.evidence), evidence: e.evidence,
                         usd: prices.usd(whole, chain: e.chain, asset: e.asset, units: units, at: e.lastTime ?? e.firstTime))
        }.sorted { a, b in
            if a.exchange != b.exchange { return a.exchange < b.exchange }
            if (a.chain, a.asset) != (b.chain, b.asset) { return (a.chain, a.asset) < (b.chain, b.asset) }
            return (Amount(a.amountBaseUnits) ?? .zero) > (Amount(b.amountBaseUnits) ?? .zero)
        }
    }

    /// The exchanges, in order, with their entries.
    public var byExchange: [(exchange: String, entries: [Entry])] {
        var order: [String] = [], groups: [String: [Entry]] = [:]
        for e in entries {
            if groups[e.exchange] == nil { order.append(e.exchange) }
            groups[e.exchange, default: []].append(e)
        }
        return order.map { ($0, groups[$0]!) }
    }

    /// "Kestrel Exchange deposit" → "Kestrel Exchange"; a provider's label → its entity ("Binance 14" → "Binance").
    static func exchange(label: String) -> String {
        if label.hasSuffix(" deposit") { return String(label.dropLast(8)) }
        let entity = AddressLabel(chain: "", address: "", label: label, category: .exchangeDeposit, source: "").entity
        return entity.isEmpty ? "(unnamed exchange)" : entity
    }

    /// The rule an endpoint's evidence starts with (`stop rule deposit detection: …`).
    static func rule(_ evidence: String) -> String {
        guard evidence.hasPrefix("stop rule "), let colon = evidence.firstIndex(of: ":") else { return "" }
        return String(evidence[evidence.index(evidence.startIndex, offsetBy: 10)..<colon])
    }
}

/// Which endpoints matter: at least `share` of the taint created (or carried in by crossings) in their asset.
public struct Materiality: Sendable {
    let created: [String: Double]
    let share: Double

    public init(_ r: TraceResult, share: Double) {
        var c: [String: Double] = [:]
        for t in r.totals { c[t.chain + "\u{0}" + t.asset, default: 0] += (Double(t.created) ?? 0) + (Double(t.crossedIn ?? "0") ?? 0) }
        created = c; self.share = share
    }

    public func holds(_ e: TraceEndpoint) -> Bool {
        let v = Double(e.taintedAmount) ?? 0
        return v > 0 && v >= share * (created[e.chain + "\u{0}" + e.asset] ?? 0)
    }
}
