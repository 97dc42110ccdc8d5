import FundTraceModel

/// Poison: a key that ever receives taint is poisoned for good, and everything
/// it sends (amount and fee) is tainted (§3.8; sticky per A10).
public struct PoisonPolicy: AccountTaintPolicy {
    public static let policy = TaintPolicy.poison
    var poisoned: [Bool] = []
    public init() {}

    public mutating func reserveKeys(_ count: Int) {
        if poisoned.count < count { poisoned.append(contentsOf: repeatElement(false, count: count - poisoned.count)) }
    }
    public mutating func inject(_ key: Int, shortfall: Amount, balance: Amount) {}
    @inline(__always)
    public mutating func draw(_ key: Int, amount: Amount, fee: Amount, balance: Amount) -> (carried: Amount, fee: Amount) {
        poisoned[key] ? (amount, fee) : (.zero, .zero)
    }
    @inline(__always)
    public mutating func creditDrawn(_ key: Int, amount: Amount, carried: Amount, balance: Amount) {
        if !carried.isZero { poisoned[key] = true }
    }
    @inline(__always)
    public mutating func creditMarked(_ key: Int, amount: Amount, balance: Amount) {
        if !amount.isZero { poisoned[key] = true }
    }
    public func held(_ key: Int, balance: Amount) -> Amount { poisoned[key] ? balance : .zero }
}
