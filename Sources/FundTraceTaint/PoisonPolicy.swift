import FundTraceModel

/// Poison: a key that ever receives taint is poisoned for good, and everything
/// it sends (amount and fee) is tainted (§3.8; sticky per A10).
@usableFromInline package struct PoisonPolicy: AccountTaintPolicy {
    public static let policy = TaintPolicy.poison
    public static let cleanState = false
    public init() {}

    @inline(__always)
    public mutating func draw(_ poisoned: inout Bool, amount: Amount, fee: Amount, balance: Amount) -> (carried: Amount, fee: Amount) {
        poisoned ? (amount, fee) : (.zero, .zero)
    }
    @inline(__always)
    public mutating func creditDrawn(_ poisoned: inout Bool, amount: Amount, carried: Amount, balance: Amount) {
        if !carried.isZero { poisoned = true }
    }
    @inline(__always)
    public mutating func creditMarked(_ poisoned: inout Bool, amount: Amount, balance: Amount) {
        if !amount.isZero { poisoned = true }
    }
    public func held(_ poisoned: Bool, balance: Amount) -> Amount { poisoned ? balance : .zero }
}
