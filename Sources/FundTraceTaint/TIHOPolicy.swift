import FundTraceModel

/// TIHO in the account model: taint leaves first ("taint-first", the
/// *Seniority* of EthereumBlacklisting), amount before fee (§3.8).
///
/// The state is the key's tainted units `T`, packed (see ``PackedAmount``)
/// so the engine's record stays within two cache lines; values above 2^127
/// live in the policy's own wide table, so `T` stays exact at any size.
@usableFromInline package struct TIHOPolicy: AccountTaintPolicy {
    public static let policy = TaintPolicy.tiho
    /// Held taint is `T`, which moves exactly with tainted received and sent.
    public typealias TaintedReceived = DerivedTaintedReceived<Amount>
    @inlinable public static var cleanState: PackedAmount { .zero }
    @usableFromInline var wide = WideTable()
    @inlinable public init() {}

    @inlinable @inline(__always)
    public mutating func draw(_ state: inout PackedAmount, amount: Amount, fee: Amount, balance: Amount) -> (carried: Amount, fee: Amount) {
        if state == .zero { return (.zero, .zero) }
        var t = state.unpack(wide)
        let c = Swift.min(amount, t)
        t -= c
        let f = Swift.min(fee, t)
        t -= f
        state = state.replaced(by: t, &wide)
        return (c, f)
    }

    @inlinable @inline(__always)
    public mutating func creditDrawn(_ state: inout PackedAmount, amount: Amount, carried: Amount, balance: Amount) {
        if !carried.isZero { state = state.adding(carried, &wide) }
    }

    @inlinable @inline(__always)
    public mutating func creditMarked(_ state: inout PackedAmount, amount: Amount, balance: Amount) {
        state = state.adding(amount, &wide)
    }

    public func held(_ state: PackedAmount, balance: Amount) -> Amount { state.unpack(wide) }
}
