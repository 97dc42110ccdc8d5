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

    package init(tainted: Quantity, feeTainted: Quantity, carried: Quantity, marked: Bool, absorbed: Bool) {
        self.tainted = tainted; self.feeTainted = feeTainted; self.carried = carried; self.marked = marked; self.absorbed = absorbed
    }
}

/// Totals of a sweep (§3.11 summary).
public struct TaintSummary<Quantity: TaintQuantity>: Sendable {
    public var created = Amount.zero
    public var feeSink = Quantity.zero
    public var reabsorbed = Quantity.zero
    public var absorbed = Quantity.zero
}

/// Everything the engine keeps about one ledger key (§3.6, §3.11), in one
/// compact record of at most two cache lines. The first line holds all a
/// recipient always touches (balance, received, tainted received, hops,
/// flags, the policy's state) and the second the totals only a sender
/// touches, so a transfer reads three lines, not four (checked per policy
/// by the engine's tests). The state comes last in the first line so that a
/// policy may let its tail reach into the second, for fields only tainted
/// credits and draws touch (FIFO/LIFO: see ``SegmentQueue``).
/// Amounts are packed (see ``PackedAmount``); read them through the engine's
/// accessors.
public struct LedgerKeyRecord<State, Quantity: TaintQuantity, TaintedReceived: TaintedReceivedField> {
    // First line.
    var balance = PackedAmount.zero
    var received = PackedAmount.zero
    var taintedReceived = TaintedReceived.zero
    /// Hops from the nearest source along tainted transfers (`Int32.max`: never reached).
    public var hops = Int32.max
    public var wholeBalanceSource = false
    public var receivedSource = false
    /// The policy's taint state.
    public var state: State
    // Second line.
    var injected = PackedAmount.zero
    var feesPaid = PackedAmount.zero
    var taintedSent = Quantity.packedZero
}

/// The account-model taint engine of the contract (§3.7), generic over the
/// policy so each policy's inner loop is specialised.
///
/// Feed it transfers in the contract's total order through ``process``. Keys
/// are dense indices (see ``LedgerKeyTable``); memory grows with the number
/// of keys, never with the number of transfers. Each call is O(1) except
/// FIFO/LIFO draws, which are O(segments taken).
///
/// A class with manually managed record storage, because it is the sweep's
/// hot loop: Swift arrays would check uniqueness on every mutation, and a
/// struct could not mutate a record and the policy in the same call without
/// moving state in and out. Do not share an engine between threads.
public final class AccountTaintEngine<Policy: AccountTaintPolicy> {
    public typealias Quantity = Policy.Quantity
    public typealias Record = LedgerKeyRecord<Policy.KeyState, Policy.Quantity, Policy.TaintedReceived>
    @exclusivity(unchecked) public private(set) var policy = Policy()
    @exclusivity(unchecked) public private(set) var summary = TaintSummary<Quantity>()
    /// Values of record fields that outgrew 2^127.
    @exclusivity(unchecked) var wide = WideTable()
    /// `tainted_received` of `whole_balance` source keys when the policy
    /// derives it (see ``TaintedReceivedField``): such keys' state does not
    /// follow their taint, so the difference does not apply to them.
    @exclusivity(unchecked) private var wholeTaintedReceived: [Int: Quantity] = [:]
    /// The taint ``absorbIntoWholeBalanceSource(_:)`` adds, set just before
    /// the call. Passed as an argument, a quantity of five words goes in
    /// memory, and the compiler wrote it on every transfer of the sweep.
    @exclusivity(unchecked) private var absorbing = Quantity.zero
    @exclusivity(unchecked) private var base: UnsafeMutableRawPointer
    @exclusivity(unchecked) private var capacity = 0
    @exclusivity(unchecked) public private(set) var keyCount = 0

    /// Bytes between records: the record's size rounded up to whole cache
    /// lines, with the storage aligned to 128 bytes, so a record of at most
    /// 128 bytes occupies exactly two lines of one aligned pair (which the
    /// CPU's adjacent-line prefetcher fetches together) instead of straddling
    /// three. A constant once the engine is specialised.
    @inline(__always) static var recordStride: Int { (MemoryLayout<Record>.size + 63) & ~63 }
    static var storageAlignment: Int { 128 }
    /// The record's first cache line: everything a recipient touches (see ``LedgerKeyRecord``).
    static var recipientBytes: Int { 64 }

