import FundTraceModel

/// Links deposits into fixed-denomination mixer pools (Tornado-Cash-like) to
/// withdrawals, by the published de-anonymisation heuristics (Tutela; Wang et
/// al. 2023; the BERT4ETH and lambdaclass heuristic sets). Each link names its
/// heuristic, what it saw and a confidence; a trace carries that share of the
/// taint from the deposit to the withdrawal's recipient.
///
/// Works on pool histories, whatever they come from (the store, or the
/// published Tornado pool histories). Complexity: O(n log n) in the events,
/// plus, for linked addresses, one lookup per (deposit, candidate withdrawal).
public struct MixerLinker: Sendable {
    public typealias Event = MixerEvent

    public enum Heuristic: String, Sendable, CaseIterable, Codable {
        /// The depositor withdraws to its own address.
        case addressMatch = "address_match"
        /// A gas price used by exactly one deposit and one later withdrawal of the pool.
        case uniqueGasPrice = "unique_gas_price"
        /// Depositor and recipient transact with each other outside the pool.
        case linkedAddresses = "linked_addresses"
        /// A depositor's set of denominations withdrawn, all later, by exactly one recipient.
        case multiDenomination = "multi_denomination"
        /// A withdrawal soon after a deposit, nothing between them, few deposits in the pool lately.
        case timing
        /// The withdrawal's recipient pays an exchange deposit address the trace attributes to the case (``DepositReuseLinker``).
        case depositAddressReuse = "deposit_address_reuse"

        /// The share of taint a link by this heuristic carries on.
        public var confidence: Int {
            switch self {
            case .addressMatch: return 950
            case .uniqueGasPrice: return 800
            case .multiDenomination: return 700
            case .linkedAddresses: return 600
            case .timing: return 400
            case .depositAddressReuse: return 700
            }
        }
    }

    public struct Link: Sendable, Hashable {
        public var deposit: Event
        public var withdrawal: Event
        public var heuristic: Heuristic
        public var evidence: String
        /// Thousandths.
        public var confidence: Int
    }

    /// How soon a withdrawal must follow for the timing heuristic, in seconds.
    public var timingWindow: Int64 = 3_600
    /// The largest anonymity set (recent deposits) at which timing links.
    public var smallSet = 3
    /// Whether two addresses transacted outside the pool (nil: not known, the heuristic is skipped).
    public var linked: (@Sendable (String, String) -> Bool)?

    public init(timingWindow: Int64 = 3_600, linked: (@Sendable (String, String) -> Bool)? = nil) {
        self.timingWindow = timingWindow; self.linked = linked
    }

    /// Every link the heuristics find in `events` (one or several pools), best
    /// first per deposit: a deposit and a withdrawal appear in at most one link per heuristic.
    public func links(_ events: [Event], only: Set<Heuristic> = Set(Heuristic.allCases)) -> [Link] {
        let byPool = Dictionary(grouping: events, by: \.pool).mapValues { $0.sorted { ($0.time, $0.txHash) < ($1.time, $1.txHash) } }
        var out: [Link] = []
        for (_, history) in byPool.sorted(by: { $0.key < $1.key }) {
            let deposits = history.filter { $0.action == .deposit }, withdrawals = history.filter { $0.action == .withdrawal }
            if only.contains(.addressMatch) { out += addressMatch(deposits, withdrawals) }
            if only.contains(.uniqueGasPrice) { out += uniqueGasPrice(deposits, withdrawals) }
            if only.contains(.linkedAddresses), linked != nil { out += linkedAddresses(deposits, withdrawals) }
            if only.contains(.timing) { out += timing(history) }
        }
        if only.contains(.multiDenomination) { out += multiDenomination(events) }
        return out
    }

    /// Pairs each deposit with the first later, unpaired withdrawal to the same address.
    func addressMatch(_ deposits: [Event], _ withdrawals: [Event]) -> [Link] {
        var byAccount: [String: [Int]] = [:]
        for (i, w) in withdrawals.enumerated() { byAccount[w.account, default: []].append(i) }
        var used = Set<Int>(), out: [Link] = []
        for d in deposits {
            guard let i = byAccount[d.account]?.first(where: { !used.contains($0) && withdrawals[$0].time >= d.time }) else { continue }
            used.insert(i)
            out.append(Link(deposit: d, withdrawal: withdrawals[i], heuristic: .addressMatch,
                            evidence: "deposited from and withdrew to \(d.account)", confidence: Heuristic.addressMatch.confidence))
        }
        return out
    }

