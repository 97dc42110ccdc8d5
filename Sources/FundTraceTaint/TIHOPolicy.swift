import FundTraceModel

/// TIHO in the account model: taint leaves first ("taint-first", the
/// *Seniority* of EthereumBlacklisting), amount before fee (§3.8).
public struct TIHOPolicy: AccountTaintPolicy {
    public static let policy = TaintPolicy.tiho
    var tainted: [Amount] = []
    public init() {}

    public mutating func reserveKeys(_ count: Int) {
        if tainted.count < count { tainted.append(contentsOf: repeatElement(.zero, count: count - tainted.count)) }
    }
    public mutating func inject(_ key: Int, shortfall: Amount, balance: Amount) {}
    @inline(__always)
    public mutating func draw(_ key: Int, amount: Amount, fee: Amount, balance: Amount) -> (carried: Amount, fee: Amount) {
        var t = tainted[key]
        if t.isZero { return (.zero, .zero) }
        let c = Swift.min(amount, t)
        t -= c
        let f = Swift.min(fee, t)
        t -= f
        tainted[key] = t
        return (c, f)
    }
    @inline(__always)
    public mutating func creditDrawn(_ key: Int, amount: Amount, carried: Amount, balance: Amount) {
        if !carried.isZero { tainted[key] += carried }
    }
    @inline(__always)
    public mutating func creditMarked(_ key: Int, amount: Amount, balance: Amount) {
        tainted[key] += amount
    }
    public func held(_ key: Int, balance: Amount) -> Amount { tainted[key] }
}
