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

/// A transfer as the sweep reads it: ids instead of text, in the total order.
public struct TransferRow: Sendable, Equatable {
    public var id: Int64
    public var chainID: Int64
    public var txID: Int64
    public var block: UInt64
    public var txIndex: UInt64
    public var logIndex: UInt64
    public var fromID: Int64
    public var toID: Int64
    public var assetID: Int64
    /// 0 when the transaction reverted.
    public var amount: Amount
    public var fee: Amount
    public var kind: TransferKind
    public var success: Bool

    public init(id: Int64, chainID: Int64, txID: Int64, block: UInt64, txIndex: UInt64, logIndex: UInt64, fromID: Int64, toID: Int64,
                assetID: Int64, amount: Amount, fee: Amount, kind: TransferKind, success: Bool) {
        self.id = id; self.chainID = chainID; self.txID = txID; self.block = block; self.txIndex = txIndex; self.logIndex = logIndex
        self.fromID = fromID; self.toID = toID; self.assetID = assetID; self.amount = amount; self.fee = fee; self.kind = kind
        self.success = success
    }
}