    @inline(__always)
    private func rec(_ k: Int) -> UnsafeMutablePointer<Record> {
        (base + k &* Self.recordStride).assumingMemoryBound(to: Record.self)
    }

    public init() {
        base = UnsafeMutableRawPointer.allocate(byteCount: 0, alignment: Self.storageAlignment)
    }

    deinit {
        for k in 0..<keyCount { rec(k).deinitialize(count: 1) }
        base.deallocate()
    }

    /// Reserves room for `count` keys, so a sweep that can estimate its keys
    /// allocates once instead of doubling (and copying) as keys appear.
    public func reserveKeys(_ count: Int) {
        guard count > capacity else { return }
        let grown = RecordMemory.allocate(byteCount: count * Self.recordStride, alignment: Self.storageAlignment)
        for k in 0..<keyCount {
            (grown + k * Self.recordStride).bindMemory(to: Record.self, capacity: 1).moveInitialize(from: rec(k), count: 1)
        }
        base.deallocate()
        base = grown
        capacity = count
        policy.reserve(keys: count)
    }

    /// Registers key `key` (and any below it); `isWholeBalanceSource` marks a
    /// `whole_balance` source key, `isSource` an `address` source (hop 0).
    public func addKey(_ key: Int, isWholeBalanceSource: Bool = false, isSource: Bool = false) {
        if key >= keyCount {
            if key >= capacity { reserveKeys(Swift.max(key + 1, capacity * 2, 16)) }
            for k in keyCount...key {
                (base + k * Self.recordStride).bindMemory(to: Record.self, capacity: 1).initialize(to: Record(state: Policy.cleanState))
            }
            keyCount = key + 1
        }
        if isWholeBalanceSource {
            if Policy.TaintedReceived.isDerived && !rec(key).pointee.wholeBalanceSource {
                wholeTaintedReceived[key] = taintedReceived(key)
            }
            rec(key).pointee.wholeBalanceSource = true; rec(key).pointee.hops = 0
        }
        if isSource { rec(key).pointee.hops = 0 }
    }

    /// Key `k`'s record (state, hops, flags).
    public func record(_ k: Int) -> Record {
        precondition(k < keyCount, "unknown ledger key \(k)")
        return rec(k).pointee
    }

    // MARK: Per-key results

    public func balance(_ k: Int) -> Amount { record(k).balance.unpack(wide) }
    public func received(_ k: Int) -> Amount { record(k).received.unpack(wide) }
    /// Clean prior balance injected before draws (§3.6).
    public func injected(_ k: Int) -> Amount { record(k).injected.unpack(wide) }
    public func feesPaid(_ k: Int) -> Amount { record(k).feesPaid.unpack(wide) }
    /// Total amount sent. Derived rather than stored (the record is on the
    /// sweep's hot path): every unit that came in — received or injected —
    /// left as an amount or a fee, or is still held.
    public func sent(_ k: Int) -> Amount { (received(k) + injected(k)) - feesPaid(k) - balance(k) }
    public func taintedReceived(_ k: Int) -> Quantity {
        let r = record(k)
        if let stored = r.taintedReceived.stored(wide) { return stored }
        if r.wholeBalanceSource { return wholeTaintedReceived[k] ?? .zero }
        return policy.held(r.state, balance: r.balance.unpack(wide)) + taintedSent(k)
    }
    public func taintedSent(_ k: Int) -> Quantity { Quantity.unpack(record(k).taintedSent, wide) }

    /// How many transfers ahead a sweep that knows its coming transfers calls
    /// ``prefetch(sender:)`` and ``prefetch(recipient:)``: far enough for the
    /// records to arrive, near enough that they are still in cache (10 M
    /// bench; 8–16 measured alike).
    public static var prefetchDistance: Int { 12 }
    /// How many transfers ahead such a sweep calls ``prefetchStorage(from:to:marked:)``,
    /// once the records it reads have arrived (10 M bench; 3–6 measured alike).
    public static var storagePrefetchDistance: Int { 4 }

