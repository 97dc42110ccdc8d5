import FundTraceModel

/// Recognises CoinJoin transactions (Wasabi, Whirlpool, JoinMarket-style):
/// several participants each put in inputs and take out one output of a
/// common value, plus change. A trace treats a CoinJoin as a mixer, and
/// multi-input clustering must skip it (its inputs belong to different people).
///
/// The rule follows BlockSci's `isCoinjoin`: at least 2 inputs and 3 outputs;
/// with p = ⌊(outputs + 1) / 2⌋ participants, at least p inputs from at least p
/// distinct addresses, and the most common output value — dust excluded —
/// appearing at least p times (at least twice).
public struct CoinJoinDetector: Sendable {
    /// Outputs below this many base units are dust and never the common value.
    public var dust: Amount

    public init(dust: Amount = Amount(1_000)) { self.dust = dust }

    public struct CoinJoin: Sendable, Equatable {
        public var txHash: String
        /// The common output value (base units) and how many outputs carry it.
        public var denomination: Amount
        public var equalOutputs: Int
        public var participants: Int
        public var inputs: Int
        public var outputs: Int
    }

    public func examine(_ tx: UTXOTransaction) -> CoinJoin? {
        guard tx.inputs.count >= 2, tx.outputs.count >= 3 else { return nil }
        let participants = (tx.outputs.count + 1) / 2
        guard tx.inputs.count >= participants, Set(tx.inputs.compactMap(\.address)).count >= participants else { return nil }
        var counts: [Amount: Int] = [:]
        for o in tx.outputs where !(o.value < dust) { counts[o.value, default: 0] += 1 }
        guard let (value, n) = counts.max(by: { ($0.value, $1.key) < ($1.value, $0.key) }), n >= max(2, participants) else { return nil }
        return CoinJoin(txHash: tx.txHash, denomination: value, equalOutputs: n, participants: participants,
                        inputs: tx.inputs.count, outputs: tx.outputs.count)
    }
}
