import CFundTracePrefetch
import FundTraceModel

/// The taint of one processed transfer (§3.11, per-transfer outputs).
public struct TransferTaint<Quantity: TaintQuantity>: Sendable {
    /// `τ`: taint credited with the amount, after marking.
    public var tainted: Quantity
    /// `φt`: taint of the fee.
    public var feeTainted: Quantity
    /// `c`: the sender-side taint before marking.
    public var carried: Quantity
    public var marked: Bool
    public var absorbed: Bool
}

/// Totals of a sweep (§3.11 summary).
public struct TaintSummary<Quantity: TaintQuantity>: Sendable {
    public var created = Amount.zero
    public var feeSink = Quantity.zero
    public var reabsorbed = Quantity.zero
    public var absorbed = Quantity.zero
}

/// Everything the engine keeps about one ledger key (§3.6, §3.11), in one
/// record so a transfer touches two contiguous records.
public struct LedgerKeyRecord<State, Quantity: TaintQuantity> {
    public var balance = Amount.zero
    public var received = Amount.zero
    public var injected = Amount.zero
    public var feesPaid = Amount.zero
    public var taintedReceived = Quantity.zero
    public var taintedSent = Quantity.zero
    /// The policy's taint state.
    public var state: State
    /// Hops from the nearest source along tainted transfers (`Int32.max`: never reached).
    public var hops = Int32.max
    public var wholeBalanceSource = false
    public var receivedSource = false

    /// Total amount sent. Derived rather than stored (the record is on the
    /// sweep's hot path): every unit that came in — received or injected —
    /// either left as an amount or a fee, or is still held.
    public var sent: Amount { (received + injected) - feesPaid - balance }
}

/// The account-model taint engine of the contract (§3.7), generic over the
/// policy so each policy's inner loop is specialised.
///
/// Feed it transfers in the contract's total order through ``process``. Keys
/// are dense indices (see ``LedgerKeyTable``); memory grows with the number
/// of keys, never with the number of transfers. Each call is O(1) except
/// FIFO/LIFO draws, which are O(segments taken).
public struct AccountTaintEngine<Policy: AccountTaintPolicy> {
    public typealias Quantity = Policy.Quantity
    public typealias Record = LedgerKeyRecord<Policy.KeyState, Policy.Quantity>
    public private(set) var policy = Policy()
    public private(set) var records: [Record] = []
    public private(set) var summary = TaintSummary<Quantity>()

    public init() {}

    public var keyCount: Int { records.count }

    /// Reserves room for `count` keys, so a sweep that can estimate its keys
    /// allocates once instead of doubling (and copying) as keys appear.
    public mutating func reserveKeys(_ count: Int) { records.reserveCapacity(count) }

    /// Registers key `key` (and any below it); `isWholeBalanceSource` marks a
    /// `whole_balance` source key, `isSource` an `address` source (hop 0).
    public mutating func addKey(_ key: Int, isWholeBalanceSource: Bool = false, isSource: Bool = false) {
        if key >= records.count {
            records.append(contentsOf: repeatElement(Record(state: Policy.cleanState), count: key + 1 - records.count))
        }
        if isWholeBalanceSource { records[key].wholeBalanceSource = true; records[key].hops = 0 }
        if isSource { records[key].hops = 0 }
    }

    /// Processes one transfer (§3.7). `marked` is the source specification's
    /// verdict on it; both keys must have been added.
    @inline(__always)
    public mutating func process(from kf: Int, to kr: Int, amount x: Amount, fee φ: Amount, marked: Bool) -> TransferTaint<Quantity> {
        let d = x.saturatingAdd(φ)
        var summary = self.summary
        var policy = self.policy
        defer { self.summary = summary; self.policy = policy }
        return records.withUnsafeMutableBufferPointer { r in
            // 1. Injection of unknown prior balance.
            var bf = r[kf].balance
            if bf < d {
                let s = d - bf
                if !r[kf].wholeBalanceSource { policy.inject(&r[kf].state, shortfall: s, balance: bf) }
                bf = d
                r[kf].injected = r[kf].injected.saturatingAdd(s)
            }
            // 2. Draw.
            let c: Quantity, φt: Quantity
            if r[kf].wholeBalanceSource {
                c = Quantity(exact: x); φt = Quantity(exact: φ)
                policy.drawGenerated(amount: x)
                summary.created = summary.created.saturatingAdd(d)
            } else {
                (c, φt) = policy.draw(&r[kf].state, amount: x, fee: φ, balance: bf)
            }
            // 3. Debit.
            r[kf].balance = bf - d
            if !φ.isZero {
                r[kf].feesPaid = r[kf].feesPaid.saturatingAdd(φ)
                if !φt.isZero { summary.feeSink = summary.feeSink + φt }
            }
            if !c.isZero || !φt.isZero { r[kf].taintedSent = r[kf].taintedSent + c + φt }
            let fromHops = r[kf].hops
            // 4. Credit.
            let br = r[kr].balance
            let τ: Quantity
            var isMarked = false, absorbed = false
            if r[kr].wholeBalanceSource {
                τ = c
                absorbed = true
                if !c.isZero { summary.absorbed = summary.absorbed + c }
            } else if marked {
                isMarked = true
                τ = Quantity(exact: x)
                summary.created = summary.created.saturatingAdd(x)
                if !c.isZero { summary.reabsorbed = summary.reabsorbed + c }
                policy.creditMarked(&r[kr].state, amount: x, balance: br)
                r[kr].receivedSource = true
                if !x.isZero { r[kr].hops = min(r[kr].hops, 1) }
            } else {
                τ = c
                policy.creditDrawn(&r[kr].state, amount: x, carried: c, balance: br)
                if !c.isZero, fromHops != .max { r[kr].hops = min(r[kr].hops, fromHops + 1) }
            }
            r[kr].balance = br.saturatingAdd(x)
            r[kr].received = r[kr].received.saturatingAdd(x)
            if !τ.isZero { r[kr].taintedReceived = r[kr].taintedReceived + τ }
            return TransferTaint(tainted: τ, feeTainted: φt, carried: c, marked: isMarked, absorbed: absorbed)
        }
    }

    /// Starts loading `key`'s record into cache. A sweep that knows its next
    /// transfers calls this a few transfers ahead, so the memory latency of
    /// the random per-key records overlaps instead of adding up.
    @inline(__always)
    public func prefetch(_ key: Int) {
        records.withUnsafeBufferPointer { ft_prefetch($0.baseAddress! + key, MemoryLayout<Record>.stride) }
    }

    /// The taint key `key` holds now (for a `whole_balance` source: its balance).
    public func held(_ key: Int) -> Quantity {
        let r = records[key]
        return r.wholeBalanceSource ? Quantity(exact: r.balance) : policy.held(r.state, balance: r.balance)
    }

    /// Σ held over keys that are not `whole_balance` sources.
    public func totalHeld() -> Quantity {
        var h = Quantity.zero
        for r in records where !r.wholeBalanceSource {
            let v = policy.held(r.state, balance: r.balance)
            if !v.isZero { h = h + v }
        }
        return h
    }

    /// Σ balance of `whole_balance` source keys.
    public func wholeHeld() -> Amount {
        var h = Amount.zero
        for r in records where r.wholeBalanceSource { h = h.saturatingAdd(r.balance) }
        return h
    }
}
