import FundTraceModel

/// Decides which payout on another chain continues a bridge deposit, from the
/// legs the store holds (docs/CROSSINGS.md). Pure: ``CrossingDetector`` reads
/// the legs, this ranks them.
///
/// A payout **matches** a deposit when it is of the same asset by symbol,
/// comes after it within the window, and is at most `maxFee` of the deposit
/// less. Amounts are compared in whole units when both sides' decimals are
/// known, else in base units of the same symbol (stated in the evidence):
/// never skipped silently. Base units are a sound basis: two scales differ by a
/// factor of 10 or more, which no fee under 90 % can bridge, so a scale
/// mismatch never matches.
///
/// Among matches, the **best** is chosen by a score where lower is better:
/// the fee as a share of `maxFee`, plus half the delay as a share of the
/// window, less 2 when the payout goes to the depositor's own address (most
/// bridge users bridge to themselves) and less 0.3 when it goes to an address
/// with no earlier history on that chain (launderers use fresh addresses).
/// Other deposits into the bridge around the same time compete for the same
/// payouts: pairs are assigned greedily by score, one payout per deposit, so a
/// busy bridge's innocent users claim their own payouts first.
struct BridgeMatcher {
    /// What the matcher knows about an asset.
    struct AssetInfo: Equatable {
        var symbol: String
        var decimals: Int?
    }

    /// One leg: a deposit into the bridge or a payout out of it.
    struct Leg {
        var id: Int64
        var from: Int64
        var to: Int64
        var amount: Amount
        var asset: AssetInfo
        var time: Int64
        /// Payouts only: no history of the recipient on its chain before the payout.
        var freshRecipient = false
        /// Payouts only, where decimals are unknown: how many more decimal digits this payout's asset has than
        /// the deposits' (``inferredScale(deposits:payouts:)``; 0: the same scale).
        var scaleOffset = 0
    }

    struct Candidate {
        var payout: Leg
        var feeShare: Double
        var delay: Int64
        var sameRecipient: Bool
        var score: Double
    }

    enum Outcome {
        /// `confidence` in thousandths; `basis` says how amounts were compared.
        case linked(Candidate, confidence: Int, alternatives: [Candidate], basis: String)
        case notMade(String)
    }

    let maxFee: Double
    let window: Int64

    /// The deposit's fee share if `payout` can continue `deposit` (nil: it cannot), and how the amounts were compared.
    func match(_ deposit: Leg, _ payout: Leg) -> (feeShare: Double, basis: String)? {
        guard deposit.asset.symbol.uppercased() == payout.asset.symbol.uppercased(),
              payout.time >= deposit.time, payout.time - deposit.time <= window, !deposit.amount.isZero else { return nil }
        let x: Amount, y: Amount, basis: String
        if let dx = deposit.asset.decimals, let dy = payout.asset.decimals {
            guard let xs = Self.scaled(deposit.amount, dy), let ys = Self.scaled(payout.amount, dx) else { return nil }
            (x, y, basis) = (xs, ys, "compared in whole units")
        } else if payout.scaleOffset != 0 {
            let k = payout.scaleOffset
            guard let xs = Self.scaled(deposit.amount, max(0, k)), let ys = Self.scaled(payout.amount, max(0, -k)) else { return nil }
            (x, y, basis) = (xs, ys, "decimals unknown: the payout asset has \(k) more decimal digits, inferred from the bridge's traffic")
        } else {
            (x, y, basis) = (deposit.amount, payout.amount, "decimals unknown: compared in base units of the same symbol")
        }
        guard !(x < y) else { return nil }
        let share = (x - y).doubleValue / x.doubleValue
        return share <= maxFee ? (share, basis) : nil
    }

    func score(_ deposit: Leg, _ payout: Leg, feeShare: Double) -> Candidate {
        let same = payout.to == deposit.from
        let delay = payout.time - deposit.time
        var s = (maxFee > 0 ? feeShare / maxFee : 0) + 0.5 * Double(delay) / Double(max(window, 1))
        if same { s -= 2 }
        if payout.freshRecipient { s -= 0.3 }
        return Candidate(payout: payout, feeShare: feeShare, delay: delay, sameRecipient: same, score: s)
    }