    func uniqueGasPrice(_ deposits: [Event], _ withdrawals: [Event]) -> [Link] {
        let d = Dictionary(grouping: deposits.filter { $0.gasPrice != nil }, by: { $0.gasPrice! })
        let w = Dictionary(grouping: withdrawals.filter { $0.gasPrice != nil }, by: { $0.gasPrice! })
        var out: [Link] = []
        for (price, ds) in d where ds.count == 1 {
            guard let ws = w[price], ws.count == 1, ws[0].time >= ds[0].time else { continue }
            out.append(Link(deposit: ds[0], withdrawal: ws[0], heuristic: .uniqueGasPrice,
                            evidence: "the only deposit and the only withdrawal of the pool at gas price \(price) wei",
                            confidence: Heuristic.uniqueGasPrice.confidence))
        }
        return out.sorted { $0.deposit.time < $1.deposit.time }
    }

    func linkedAddresses(_ deposits: [Event], _ withdrawals: [Event]) -> [Link] {
        guard let linked else { return [] }
        var used = Set<Int>(), out: [Link] = []
        for d in deposits {
            guard let i = withdrawals.indices.first(where: {
                !used.contains($0) && withdrawals[$0].time >= d.time && withdrawals[$0].account != d.account && linked(d.account, withdrawals[$0].account)
            }) else { continue }
            used.insert(i)
            out.append(Link(deposit: d, withdrawal: withdrawals[i], heuristic: .linkedAddresses,
                            evidence: "\(d.account) and \(withdrawals[i].account) transact with each other outside the pool",
                            confidence: Heuristic.linkedAddresses.confidence))
        }
        return out
    }

    /// A withdrawal within the window after a deposit, the next event in the
    /// pool, while the anonymity set is small: at most `smallSet` deposits in
    /// the pool in the `timingWindow × 24` before the withdrawal.
    func timing(_ history: [Event]) -> [Link] {
        var out: [Link] = []
        var recent: [Int64] = []  // deposit times, oldest first
        var head = 0
        for (i, e) in history.enumerated() {
            if e.action == .deposit { recent.append(e.time); continue }
            guard i > 0, history[i - 1].action == .deposit else { continue }
            let d = history[i - 1]
            while head < recent.count, recent[head] < e.time - timingWindow * 24 { head += 1 }
            let set = recent.count - head
            guard e.time - d.time <= timingWindow, e.account != d.account, set <= smallSet else { continue }
            out.append(Link(deposit: d, withdrawal: e, heuristic: .timing,
                            evidence: "withdrawn \((e.time - d.time) / 60) min after the deposit, the next event in the pool, with only \(set) deposits in the day before",
                            confidence: Heuristic.timing.confidence))
        }
        return out
    }

    /// A depositor's multiset of denominations (two or more deposits, across
    /// pools) withdrawn, all after the last deposit, by exactly one recipient
    /// holding the same multiset: each deposit is linked to one of its withdrawals.
    func multiDenomination(_ events: [Event]) -> [Link] {
        func signature(_ es: [Event]) -> [Amount] { es.map(\.denomination).sorted() }
        let deposits = Dictionary(grouping: events.filter { $0.action == .deposit }, by: \.account)
        let withdrawals = Dictionary(grouping: events.filter { $0.action == .withdrawal }, by: \.account)
        var recipientsBySignature: [[Amount]: [String]] = [:]
        for (account, ws) in withdrawals where ws.count >= 2 && Set(ws.map(\.denomination)).count >= 2 {
            recipientsBySignature[signature(ws), default: []].append(account)
        }
        var out: [Link] = []
        for (account, ds) in deposits.sorted(by: { $0.key < $1.key }) where ds.count >= 2 && Set(ds.map(\.denomination)).count >= 2 {
            let sig = signature(ds)
            guard let rs = recipientsBySignature[sig], rs.count == 1, rs[0] != account else { continue }
            let lastDeposit = ds.map(\.time).max()!
            var ws = withdrawals[rs[0]]!.sorted { ($0.denomination, $0.time) < ($1.denomination, $1.time) }
            guard ws.allSatisfy({ $0.time >= lastDeposit }) else { continue }
            for d in ds.sorted(by: { ($0.denomination, $0.time) < ($1.denomination, $1.time) }) {
                guard let j = ws.firstIndex(where: { $0.denomination == d.denomination }) else { break }
                let w = ws.remove(at: j)
                out.append(Link(deposit: d, withdrawal: w, heuristic: .multiDenomination,
                                evidence: "\(account) deposited and \(w.account) alone withdrew the same \(sig.count) denominations, all later",
                                confidence: Heuristic.multiDenomination.confidence))
            }
        }
        return out
    }
}
