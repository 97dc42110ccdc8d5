import FundTraceModel

/// Haircut: every unit a key sends carries the key's taint ratio `T/B` (§3.8).
///
/// The state is the ratio itself. A draw leaves the ratio unchanged, so no
/// error accumulates along a path of partial spends; only mixing (a credit
/// into a key of a different ratio) and injection change it. Ratios of
/// exactly 0 and 1 stay exact, so unmixed flows keep exact amounts.
public struct HaircutPolicy: AccountTaintPolicy {
    public static let policy = TaintPolicy.haircut
    var ratio: [Double] = []
    public init() {}

    public mutating func reserveKeys(_ count: Int) {
        if ratio.count < count { ratio.append(contentsOf: repeatElement(0, count: count - ratio.count)) }
    }

    public mutating func inject(_ key: Int, shortfall: Amount, balance: Amount) {
        let r = ratio[key]
        if r == 0 { return }
        // T unchanged, B grows by the shortfall.
        ratio[key] = r * balance.doubleValue / (balance.doubleValue + shortfall.doubleValue)
    }

    @inline(__always)
    public mutating func draw(_ key: Int, amount: Amount, fee: Amount, balance: Amount) -> (carried: HaircutAmount, fee: HaircutAmount) {
        let r = ratio[key]
        if r == 0 { return (.zero, .zero) }
        let c = HaircutAmount.share(of: amount, ratio: r)
        let f = HaircutAmount.share(of: fee, ratio: r)
        if balance == amount + fee { ratio[key] = 0 }  // emptied: nothing left to carry a ratio
        return (c, f)
    }

    @inline(__always)
    public mutating func creditDrawn(_ key: Int, amount: Amount, carried: HaircutAmount, balance: Amount) {
        credit(key, amount: amount, taint: carried, balance: balance)
    }

    @inline(__always)
    public mutating func creditMarked(_ key: Int, amount: Amount, balance: Amount) {
        credit(key, amount: amount, taint: HaircutAmount(exact: amount), balance: balance)
    }

    @inline(__always)
    mutating func credit(_ key: Int, amount: Amount, taint: HaircutAmount, balance: Amount) {
        if amount.isZero { return }
        let r = ratio[key]
        if taint.isZero {
            if r != 0 { ratio[key] = r * balance.doubleValue / (balance + amount).doubleValue }
            return
        }
        if taint.exact == amount && (r == 1 || balance.isZero) { ratio[key] = 1; return }
        let t = r * balance.doubleValue + taint.approximate
        ratio[key] = Swift.min(1, t / (balance + amount).doubleValue)
    }

    public func held(_ key: Int, balance: Amount) -> HaircutAmount { HaircutAmount.share(of: balance, ratio: ratio[key]) }
}