    /// Starts loading into cache the record of `key` as the sender of a
    /// coming transfer (both lines). A sweep that knows its next transfers
    /// calls this and ``prefetch(recipient:)`` a few transfers ahead, so the
    /// memory latency of the random per-key records overlaps instead of
    /// adding up.
    @inline(__always)
    public func prefetch(sender key: Int) {
        if key < keyCount { ft_prefetch(rec(key), MemoryLayout<Record>.size) }
    }

    /// Starts loading the first line of `key`'s record, all that a recipient touches.
    @inline(__always)
    public func prefetch(recipient key: Int) {
        if key < keyCount { ft_prefetch(rec(key), Self.recipientBytes) }
    }

    /// Second stage of ``prefetch(sender:)`` and ``prefetch(recipient:)``
    /// for the transfer `sender` → `recipient`, a few transfers later, once
    /// the records have arrived: starts loading the state kept outside the
    /// records (FIFO/LIFO queue rings), which the records alone cannot reach.
    /// The recipient's only when the transfer can bring it taint (`marked`,
    /// or the sender holds taint or generates it): a clean credit leaves it
    /// unread, and each useless line in flight delays the others.
    @inline(__always)
    public func prefetchStorage(from sender: Int, to recipient: Int, marked: Bool) {
        guard sender < keyCount && recipient < keyCount else { return }
        let s = rec(sender)
        let carries = policy.prefetchStorage(of: s.pointee.state)
        if carries || marked || s.pointee.wholeBalanceSource {
            let t = rec(recipient)
            policy.prefetchCreditStorage(of: t.pointee.state, recordTail: UnsafeRawPointer(t) + Self.recipientBytes)
        }
    }

    /// Processes one transfer (§3.7). `marked` is the source specification's
    /// verdict on it; both keys must have been added.
    @inline(__always)
    public func process(from kf: Int, to kr: Int, amount x: Amount, fee φ: Amount, marked: Bool) -> TransferTaint<Quantity> {
        step(from: kf, to: kr, amount: x, fee: φ, marked: marked, credit: .drawn)
    }

    /// One leg of a DEX swap: the sending key, the receiving key, the amount and the fee.
    public struct SwapLeg: Sendable {
        public var from: Int, to: Int, amount: Amount, fee: Amount
        public init(from: Int, to: Int, amount: Amount, fee: Amount = .zero) {
            self.from = from; self.to = to; self.amount = amount; self.fee = fee
        }
    }

    /// The entry leg of a crossing (docs/CROSSINGS.md), an extension of the
    /// contract's empty swap-rule set (§3.4): a swap's give leg, a bridge
    /// deposit, a linked mixer deposit. It leaves the sender under the policy
    /// but reaches the service clean, so a shared pool, bridge or mixer never
    /// takes on one user's taint; the caller carries `carried` to the exit leg.
    public func processCrossingEntry(_ leg: SwapLeg) -> TransferTaint<Quantity> {
        step(from: leg.from, to: leg.to, amount: leg.amount, fee: leg.fee, marked: false, credit: .clean)
    }

    /// The exit leg of a crossing: reaches the recipient carrying `units`
    /// tainted units converted from the entry leg, plus whatever taint the
    /// service's side carried, at most the amount. `hops` is the recipient's
    /// hop count when tainted.
    public func processCrossingExit(_ leg: SwapLeg, units: Amount, hops: Int32) -> TransferTaint<Quantity> {
        step(from: leg.from, to: leg.to, amount: leg.amount, fee: leg.fee, marked: false, credit: .converted(units, hops: hops))
    }

    /// A DEX swap in one transaction: the entry leg, then the exit leg with the
    /// entry's taint c converted at the swap's own rate, ⌊c·y/x⌋ units.
    public func processSwap(give: SwapLeg, take: SwapLeg) -> (give: TransferTaint<Quantity>, take: TransferTaint<Quantity>, converted: Amount) {
        let hops = rec(give.from).pointee.hops
        let out = processCrossingEntry(give)
        let converted = SwapConversion.convert(out.carried.floorAmount, from: give.amount, to: take.amount)
        let back = processCrossingExit(take, units: converted, hops: hops == .max ? hops : hops + 1)
        return (out, back, converted)
    }

    /// How the recipient of a transfer is credited.
    enum Credit {
        /// With the units drawn from the sender (the contract's rule).
        case drawn
        /// Clean: the pool side of a swap.
        case clean
        /// With `units` tainted units converted from the other leg (plus the sender's carried taint).
        case converted(Amount, hops: Int32)
    }