    /// The payout that continues `deposit`, among `payouts`, with `competitors`
    /// (other deposits into the bridge around the same time) claiming theirs first where they fit better.
    func choose(_ deposit: Leg, payouts: [Leg], competitors: [Leg]) -> Outcome {
        var basis = ""
        let mine = payouts.compactMap { u -> Candidate? in
            guard let m = match(deposit, u) else { return nil }
            basis = m.basis
            return score(deposit, u, feeShare: m.feeShare)
        }.sorted { ($0.score, $0.payout.id) < ($1.score, $1.payout.id) }
        guard !mine.isEmpty else {
            return .notMade("no payout of \(deposit.asset.symbol) on another chain within \(window / 60) min at most "
                            + "\(Self.percent(maxFee)) less than the deposit")
        }
        // Greedy one-to-one assignment over every (deposit, payout) pair that matches, best score first.
        var pairs: [(deposit: Int64, candidate: Candidate)] = mine.map { (deposit.id, $0) }
        let wanted = Set(mine.map(\.payout.id))
        for e in competitors where e.id != deposit.id {
            for u in payouts where wanted.contains(u.id) {
                if let m = match(e, u) { pairs.append((e.id, score(e, u, feeShare: m.feeShare))) }
            }
        }
        pairs.sort { ($0.candidate.score, $0.deposit, $0.candidate.payout.id) < ($1.candidate.score, $1.deposit, $1.candidate.payout.id) }
        var takenDeposits = Set<Int64>(), takenPayouts = Set<Int64>()
        var chosen: Candidate?
        for (d, c) in pairs where !takenDeposits.contains(d) && !takenPayouts.contains(c.payout.id) {
            takenDeposits.insert(d); takenPayouts.insert(c.payout.id)
            if d == deposit.id { chosen = c; break }
        }
        guard let best = chosen else {
            return .notMade("\(mine.count) payouts of \(deposit.asset.symbol) match, but other deposits into the bridge fit each of them better")
        }
        let rest = mine.filter { $0.payout.id != best.payout.id && !takenPayouts.contains($0.payout.id) }
        return .linked(best, confidence: Self.confidence(best, runnerUp: rest.first), alternatives: Array(rest.prefix(3)), basis: basis)
    }

    /// 950 for a payout to the depositor's own address, 900 when nothing else
    /// matches; otherwise 500–850 by how far ahead of the runner-up it scores.
    static func confidence(_ best: Candidate, runnerUp: Candidate?) -> Int {
        if best.sameRecipient { return 950 }
        guard let r = runnerUp else { return 900 }
        let margin = min(1, max(0, r.score - best.score))
        return 500 + Int((350 * margin).rounded())
    }

    /// How many more decimal digits the payouts' asset has than the deposits', from the bridge's own traffic:
    /// users bridge similar values both ways, so the median number of digits of the amounts differs by the
    /// difference in decimals. Nil with fewer than 5 legs a side, or when the medians are within one digit
    /// (the same scale, as far as the traffic tells).
    static func inferredScale(deposits: [Amount], payouts: [Amount]) -> Int? {
        guard deposits.count >= 5, payouts.count >= 5 else { return nil }
        func median(_ xs: [Amount]) -> Int {
            let d = xs.map { $0.description.count }.sorted()
            return d[d.count / 2]
        }
        let k = median(payouts) - median(deposits)
        return abs(k) >= 2 ? k : nil
    }

    static func percent(_ share: Double) -> String {
        let p = share * 100
        return p == p.rounded() ? "\(Int(p)) %" : String(format: "%.2f %%", p)
    }

    static func scaled(_ a: Amount, _ decimals: Int) -> Amount? {
        var v = a
        for _ in 0..<decimals {
            let (r, o) = v.multipliedReportingOverflow(by: 10)
            if o { return nil }
            v = r
        }
        return v
    }
}
