import FundTraceModel
import FundTraceStore

/// Recognises exchange deposit addresses: an address that forwards what it
/// receives to one exchange's labelled wallets, soon after receiving it.
///
/// Exchanges give each customer a deposit address and sweep it to their hot
/// wallets; the deposit address, not the hot wallet, identifies the account
/// a freeze request or subpoena names. The rule: at least `depositShare` of
/// the address's outgoing transfers (with value) go to wallets labelled
/// `exchange` of one entity, and at least half of those leave within `window`
/// seconds of an inflow (a sweep of the exchange's own gas top-up, or a late
/// batch, may wait longer).
public struct DepositDetector {
    public struct Finding: Sendable, Equatable {
        /// The exchange (label entity), e.g. "Binance".
        public var exchange: String
        public var forwarded: Int
        public var outgoing: Int
        /// Longest delay between an inflow and the forward that followed it.
        public var slowestSeconds: Int64
        /// Forwards within the window of an inflow.
        public var promptForwards: Int
        /// One of the exchange wallets it forwarded to.
        public var wallet: String

        public var evidence: String {
            "forwarded \(forwarded) of \(outgoing) outgoing transfers to \(exchange) wallets (e.g. \(wallet)), "
                + (promptForwards == forwarded ? "all within \(Self.duration(slowestSeconds)) of receipt"
                                               : "\(promptForwards) within the deposit window, the slowest \(Self.duration(slowestSeconds)) after receipt")
        }

        static func duration(_ s: Int64) -> String {
            if s < 120 { return "\(s) s" }
            if s < 7200 { return "\(s / 60) min" }
            if s < 172_800 { return "\(s / 3600) h" }
            return "\(s / 86_400) days"
        }
    }

    let labels: LabelBook
    let window: Int64
    let share: Double

    public init(labels: LabelBook, window: Int64, share: Double) {
        self.labels = labels; self.window = window; self.share = share
    }

    /// Whether the address with these transfers (its whole history in the
    /// window, both sides) is a deposit address. `text` names addresses,
    /// `time` gives transaction times.
    public func examine(address: Int64, chain: String, rows: [OrderedTransferRow], text: (Int64) throws -> String,
                        time: ([Int64]) throws -> [Int64: Int64]) throws -> Finding? {
        let out = rows.filter { $0.row.fromID == address && $0.row.toID != address && !$0.row.amount.isZero }
        guard !out.isEmpty else { return nil }
        var byExchange: [String: [OrderedTransferRow]] = [:]
        var wallet: [String: String] = [:]
        var recipients: [Int64: AddressLabel?] = [:]
        for r in out {
            let label: AddressLabel?
            if let known = recipients[r.row.toID] { label = known } else {
                let t = try text(r.row.toID)
                label = labels.labels(chain: chain, address: t).first { $0.category == .exchange }
                recipients[r.row.toID] = label
                if let label { wallet[label.entity] = wallet[label.entity] ?? t }
            }
            if let label { byExchange[label.entity, default: []].append(r) }
        }
        guard let (exchange, forwards) = byExchange.max(by: { $0.value.count < $1.value.count }),
              Double(forwards.count) >= share * Double(out.count) else { return nil }
        let inflows = rows.filter { $0.row.toID == address && $0.row.fromID != address && !$0.row.amount.isZero }
        guard !inflows.isEmpty else { return nil }
        let times = try time(Array(Set((inflows + forwards).map(\.row.txID))))
        let inTimes = inflows.compactMap { times[$0.row.txID] }.sorted()
        // Most forwards (at least half) leave within the window of an inflow: an exchange sweeps what comes in. Not
        // all: a sweep of the exchange's own gas top-up, or a late batch, may wait longer.
        var delays: [Int64] = []
        for f in forwards {
            guard let t = times[f.row.txID], let received = inTimes.last(where: { $0 <= t }) else { return nil }
            delays.append(t - received)
        }
        let prompt = delays.filter { $0 <= window }.count
        guard prompt * 2 >= delays.count, let slowest = delays.max() else { return nil }
        return Finding(exchange: exchange, forwarded: forwards.count, outgoing: out.count, slowestSeconds: slowest,
                       promptForwards: prompt, wallet: wallet[exchange] ?? "")
    }
}
