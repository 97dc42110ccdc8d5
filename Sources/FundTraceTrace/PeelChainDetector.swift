import FundTraceModel

/// Finds peel chains: a run of transactions each spending one input into two
/// outputs — a small "peel" paid out and a large remainder that the next
/// transaction of the chain spends the same way. Launderers and exchanges
/// both make them; a trace follows the remainder and reports the peels.
public struct PeelChainDetector: Sendable {
    /// The fewest transactions that make a chain.
    public var minLength: Int
    /// The peel must be at most this share of the transaction's outputs.
    public var maxPeelShare: Double

    public init(minLength: Int = 3, maxPeelShare: Double = 0.5) { self.minLength = minLength; self.maxPeelShare = maxPeelShare }

    public struct Hop: Sendable, Equatable {
        public var txHash: String
        /// The output paid out, and the remainder passed on.
        public var peel: UTXOOutput
        public var remainder: UTXOOutput
    }

    /// The chains among `transactions` (any order), longest first.
    public func chains(_ transactions: [UTXOTransaction]) -> [[Hop]] {
        var spender: [OutPoint: UTXOTransaction] = [:]
        for tx in transactions { for i in tx.inputs { spender[i.spent] = tx } }
        func hop(_ tx: UTXOTransaction) -> Hop? {
            guard tx.inputs.count == 1, tx.outputs.count == 2 else { return nil }
            let (a, b) = (tx.outputs[0], tx.outputs[1])
            let (small, large) = a.value < b.value ? (a, b) : (b, a)
            let total = small.value.doubleValue + large.value.doubleValue
            guard total > 0, small.value.doubleValue / total <= maxPeelShare else { return nil }
            return Hop(txHash: tx.txHash, peel: small, remainder: large)
        }
        // A chain starts at a hop whose input was not the remainder of another hop.
        var isContinuation = Set<String>()
        for tx in transactions {
            guard let h = hop(tx), let next = spender[OutPoint(txHash: tx.txHash, index: h.remainder.index)], hop(next) != nil else { continue }
            isContinuation.insert(next.txHash)
        }
        var out: [[Hop]] = []
        for tx in transactions where !isContinuation.contains(tx.txHash) {
            guard var h = hop(tx) else { continue }
            var chain = [h]
            var seen: Set<String> = [tx.txHash]
            while let next = spender[OutPoint(txHash: h.txHash, index: h.remainder.index)], seen.insert(next.txHash).inserted, let n = hop(next) {
                chain.append(n)
                h = n
            }
            if chain.count >= minLength { out.append(chain) }
        }
        return out.sorted { ($0.count, $1.first?.txHash ?? "") > ($1.count, $0.first?.txHash ?? "") }
    }
}