    /// Dispatches a transfer to one of two copies of ``apply``. When the
    /// amount, the fee and both keys' balances fit 127 bits — nearly always —
    /// they are passed rebuilt with literal zero upper limbs, so the compiler
    /// sees three of five limbs as zero throughout the inlined policy code and
    /// drops their arithmetic. Anything wider takes the general copy. Both
    /// copies are the same code, so they cannot disagree.
    @inline(__always)
    private func step(from kf: Int, to kr: Int, amount x: Amount, fee φ: Amount, marked: Bool, credit: Credit) -> TransferTaint<Quantity> {
        precondition(kf < keyCount && kr < keyCount, "unknown ledger key")
        let f = rec(kf), t = rec(kr)
        if _fastPath(f.pointee.balance.isInline && t.pointee.balance.isInline && PackedAmount.fitsInline(x) && PackedAmount.fitsInline(φ)) {
            return apply(f, t, kr, amount: Amount(w0: x.w0, w1: x.w1, w2: 0, w3: 0), fee: Amount(w0: φ.w0, w1: φ.w1, w2: 0, w3: 0),
                         marked: marked, credit: credit, narrow: true)
        }
        return applyWide(f, t, kr, x.w0, x.w1, x.w2, x.w3, x.w4, φ.w0, φ.w1, φ.w2, φ.w3, φ.w4, marked: marked, credit: credit)
    }

    /// The general copy of ``apply``, out of the sweep's loop. It takes the
    /// amounts limb by limb (see ``WideTable/store(_:replacing:)``).
    @inline(never)
    private func applyWide(_ f: UnsafeMutablePointer<Record>, _ t: UnsafeMutablePointer<Record>, _ kr: Int,
                           _ x0: UInt64, _ x1: UInt64, _ x2: UInt64, _ x3: UInt64, _ x4: UInt64,
                           _ φ0: UInt64, _ φ1: UInt64, _ φ2: UInt64, _ φ3: UInt64, _ φ4: UInt64,
                           marked: Bool, credit: Credit) -> TransferTaint<Quantity> {
        apply(f, t, kr, amount: Amount(w0: x0, w1: x1, w2: x2, w3: x3, w4: x4), fee: Amount(w0: φ0, w1: φ1, w2: φ2, w3: φ3, w4: φ4),
              marked: marked, credit: credit, narrow: false)
    }

    /// A balance as an amount; with `narrow` (known inline), rebuilt so its
    /// upper limbs are literal zeros (see ``step``).
    @inline(__always)
    private func balance(of r: UnsafeMutablePointer<Record>, narrow: Bool) -> Amount {
        let p = r.pointee.balance
        if narrow {
            assert(p.isInline)
            return Amount(w0: p.lo, w1: p.hi, w2: 0, w3: 0)
        }
        return p.unpack(wide)
    }

