import FundTraceModel

/// The per-ledger-key taint state and rules of one policy in the account
/// model (§3.6–§3.8). ``AccountTaintEngine`` owns balances and bookkeeping
/// and calls these hooks in the contract's order: inject, draw, debit, credit.
///
/// Keys are dense indices; `balance` arguments are the key's balance at the
/// moment of the call (after injection for `draw`, before the credit for the
/// credits).
public protocol AccountTaintPolicy {
    associatedtype Quantity: TaintQuantity
    static var policy: TaintPolicy { get }
    init()
    /// Makes room for keys `0..<count`.
    mutating func reserveKeys(_ count: Int)
    /// Clean prior balance `shortfall` is injected before a draw (§3.6).
    mutating func inject(_ key: Int, shortfall: Amount, balance: Amount)
    /// Draws `amount` then `fee` from `key`; returns the carried taint and the fee taint.
    mutating func draw(_ key: Int, amount: Amount, fee: Amount, balance: Amount) -> (carried: Quantity, fee: Quantity)
    /// A `whole_balance` source sends: the drawn units are `amount` tainted units.
    mutating func drawGenerated(amount: Amount)
    /// Credits the units of the last draw (`carried` of them tainted) to `key`.
    mutating func creditDrawn(_ key: Int, amount: Amount, carried: Quantity, balance: Amount)
    /// Credits `amount` fully tainted units (a marked transfer).
    mutating func creditMarked(_ key: Int, amount: Amount, balance: Amount)
    /// The taint `key` holds.
    func held(_ key: Int, balance: Amount) -> Quantity
}

extension AccountTaintPolicy {
    public mutating func drawGenerated(amount: Amount) {}
}
