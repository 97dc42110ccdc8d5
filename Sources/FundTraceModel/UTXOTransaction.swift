/// A reference to one output of an earlier transaction.
public struct OutPoint: Hashable, Sendable {
    public var txHash: String
    public var index: Int
    public init(txHash: String, index: Int) { self.txHash = txHash; self.index = index }
}

/// One input of a UTXO transaction, in input order.
public struct UTXOInput: Sendable, Equatable {
    public var index: Int
    public var spent: OutPoint
    /// Address and value of the spent output, when the source data states them.
    public var address: String?
    public var value: Amount?
    public init(index: Int, spent: OutPoint, address: String?, value: Amount?) {
        self.index = index; self.spent = spent; self.address = address; self.value = value
    }
}

/// One output of a UTXO transaction, in output order.
public struct UTXOOutput: Sendable, Equatable {
    public var index: Int
    /// Paying address; outputs without one (OP_RETURN, non-standard scripts)
    /// get a synthetic `script:<type>` address so their value stays accounted.
    public var address: String
    public var value: Amount
    public init(index: Int, address: String, value: Amount) { self.index = index; self.address = address; self.value = value }
}

/// A UTXO-model transaction: ordered inputs spending earlier outputs, ordered outputs.
/// A transaction with no inputs is a coinbase.
public struct UTXOTransaction: Sendable, Equatable {
    public var chain: String
    public var txHash: String
    public var block: UInt64
    public var txIndex: UInt64
    public var timestamp: Int64?
    public var inputs: [UTXOInput]
    public var outputs: [UTXOOutput]
    public init(chain: String, txHash: String, block: UInt64, txIndex: UInt64, timestamp: Int64?,
                inputs: [UTXOInput], outputs: [UTXOOutput]) {
        self.chain = chain; self.txHash = txHash; self.block = block; self.txIndex = txIndex
        self.timestamp = timestamp; self.inputs = inputs; self.outputs = outputs
    }
    public var isCoinbase: Bool { inputs.isEmpty }
}
