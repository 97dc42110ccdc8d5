/// One deposit into, or withdrawal from, a fixed-denomination mixer pool
/// (Tornado-Cash-like): the unit mixer heuristics reason about.
public struct MixerEvent: Sendable, Hashable {
    public enum Action: String, Sendable { case deposit, withdrawal }
    /// The pool (its address, or a name).
    public var pool: String
    public var action: Action
    /// Unix seconds.
    public var time: Int64
    public var txHash: String
    /// The depositor, or the withdrawal's recipient.
    public var account: String
    /// The pool's denomination, in base units.
    public var denomination: Amount
    /// Gas price of the transaction, in wei, when known.
    public var gasPrice: Amount?

    public init(pool: String, action: Action, time: Int64, txHash: String, account: String, denomination: Amount, gasPrice: Amount?) {
        self.pool = pool; self.action = action; self.time = time; self.txHash = txHash; self.account = account
        self.denomination = denomination; self.gasPrice = gasPrice
    }
}
