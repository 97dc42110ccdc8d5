import FundTraceModel

/// The running state of a UTXO-model sweep (§4.4–§4.7): the unspent outputs
/// with their taint, and the per-address totals of §4.7. The conformance
/// command and the store scorer both sweep through it, so their per-address
/// numbers cannot drift apart.
///
/// Generic over how callers name outputs and addresses (file ids for the
/// conformance command, store ids for the scorer). Memory grows with the
/// unspent outputs and the addresses, not with the transactions swept.
package struct UTXOLedger<Outpoint: Hashable, Address: Hashable> {
    /// One address's totals (§4.7).
    package struct Totals {
        package var balance = Amount.zero
        package var injected = Amount.zero
        package var received = Amount.zero
        package var sent = Amount.zero
        package var taintedReceived = HaircutAmount.zero   // exact integers stay exact in HaircutAmount
        package var taintedSent = HaircutAmount.zero
        package var receivedSource = false
        /// Hops from the nearest source along tainted outputs (`Int32.max`: never reached).
        package var hops = Int32.max
    }

    /// An unspent output.
    package struct Unspent {
        package var state: UTXOTaintEngine.OutputState
        package var address: Address
        /// Creation order over the sweep (0, 1, …).
        package var sequence: Int
        /// Hops of its taint from the nearest source (`Int32.max`: clean).
        package var hops: Int32
    }

    /// An input about to be spent.
    package struct Spent {
        package var state: UTXOTaintEngine.OutputState
        package var hops: Int32
    }

    package private(set) var engine: UTXOTaintEngine
    private var unspent: [Outpoint: Unspent] = [:]
    private var index: [Address: Int] = [:]
    /// Addresses in order of first appearance, and their totals.
    package private(set) var addresses: [Address] = []
    package private(set) var totals: [Totals] = []
    private var created = 0

    package init(policy: TaintPolicy) { engine = UTXOTaintEngine(policy: policy) }

    package var policy: TaintPolicy { engine.policy }

    /// An output's taint, exact but for haircut.
    package func taint(_ s: UTXOTaintEngine.OutputState) -> HaircutAmount { policy == .haircut ? s.haircut : HaircutAmount(exact: s.tainted) }

    private mutating func update(_ a: Address, _ body: (inout Totals) -> Void) {
        let i: Int
        if let known = index[a] { i = known } else {
            i = totals.count
            index[a] = i; addresses.append(a); totals.append(Totals())
        }
        body(&totals[i])
    }

    /// Spends the unspent output `o`; nil when there is none.
    package mutating func spend(_ o: Outpoint) -> Spent? {
        guard let u = unspent.removeValue(forKey: o) else { return nil }
        let t = taint(u.state)
        update(u.address) { $0.balance -= u.state.value; $0.sent = $0.sent.saturatingAdd(u.state.value); $0.taintedSent = $0.taintedSent + t }
        return Spent(state: u.state, hops: u.hops)
    }

    /// Spends an input with unknown history (§4.1): a clean external coin of
    /// `value` that `address` held before the data.
    package mutating func spendUnknown(address: Address, value: Amount) -> Spent {
        update(address) { $0.injected = $0.injected.saturatingAdd(value); $0.sent = $0.sent.saturatingAdd(value) }
        return Spent(state: UTXOTaintEngine.OutputState(value: value), hops: .max)
    }

    /// Runs one transaction (§4.5) on spent `inputs` and creates its
    /// `outputs` (`marked[k]`: output `k` is marked, §4.3).
    ///
    /// Hops, as the account sweep counts them per key: a tainted output paid
    /// to an `address` source (`atSource[k]`) is 0 hops from a source, a
    /// marked one 1, any other one more than the nearest tainted input.
    package mutating func transact(inputs: [Spent], outputs: [(outpoint: Outpoint, address: Address, value: Amount)],
                           marked: [Bool], atSource: [Bool]? = nil) -> UTXOTaintEngine.Result {
        let result = engine.process(inputs: inputs.map(\.state), outputs: outputs.map(\.value), marked: marked)
        var from = Int32.max
        for i in inputs where !i.state.value.isZero && !taint(i.state).isZero { from = min(from, i.hops) }
        for (k, o) in outputs.enumerated() {
            let r = result.outputs[k]
            let t = taint(r.state)
            let hops: Int32 = t.isZero ? .max : atSource?[k] == true ? 0 : r.marked ? 1 : from == .max ? .max : from + 1
            unspent[o.outpoint] = Unspent(state: r.state, address: o.address, sequence: created, hops: hops)
            created += 1
            update(o.address) {
                $0.balance = $0.balance.saturatingAdd(o.value); $0.received = $0.received.saturatingAdd(o.value)
                $0.taintedReceived = $0.taintedReceived + t
                if r.marked { $0.receivedSource = true }
                $0.hops = min($0.hops, hops)
            }
        }
        return result
    }

    /// Taint held per address (indexed like ``addresses``) and in all, over
    /// the unspent outputs in creation order: haircut sums are floating
    /// point, and a dictionary's order changes from run to run, so summing
    /// in it gave summaries that differed in the last digits.
    package func held() -> (byAddress: [HaircutAmount], total: HaircutAmount) {
        var byAddress = [HaircutAmount](repeating: .zero, count: totals.count)
        var total = HaircutAmount.zero
        for u in unspent.values.sorted(by: { $0.sequence < $1.sequence }) {
            let t = taint(u.state)
            total = total + t
            byAddress[index[u.address]!] = byAddress[index[u.address]!] + t
        }
        return (byAddress, total)
    }

    /// The per-address row of §4.7 / §9 for address `i` (``LedgerKeyReport/columns``;
    /// `asset` empty), then `hops` when asked (0 for an `address` source, `isSource`).
    package func row(_ i: Int, chain: String, address: String, held: HaircutAmount, hops: Bool = false, isSource: Bool = false) -> [String] {
        var t = totals[i]
        if isSource { t.hops = 0 }
        return [chain, address, "", policy.rawValue, t.balance.description, t.injected.description,
                t.received.description, t.sent.description, "0", t.taintedReceived.decimalText, t.taintedSent.decimalText,
                held.decimalText, held.fractionText(of: t.balance), t.taintedReceived.fractionText(of: t.received),
                "0", t.receivedSource ? "1" : "0"] + (hops ? [t.hops == .max ? "" : String(t.hops)] : [])
    }
}
