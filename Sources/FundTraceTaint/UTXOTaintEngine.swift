import FundTraceModel

/// The UTXO-model taint engine of the contract (§4.4–§4.6): taint lives on
/// outputs; each transaction redistributes its inputs' taint over its outputs
/// and fee under the chosen policy, then marked outputs become fully tainted.
public struct UTXOTaintEngine {
    /// The taint state of one output (§4.4).
    public struct OutputState: Sendable {
        public var value: Amount
        /// Poison and TIHO: tainted units; FIFO/LIFO: tainted units of `segments`.
        public var tainted: Amount = .zero
        /// FIFO/LIFO: units in the order they were assigned to the output.
        public var segments: [Segment] = []
        /// Haircut: the output's taint.
        public var haircut: HaircutAmount = .zero

        /// A clean output of `value` (an input with unknown history).
        public init(value: Amount) { self.value = value }
    }

    /// The result for one processed transaction.
    public struct Result: Sendable {
        /// Per output: state after marking, carried taint before marking, marked flag.
        public var outputs: [(state: OutputState, carried: String, marked: Bool)]
        public var fee: Amount
        /// Fee taint (exact integers under every policy but haircut).
        public var feeTainted: HaircutAmount
    }

    public let policy: TaintPolicy
    public private(set) var created = Amount.zero
    public private(set) var feeSinkInt = Amount.zero
    public private(set) var feeSinkHaircut = HaircutAmount.zero
    public private(set) var reabsorbedInt = Amount.zero
    public private(set) var reabsorbedHaircut = HaircutAmount.zero

    public init(policy: TaintPolicy) { self.policy = policy }

    /// Taint of an output as text, under the engine's policy.
    public func taintText(_ s: OutputState) -> String { policy == .haircut ? s.haircut.decimalText : s.tainted.description }
    public func taintDouble(_ s: OutputState) -> Double { policy == .haircut ? s.haircut.approximate : s.tainted.doubleValue }
    public func isTainted(_ s: OutputState) -> Bool { policy == .haircut ? !s.haircut.isZero : !s.tainted.isZero }

    /// A tainted input of `value` whose output lies outside the data (a
    /// perpetrator's prior balance, an outpoint source before the store's
    /// history): created as taint, like a marked output.
    public mutating func markedInput(value: Amount) -> OutputState {
        var o = OutputState(value: value)
        created = created.saturatingAdd(value)
        o.tainted = value
        o.haircut = HaircutAmount(exact: value)
        o.segments = value.isZero ? [] : [Segment(value, tainted: true)]
        return o
    }

    /// Processes one transaction. `inputs` are the spent outputs' states in
    /// input order (unknown-history inputs: a clean state of their value);
    /// `marked[k]` says whether output `k` is marked.
    public mutating func process(inputs: [OutputState], outputs values: [Amount], marked: [Bool]) -> Result {
        var vin = Amount.zero
        for i in inputs { vin = vin.saturatingAdd(i.value) }
        var vout = Amount.zero
        for w in values { vout = vout.saturatingAdd(w) }
        let fee = inputs.isEmpty ? Amount.zero : vin - vout
        var outs = values.map { OutputState(value: $0) }
        var feeTaint = HaircutAmount.zero

        switch policy {
        case .poison:
            let any = inputs.contains { !$0.value.isZero && !$0.tainted.isZero }
            if any {
                for k in outs.indices where !outs[k].value.isZero { outs[k].tainted = outs[k].value }
                feeSinkInt = feeSinkInt.saturatingAdd(fee)
                feeTaint = HaircutAmount(exact: fee)
            }
        case .haircut:
            var tin = HaircutAmount.zero
            for i in inputs { tin = tin + i.haircut }
            let ratio: Double = tin.isZero || vin.isZero ? 0 : (tin.exact == vin ? 1 : min(1, tin.approximate / vin.doubleValue))
            for k in outs.indices { outs[k].haircut = HaircutAmount.share(of: outs[k].value, ratio: ratio) }
            let ft = HaircutAmount.share(of: fee, ratio: ratio)
            feeSinkHaircut = feeSinkHaircut + ft
            feeTaint = ft
        case .fifo, .lifo:
            var units: [Segment] = []
            for i in inputs {
                if i.segments.isEmpty { units.appendMerging(Segment(i.value, tainted: false)) } else { for s in i.segments { units.appendMerging(s) } }
            }
            if policy == .lifo { units.reverse() }
            var cursor = SegmentCursor(units)
            for k in outs.indices {
                outs[k].segments = cursor.take(outs[k].value)
                outs[k].tainted = outs[k].segments.taintedUnits
            }
            let ft = cursor.take(fee).taintedUnits
            feeSinkInt = feeSinkInt.saturatingAdd(ft)
            feeTaint = HaircutAmount(exact: ft)
        case .tiho:
            var tin = Amount.zero
            for i in inputs { tin = tin.saturatingAdd(i.tainted) }
            var cursor = SegmentCursor([Segment(tin, tainted: true), Segment(vin - tin, tainted: false)])
            let order = outs.indices.sorted { a, b in outs[a].value != outs[b].value ? outs[a].value > outs[b].value : a < b }
            for k in order { outs[k].tainted = cursor.take(outs[k].value).taintedUnits }
            let ft = cursor.take(fee).taintedUnits
            feeSinkInt = feeSinkInt.saturatingAdd(ft)
            feeTaint = HaircutAmount(exact: ft)
        }

        var result: [(state: OutputState, carried: String, marked: Bool)] = []
        for (k, var o) in outs.enumerated() {
            let carried = taintText(o)
            if marked[k] {
                if policy == .haircut { reabsorbedHaircut = reabsorbedHaircut + o.haircut } else { reabsorbedInt = reabsorbedInt.saturatingAdd(o.tainted) }
                created = created.saturatingAdd(o.value)
                o.tainted = o.value
                o.haircut = HaircutAmount(exact: o.value)
                o.segments = o.value.isZero ? [] : [Segment(o.value, tainted: true)]
            }
            result.append((o, carried, marked[k]))
        }
        return Result(outputs: result, fee: fee, feeTainted: feeTaint)
    }

    public var feeSinkText: String { policy == .haircut ? feeSinkHaircut.decimalText : feeSinkInt.description }
    public var reabsorbedText: String { policy == .haircut ? reabsorbedHaircut.decimalText : reabsorbedInt.description }
}

/// Consecutive takes from a segment list.
struct SegmentCursor {
    var segments: [Segment]
    var index = 0
    init(_ s: [Segment]) { segments = s.filter { !$0.count.isZero } }

    mutating func take(_ n: Amount) -> [Segment] {
        var need = n
        var out: [Segment] = []
        while !need.isZero && index < segments.count {
            let s = segments[index]
            if s.count <= need {
                out.appendMerging(s); need -= s.count; index += 1
            } else {
                out.appendMerging(Segment(need, tainted: s.tainted)); segments[index].count = s.count - need; need = .zero
            }
        }
        return out
    }
}
