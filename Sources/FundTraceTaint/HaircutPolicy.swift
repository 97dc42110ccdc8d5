import FundTraceModel

/// Haircut: every unit a key sends carries the key's taint ratio `T/B` (§3.8).
///
/// The state is the ratio itself. A draw leaves the ratio unchanged, so no
/// error accumulates along a path of partial spends; only mixing (a credit
/// into a key of a different ratio) and injection change it. Ratios of
/// exactly 0 and 1 stay exact, so unmixed flows keep exact amounts.
@usableFromInline package struct HaircutPolicy: AccountTaintPolicy {
    public static let policy = TaintPolicy.haircut
    @inlinable public static var cleanState: Double { 0 }
    @inlinable public init() {}

    @inlinable @inline(__always)
    public mutating func inject(_ r: inout Double, shortfall: Amount, balance: Amount) {
        if r == 0 { return }
        let b = balance.doubleValue
        r = r * b / (b + shortfall.doubleValue)  // T unchanged, B grows
    }

    @inlinable @inline(__always)
    public mutating func draw(_ r: inout Double, amount: Amount, fee: Amount, balance: Amount) -> (carried: HaircutAmount, fee: HaircutAmount) {
        if r == 0 { return (.zero, .zero) }
        let c = HaircutAmount.share(of: amount, ratio: r)
        let f = HaircutAmount.share(of: fee, ratio: r)
        if balance == amount + fee { r = 0 }  // emptied: nothing left to carry a ratio
        return (c, f)
    }

    @inlinable @inline(__always)
    public mutating func creditDrawn(_ r: inout Double, amount: Amount, carried: HaircutAmount, balance: Amount) {
        credit(&r, amount: amount, taint: carried, balance: balance)
    }

    @inlinable
    public mutating func creditMarked(_ r: inout Double, amount: Amount, balance: Amount) {
        credit(&r, amount: amount, taint: HaircutAmount(exact: amount), balance: balance)
    }

    @inlinable @inline(__always)
    func credit(_ r: inout Double, amount: Amount, taint: HaircutAmount, balance: Amount) {
        if amount.isZero { return }
        if taint.isZero {
            if r != 0 { let b = balance.doubleValue; r = r * b / (b + amount.doubleValue) }
            return
        }
        if let e = taint.exact, e == amount, r == 1 || balance.isZero { r = 1; return }
        // The new balance as a sum of doubles rather than an exact sum
        // converted: one rounding more (2^-53, far inside the tolerance of
        // §5), no 320-bit addition per credit.
        let b = balance.doubleValue
        r = Swift.min(1, (r * b + taint.approximate) / (b + amount.doubleValue))
    }

    public func held(_ r: Double, balance: Amount) -> HaircutAmount { HaircutAmount.share(of: balance, ratio: r) }
}
