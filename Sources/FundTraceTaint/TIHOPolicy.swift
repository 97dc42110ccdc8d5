import FundTraceModel

/// TIHO in the account model: taint leaves first ("taint-first", the
/// *Seniority* of EthereumBlacklisting), amount before fee (§3.8).
/// The state is the key's tainted units `T`.
public struct TIHOPolicy: AccountTaintPolicy {
    public static let policy = TaintPolicy.tiho
    public static let cleanState = Amount.zero
    public init() {}

    @inline(__always)
    public mutating func draw(_ t: inout Amount, amount: Amount, fee: Amount, balance: Amount) -> (carried: Amount, fee: Amount) {
        if t.isZero { return (.zero, .zero) }
        let c = Swift.min(amount, t)
        t -= c
        let f = Swift.min(fee, t)
        t -= f
        return (c, f)
    }
    @inline(__always)
    public mutating func creditDrawn(_ t: inout Amount, amount: Amount, carried: Amount, balance: Amount) {
        if !carried.isZero { t += carried }
    }
    @inline(__always)
    public mutating func creditMarked(_ t: inout Amount, amount: Amount, balance: Amount) { t += amount }
    public func held(_ t: Amount, balance: Amount) -> Amount { t }
}
