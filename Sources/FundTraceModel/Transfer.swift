/// How value moved in an account-model transfer.
public enum TransferKind: Int, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// The transaction's own value (and the carrier of its gas fee).
    case native = 0
    /// A value transfer inside contract execution (a trace / internal transaction).
    case `internal` = 1
    /// A token transfer event (ERC-20 `Transfer` log).
    case token = 2

    public var description: String {
        switch self { case .native: return "native"; case .internal: return "internal"; case .token: return "token" }
    }
}

/// One account-model movement of an asset between two addresses, with its
/// position in the chain's total order `(block, txIndex, logIndex)`.
public struct Transfer: Sendable, Equatable {
    public var chain: String
    public var txHash: String
    public var block: UInt64
    public var txIndex: UInt64
    public var logIndex: UInt64
    /// Unix seconds, when known.
    public var timestamp: Int64?
    public var from: String
    public var to: String
    /// Asset identifier: the native symbol (`ETH`) or a token contract address.
    public var asset: String
    public var amount: Amount
    /// Fee paid by `from` in the same asset, on top of `amount`.
    public var fee: Amount
    public var kind: TransferKind

    public init(chain: String, txHash: String, block: UInt64, txIndex: UInt64, logIndex: UInt64,
                timestamp: Int64?, from: String, to: String, asset: String,
                amount: Amount, fee: Amount = .zero, kind: TransferKind = .native) {
        self.chain = chain; self.txHash = txHash; self.block = block; self.txIndex = txIndex
        self.logIndex = logIndex; self.timestamp = timestamp; self.from = from; self.to = to
        self.asset = asset; self.amount = amount; self.fee = fee; self.kind = kind
    }
}
