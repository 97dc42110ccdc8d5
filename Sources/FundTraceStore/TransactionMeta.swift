import FundTraceModel

/// What a source file says about a transaction besides its transfers.
///
/// Every field is optional: `transactions.csv`, `receipts.csv`, token transfer
/// files and Etherscan exports each know a different part. The store merges
/// them, keeping the first known value of each field, so that loading a
/// dataset's files in any order gives the same store.
public struct TransactionMeta: Sendable, Equatable {
    public var block: UInt64?
    public var txIndex: UInt64?
    public var timestamp: Int64?
    public var fromID: Int64?
    public var gasUsed: UInt64?
    public var gasPrice: Amount?
    public var effectiveGasPrice: Amount?
    /// A fee stated outright by the source (Etherscan's `TxnFee`), in base units.
    public var fee: Amount?
    /// `true` success, `false` failed (reverted), `nil` unknown.
    public var success: Bool?

    public init(block: UInt64? = nil, txIndex: UInt64? = nil, timestamp: Int64? = nil, fromID: Int64? = nil,
                gasUsed: UInt64? = nil, gasPrice: Amount? = nil, effectiveGasPrice: Amount? = nil,
                fee: Amount? = nil, success: Bool? = nil) {
        self.block = block; self.txIndex = txIndex; self.timestamp = timestamp; self.fromID = fromID
        self.gasUsed = gasUsed; self.gasPrice = gasPrice; self.effectiveGasPrice = effectiveGasPrice
        self.fee = fee; self.success = success
    }

    /// Whether this says nothing beyond the block number.
    var isBlockOnly: Bool {
        txIndex == nil && timestamp == nil && fromID == nil && gasUsed == nil && gasPrice == nil
            && effectiveGasPrice == nil && fee == nil && success == nil
    }
}
