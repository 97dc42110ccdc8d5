import FundTraceModel

/// A transfer as read back from the store, in the chain's total order.
public struct StoredTransfer: Sendable, Equatable {
    /// The row id in `transfers`.
    public var id: Int64
    public var transfer: Transfer
    /// False when the transaction reverted: its value did not move (the amount
    /// reads as 0) but its fee was still paid.
    public var success: Bool
}
