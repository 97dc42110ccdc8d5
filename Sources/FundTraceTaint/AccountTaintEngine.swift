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

/// The account-model taint engine of the contract (§3.7), generic over the
/// policy so each policy's inner loop is specialised.
///
/// Feed it transfers in the contract's total order through ``process``. Keys
/// are dense indices (see ``LedgerKeyTable``); per-key state grows with the
/// number of keys, never with the number of transfers. Each call is O(1)
/// except FIFO/LIFO draws, which are O(segments taken).
public struct AccountTaintEngine<Policy: AccountTaintPolicy> {
    public typealias Quantity = Policy.Quantity
    public private(set) var policy = Policy()
    public private(set) var balance: [Amount] = []
    public private(set) var injected: [Amount] = []
    public private(set) var received: [Amount] = []
    public private(set) var sent: [Amount] = []
    public private(set) var feesPaid: [Amount] = []
    public private(set) var taintedReceived: [Quantity] = []
    public private(set) var taintedSent: [Quantity] = []
    public private(set) var wholeBalance: [Bool] = []
    public private(set) var receivedSource: [Bool] = []
    /// Hops from the nearest source along tainted transfers (`Int32.max`: never reached).
    public private(set) var hops: [Int32] = []
    public private(set) var summary = TaintSummary<Quantity>()

    public init() {}

    public var keyCount: Int { balance.count }

    /// Registers key `key` (and any below it); `isWholeBalanceSource` marks a
    /// `whole_balance` source key, `isSource` an `address` source (hop 0).
    public mutating func addKey(_ key: Int, isWholeBalanceSource: Bool = false, isSource: Bool = false) {
        if key >= balance.count {
            let n = key + 1 - balance.count
            balance.append(contentsOf: repeatElement(.zero, count: n))
            injected.append(contentsOf: repeatElement(.zero, count: n))
            received.append(contentsOf: repeatElement(.zero, count: n))
            sent.append(contentsOf: repeatElement(.zero, count: n))
            feesPaid.append(contentsOf: repeatElement(.zero, count: n))
            taintedReceived.append(contentsOf: repeatElement(.zero, count: n))
            taintedSent.append(contentsOf: repeatElement(.zero, count: n))
            wholeBalance.append(contentsOf: repeatElement(false, count: n))
            receivedSource.append(contentsOf: repeatElement(false, count: n))
            hops.append(contentsOf: repeatElement(Int32.max, count: n))
            policy.reserveKeys(balance.count)
        }
        if isWholeBalanceSource { wholeBalance[key] = true; hops[key] = 0 }
        if isSource { hops[key] = 0 }
    }

    /// Processes one transfer (§3.7). `marked` is the source specification's
    /// verdict on it; keys must have been added.
    @inline(__always)
    public mutating func process(from kf: Int, to kr: Int, amount x: Amount, fee φ: Amount, marked: Bool) -> TransferTaint<Quantity> {
        let d = x.saturatingAdd(φ)
        // 1. Injection of unknown prior balance.
        var bf = balance[kf]
        if bf < d {
            let s = d - bf
            policy.inject(kf, shortfall: s, balance: bf)
            bf = d
            injected[kf] = injected[kf].saturatingAdd(s)
        }
        // 2. Draw.
        let c: Quantity, φt: Quantity
        if wholeBalance[kf] {
            c = Quantity(exact: x); φt = Quantity(exact: φ)
            policy.drawGenerated(amount: x)
            summary.created = summary.created.saturatingAdd(d)
        } else {
            (c, φt) = policy.draw(kf, amount: x, fee: φ, balance: bf)
        }
        // 3. Debit.
        balance[kf] = bf - d
        sent[kf] = sent[kf].saturatingAdd(x)
        if !φ.isZero {
            feesPaid[kf] = feesPaid[kf].saturatingAdd(φ)
            if !φt.isZero { summary.feeSink = summary.feeSink + φt }
        }
        if !c.isZero || !φt.isZero { taintedSent[kf] = taintedSent[kf] + c + φt }
        // 4. Credit.
        let br = balance[kr]
        let τ: Quantity
        var isMarked = false, absorbed = false
        if wholeBalance[kr] {
            τ = c
            absorbed = true
            if !c.isZero { summary.absorbed = summary.absorbed + c }
        } else if marked {
            isMarked = true
            τ = Quantity(exact: x)
            summary.created = summary.created.saturatingAdd(x)
            if !c.isZero { summary.reabsorbed = summary.reabsorbed + c }
            policy.creditMarked(kr, amount: x, balance: br)
            receivedSource[kr] = true
            if !x.isZero { hops[kr] = min(hops[kr], 1) }
        } else {
            τ = c
            policy.creditDrawn(kr, amount: x, carried: c, balance: br)
            if !c.isZero, hops[kf] != .max { hops[kr] = min(hops[kr], hops[kf] + 1) }
        }
        balance[kr] = br.saturatingAdd(x)
        received[kr] = received[kr].saturatingAdd(x)
        if !τ.isZero { taintedReceived[kr] = taintedReceived[kr] + τ }
        return TransferTaint(tainted: τ, feeTainted: φt, carried: c, marked: isMarked, absorbed: absorbed)
    }

    /// The taint key `key` holds now (for a `whole_balance` source: its balance).
    public func held(_ key: Int) -> Quantity {
        wholeBalance[key] ? Quantity(exact: balance[key]) : policy.held(key, balance: balance[key])
    }

    /// Σ held over keys that are not `whole_balance` sources.
    public func totalHeld() -> Quantity {
        var h = Quantity.zero
        for k in 0..<keyCount where !wholeBalance[k] {
            let v = policy.held(k, balance: balance[k])
            if !v.isZero { h = h + v }
        }
        return h
    }

    /// Σ balance of `whole_balance` source keys.
    public func wholeHeld() -> Amount {
        var h = Amount.zero
        for k in 0..<keyCount where wholeBalance[k] { h = h.saturatingAdd(balance[k]) }
        return h
    }
}
