import FundTraceModel

/// The per-ledger-key taint state and rules of one policy in the account
/// model (§3.6–§3.8). ``AccountTaintEngine`` owns balances and bookkeeping
/// and calls these hooks in the contract's order: inject, draw, debit, credit.
///
/// Each key's `KeyState` lives inside the engine's per-key record, next to
/// its balance, so one transfer touches two compact records (the sweep is
/// bound by memory access, not arithmetic). `balance` arguments are the
/// key's balance at the moment of the call (after injection for `draw`,
/// before the credit for the credits).
public protocol AccountTaintPolicy {
    associatedtype Quantity: TaintQuantity
    associatedtype KeyState
    /// How records keep `tainted_received`: stored unless the policy's held
    /// taint is exactly tainted received minus tainted sent.
    associatedtype TaintedReceived: TaintedReceivedField = StoredTaintedReceived<Quantity> where TaintedReceived.Quantity == Quantity
    static var policy: TaintPolicy { get }
    /// The state of a key that never held taint.
    static var cleanState: KeyState { get }
    init()
    /// Clean prior balance `shortfall` is injected before a draw (§3.6).
    mutating func inject(_ s: inout KeyState, shortfall: Amount, balance: Amount)
    /// Draws `amount` then `fee`; returns the carried taint and the fee taint.
    mutating func draw(_ s: inout KeyState, amount: Amount, fee: Amount, balance: Amount) -> (carried: Quantity, fee: Quantity)
    /// A `whole_balance` source sends: the drawn units are `amount` tainted units.
    mutating func drawGenerated(amount: Amount)
    /// Credits the units of the last draw (`carried` of them tainted).
    mutating func creditDrawn(_ s: inout KeyState, amount: Amount, carried: Quantity, balance: Amount)
    /// Credits `amount` fully tainted units (a marked transfer).
    mutating func creditMarked(_ s: inout KeyState, amount: Amount, balance: Amount)
    /// The taint a key holds.
    func held(_ s: KeyState, balance: Amount) -> Quantity
    /// Starts loading into cache whatever a key's state keeps outside the
    /// record (FIFO/LIFO: the queue's ring); returns whether there is any.
    /// `state` was read from a record already in cache.
    func prefetchStorage(of state: KeyState) -> Bool
    /// Starts loading what a tainted credit to a key in `state` will touch
    /// beyond the record's first line: its storage outside the record, or
    /// the record's second line (`recordTail`) where the state's tail lies.
    func prefetchCreditStorage(of state: KeyState, recordTail: UnsafeRawPointer)
    /// The engine has room for `keys` keys: a policy that keeps storage
    /// outside the records may size it once instead of growing it mid-sweep.
    mutating func reserve(keys: Int)
}

extension AccountTaintPolicy {
    @inlinable public func prefetchStorage(of state: KeyState) -> Bool { false }
    @inlinable public func prefetchCreditStorage(of state: KeyState, recordTail: UnsafeRawPointer) { _ = prefetchStorage(of: state) }
    @inlinable public mutating func inject(_ s: inout KeyState, shortfall: Amount, balance: Amount) {}
    @inlinable public mutating func drawGenerated(amount: Amount) {}
    public mutating func reserve(keys: Int) {}
}