    /// The contract's steps for one transfer: inject, draw, debit, credit.
    /// `narrow`: the amount, fee and both balances fit 127 bits (a self
    /// transfer's debit only lowers the shared balance, so the recipient's
    /// stays inline).
    @inline(__always)
    private func apply(_ f: UnsafeMutablePointer<Record>, _ t: UnsafeMutablePointer<Record>, _ kr: Int, amount x: Amount, fee φ: Amount,
                       marked: Bool, credit: Credit, narrow: Bool) -> TransferTaint<Quantity> {
        let d = x.saturatingAdd(φ)
        // 1. Injection of unknown prior balance.
        var bf = balance(of: f, narrow: narrow)
        if bf < d {
            let s = d - bf
            if !f.pointee.wholeBalanceSource { policy.inject(&f.pointee.state, shortfall: s, balance: bf) }
            bf = d
            f.pointee.injected = f.pointee.injected.adding(s, &wide)
        }
        // 2. Draw.
        let c: Quantity, φt: Quantity
        if f.pointee.wholeBalanceSource {
            c = Quantity(exact: x); φt = Quantity(exact: φ)
            policy.drawGenerated(amount: x)
            summary.created = summary.created.saturatingAdd(d)
        } else {
            let (drawn, drawnFee) = policy.draw(&f.pointee.state, amount: x, fee: φ, balance: bf)
            // Taint drawn is at most the units drawn: with them, below 2^127.
            (c, φt) = narrow ? (drawn.narrowed(), drawnFee.narrowed()) : (drawn, drawnFee)
        }
        // 3. Debit.
        f.pointee.balance = f.pointee.balance.replaced(by: bf - d, &wide)
        if !φ.isZero {
            f.pointee.feesPaid = f.pointee.feesPaid.adding(φ, &wide)
            if !φt.isZero { summary.feeSink = summary.feeSink + φt }
        }
        if !c.isZero || !φt.isZero { f.pointee.taintedSent = Quantity.add(c + φt, to: f.pointee.taintedSent, &wide) }
        let fromHops = f.pointee.hops
        // 4. Credit.
        let br = balance(of: t, narrow: narrow)
        let τ: Quantity
        var isMarked = false, absorbed = false
        if t.pointee.wholeBalanceSource {
            τ = c
            absorbed = true
            if !c.isZero {
                summary.absorbed = summary.absorbed + c
                if Policy.TaintedReceived.isDerived { absorbing = c; absorbIntoWholeBalanceSource(kr) }
            }
        } else if marked {
            isMarked = true
            τ = Quantity(exact: x)
            summary.created = summary.created.saturatingAdd(x)
            if !c.isZero { summary.reabsorbed = summary.reabsorbed + c }
            policy.creditMarked(&t.pointee.state, amount: x, balance: br)
            t.pointee.receivedSource = true
            if !x.isZero { t.pointee.hops = Swift.min(t.pointee.hops, 1) }
        } else {
            switch credit {
            case .drawn:
                τ = c
                policy.creditDrawn(&t.pointee.state, amount: x, carried: c, balance: br)
                if !c.isZero, fromHops != .max { t.pointee.hops = Swift.min(t.pointee.hops, fromHops + 1) }
            case .clean:
                τ = .zero
                policy.creditDrawn(&t.pointee.state, amount: x, carried: .zero, balance: br)
            case .converted(let units, let hops):
                let u = Swift.min(x, units.saturatingAdd(c.floorAmount))
                τ = Quantity(exact: u)
                if !u.isZero {
                    policy.creditMarked(&t.pointee.state, amount: u, balance: br)
                    t.pointee.hops = Swift.min(t.pointee.hops, hops)
                }
                if u < x { policy.creditDrawn(&t.pointee.state, amount: x - u, carried: .zero, balance: br.saturatingAdd(u)) }
            }
        }
        t.pointee.balance = t.pointee.balance.replaced(by: br.saturatingAdd(x), &wide)
        t.pointee.received = t.pointee.received.adding(x, &wide)
        if !τ.isZero { t.pointee.taintedReceived.add(τ, &wide) }
        return TransferTaint(tainted: τ, feeTainted: φt, carried: c, marked: isMarked, absorbed: absorbed)
    }

    /// Adds ``absorbing`` to a `whole_balance` source's tainted-received
    /// total (derived policies only). Rare, so kept out of the sweep's loop.
    @inline(never)
    private func absorbIntoWholeBalanceSource(_ key: Int) {
        wholeTaintedReceived[key] = (wholeTaintedReceived[key] ?? .zero) + absorbing
    }

    /// The taint key `key` holds now (for a `whole_balance` source: its balance).
    public func held(_ key: Int) -> Quantity {
        let r = record(key)
        let b = r.balance.unpack(wide)
        return r.wholeBalanceSource ? Quantity(exact: b) : policy.held(r.state, balance: b)
    }

    /// Σ held over keys that are not `whole_balance` sources.
    public func totalHeld() -> Quantity {
        var h = Quantity.zero
        for k in 0..<keyCount where !rec(k).pointee.wholeBalanceSource {
            let v = policy.held(rec(k).pointee.state, balance: rec(k).pointee.balance.unpack(wide))
            if !v.isZero { h = h + v }
        }
        return h
    }

    /// Σ balance of `whole_balance` source keys.
    public func wholeHeld() -> Amount {
        var h = Amount.zero
        for k in 0..<keyCount where rec(k).pointee.wholeBalanceSource { h = h.saturatingAdd(rec(k).pointee.balance.unpack(wide)) }
        return h
    }
}
