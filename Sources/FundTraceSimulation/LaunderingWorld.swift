import Foundation
import FundTraceIngest
import FundTraceModel

/// The simulation behind ``LaunderingScenario``: randomised chains, services,
/// innocent users and one laundering operation, run on an event queue so
/// every address only spends what it holds.
final class LaunderingWorld {
    struct Chain {
        var name: String
        var native: String
        var stable: String
        var stableDecimals: Int
        var blockTime: Int64
        var firstBlock: UInt64
        /// The gas price most wallets use, in wei, and how much it varies.
        var baseGas: UInt64
        var exchanges: [(name: String, hot: String)] = []
        var dex = ""
        var bridge = ""
        var mixerPools: [(denomination: Amount, address: String)] = []
        var relayer = ""
    }

    struct Row {
        var chain: Int, time: Int64, seq: Int, tx: String, log: Int
        var from: String, to: String, asset: String, amount: Amount, fee: Amount?, gasPrice: UInt64?
    }

    let scale: LaunderingScenario.Scale
    var rng: SeededGenerator
    let queue = EventQueue()
    var chains: [Chain] = []
    var rows: [Row] = []
    var poolEvents: [(chain: Int, tx: String, pool: String, action: String, account: String, amount: Amount, gas: UInt64, time: Int64)] = []
    var labels: [(chain: Int, address: String, label: String, category: String)] = []
    var theft: [(chain: Int, tx: String, log: Int)] = []
    var attackers: [(chain: Int, address: String, role: String)] = []
    /// Per (chain, deposit address, asset): stolen value paid in and the number of such deposits.
    var cashouts: [String: (chain: Int, address: String, exchange: String, asset: String, amount: Amount, deposits: Int)] = [:]
    var victimCount = 0
    /// USD price of each native coin, by symbol (one price per symbol, whichever chains share it).
    var nativePrices: [String: Double] = [:]
    let t0: Int64
    let start: Int64, end: Int64

    // Randomised world parameters.
    let sweepDelay: ClosedRange<Int64>
    let bridgeRate: Double, bridgeMinUSD: Double, bridgeDelay: ClosedRange<Int64>
    let attackerOwnBridgeAddress: Double
    let relayerShare: Double
    let peelRatio: ClosedRange<Double>
    let peelHops: ClosedRange<Int>
    let customGasShare: Double
    /// The attacker's accounts per exchange, and the share of cash-outs into a new account instead.
    let attackerAccounts: Int
    let freshAccountShare: Double

    private var balances: [String: Amount] = [:]
    private var counter = 0
    private var seq = 0
    private var depositOwner: [String: (exchange: String, attacker: Bool)] = [:]
    private var accounts: [String: String] = [:]  // chain+owner+exchange → deposit address
    private var sweeping = Set<String>()

    init(seed: UInt64, scale: LaunderingScenario.Scale) {
        self.scale = scale
        // Seeds through one SplitMix step: SplitMix streams of nearby seeds are the same stream shifted.
        var mix = SeededGenerator(seed: seed ^ 0x4C41_554E_4452_5931)  // "LAUNDRY1"
        rng = SeededGenerator(seed: mix.next())
        t0 = 1_600_000_000 + Int64.random(in: 0...150_000_000, using: &rng)
        start = t0 - 2 * 86_400
        end = t0 + 12 * 86_400
        sweepDelay = 300...Int64.random(in: 3_600...(4 * 86_400), using: &rng)
        bridgeRate = Double.random(in: 0.0004...0.003, using: &rng)
        bridgeMinUSD = Double.random(in: 0.5...8, using: &rng)
        bridgeDelay = 60...Int64.random(in: 300...2_400, using: &rng)
        attackerOwnBridgeAddress = Double.random(in: 0.1...0.9, using: &rng)
        relayerShare = Double.random(in: 0.2...0.95, using: &rng)
        let lo = Double.random(in: 0.03...0.2, using: &rng)
        peelRatio = lo...(lo + Double.random(in: 0.05...0.3, using: &rng))
        peelHops = 1...Int.random(in: 2...7, using: &rng)
        customGasShare = Double.random(in: 0...0.5, using: &rng)
        attackerAccounts = Int.random(in: 1...6, using: &rng)
        freshAccountShare = Double.random(in: 0...0.8, using: &rng)
    }

    func parameterSummary() -> [String: String] {
        ["sweep_delay_max_s": "\(sweepDelay.upperBound)", "bridge_rate": String(format: "%.4f", bridgeRate),
         "bridge_min_fee_usd": String(format: "%.2f", bridgeMinUSD), "bridge_delay_max_s": "\(bridgeDelay.upperBound)",
         "attacker_bridges_to_own_address": String(format: "%.2f", attackerOwnBridgeAddress),
         "relayer_share": String(format: "%.2f", relayerShare),
         "peel_ratio": String(format: "%.2f-%.2f", peelRatio.lowerBound, peelRatio.upperBound),
         "peel_hops_max": "\(peelHops.upperBound)", "custom_gas_share": String(format: "%.2f", customGasShare),
         "attacker_accounts_per_exchange": "\(attackerAccounts)", "fresh_account_share": String(format: "%.2f", freshAccountShare),
         "stable_decimals": chains.map { "\($0.name)=\($0.stableDecimals)" }.joined(separator: " ")]
    }

    // MARK: Addresses, amounts

    func newAddress() -> String {
        counter += 1
        var bytes = (0..<20).map { _ in UInt8.random(in: 0...255, using: &rng) }
        bytes[0] = UInt8(truncatingIfNeeded: counter >> 16); bytes[1] = UInt8(truncatingIfNeeded: counter >> 8); bytes[2] = UInt8(truncatingIfNeeded: counter)
        return "0x" + bytes.map { String(format: "%02x", $0) }.joined()
    }

    func newHash() -> String { "0x" + (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &rng)) }.joined() }

    /// Price in USD and decimals of `asset` on chain `c`: the stablecoin, or a native coin (its own or one bridged in
    /// under its symbol, with 18 decimals).
    func priceAndDecimals(_ c: Int, _ asset: String) -> (price: Double, decimals: Int) {
        if asset == chains[c].stable { return (1, chains[c].stableDecimals) }
        return (nativePrices[asset] ?? 1, 18)
    }

    func units(_ c: Int, _ asset: String, usd: Double) -> Amount {
        let (price, decimals) = priceAndDecimals(c, asset)
        let micro = UInt64(max(0, (usd / price * 1_000_000).rounded()))
        return BridgeScale.times(Amount(micro), tenTo: decimals - 6)
    }

    func usd(_ c: Int, _ asset: String, _ a: Amount) -> Double {
        let (price, decimals) = priceAndDecimals(c, asset)
        return a.doubleValue / pow(10, Double(decimals)) * price
    }

    func balance(_ c: Int, _ address: String, _ asset: String) -> Amount { balances["\(c)|\(address)|\(asset)"] ?? .zero }

    func credit(_ c: Int, _ address: String, _ asset: String, _ a: Amount) {
        balances["\(c)|\(address)|\(asset)"] = balance(c, address, asset) + a
    }

    private func debit(_ c: Int, _ address: String, _ asset: String, _ a: Amount) -> Bool {
        let b = balance(c, address, asset)
        guard !(b < a) else { return false }
        balances["\(c)|\(address)|\(asset)"] = b - a
        return true
    }

    func gasPrice(_ c: Int, custom: Bool = false) -> UInt64 {
        let base = chains[c].baseGas
        if custom { return base + UInt64.random(in: 1...999_999, using: &rng) * 1_000 + 7 }
        return base / 10 * UInt64.random(in: 8...14, using: &rng)
    }

    // MARK: Moving value

    /// One transaction of `legs` (from, to, asset, amount) at the queue's time; the first leg's sender pays the fee in
    /// native units when it moves the native asset. Returns the hash, or nil when a sender cannot pay.
    @discardableResult
    func transact(_ c: Int, _ legs: [(from: String, to: String, asset: String, amount: Amount)], gas: UInt64? = nil) -> String? {
        let gp = gas ?? gasPrice(c)
        let fee = Amount(gp).multipliedReportingOverflow(by: 21_000).partialValue
        var paid: [(Int, String, String, Amount)] = []
        for (i, l) in legs.enumerated() {
            let cost = i == 0 && l.asset == chains[c].native ? l.amount + fee : l.amount
            guard !l.amount.isZero, debit(c, l.from, l.asset, cost) else {
                for p in paid { credit(p.0, p.1, p.2, p.3) }
                return nil
            }
            paid.append((c, l.from, l.asset, cost))
        }
        let tx = newHash()
        seq += 1
        for (i, l) in legs.enumerated() {
            credit(c, l.to, l.asset, l.amount)
            let nativeFirst = i == 0 && l.asset == chains[c].native
            rows.append(Row(chain: c, time: queue.now, seq: seq, tx: tx, log: i, from: l.from, to: l.to, asset: l.asset, amount: l.amount,
                            fee: nativeFirst ? fee : nil, gasPrice: gp))
            if depositOwner[key(c, l.to)] != nil { scheduleSweep(c, l.to, l.asset) }
        }
        return tx
    }

    @discardableResult
    func send(_ c: Int, _ from: String, _ to: String, _ asset: String, _ amount: Amount, gas: UInt64? = nil) -> String? {
        transact(c, [(from, to, asset, amount)], gas: gas)
    }

    /// All of `asset` that `from` holds (native: less the fee).
    @discardableResult
    func sendAll(_ c: Int, _ from: String, _ to: String, _ asset: String, gas: UInt64? = nil) -> (tx: String, amount: Amount)? {
        let gp = gas ?? gasPrice(c)
        var a = balance(c, from, asset)
        if asset == chains[c].native {
            let fee = Amount(gp).multipliedReportingOverflow(by: 21_000).partialValue
            guard fee < a else { return nil }
            a -= fee
        }
        return send(c, from, to, asset, a, gas: gp).map { ($0, a) }
    }

    func key(_ c: Int, _ address: String) -> String { "\(c)|\(address)" }

    func open(_ c: Int, _ address: String, usd: Double) {
        for a in [chains[c].native, chains[c].stable] { credit(c, address, a, units(c, a, usd: usd)) }
    }

    func later(_ range: ClosedRange<Int64>, _ run: @escaping () -> Void) { queue.at(queue.now + Int64.random(in: range, using: &rng), run) }

    // MARK: Exchanges

    func depositAddress(_ c: Int, owner: String, exchange: Int, attacker: Bool) -> String {
        let k = "\(c)|\(owner)|\(exchange)"
        if let d = accounts[k] { return d }
        let d = newAddress()
        accounts[k] = d
        depositOwner[key(c, d)] = (chains[c].exchanges[exchange].name, attacker)
        return d
    }

    /// The exchange sweeps a deposit address's `asset` to its hot wallet after a delay (a gas top-up first for tokens).
    func scheduleSweep(_ c: Int, _ deposit: String, _ asset: String) {
        let k = "\(c)|\(deposit)|\(asset)"
        guard sweeping.insert(k).inserted, let owner = depositOwner[key(c, deposit)],
              let hot = chains[c].exchanges.first(where: { $0.name == owner.exchange })?.hot else { return }
        later(sweepDelay) { [self] in
            sweeping.remove(k)
            if asset != chains[c].native, balance(c, deposit, chains[c].native) < units(c, chains[c].native, usd: 2) {
                send(c, hot, deposit, chains[c].native, units(c, chains[c].native, usd: 3))
            }
            sendAll(c, deposit, hot, asset)
        }
    }

    func withdraw(_ c: Int, to: String, asset: String, usd: Double) {
        let e = chains[c].exchanges.randomElement(using: &rng)!
        send(c, e.hot, to, asset, units(c, asset, usd: usd))
    }

    /// Pays into `owner`'s account at exchange `e`, recording stolen cash-outs.
    func cashOut(_ c: Int, _ from: String, exchange e: Int, asset: String, amount: Amount, attacker: Bool) {
        let owner = !attacker ? from : rng.chance(freshAccountShare) ? newAddress() : "attacker\(Int.random(in: 0..<attackerAccounts, using: &rng))"
        let d = depositAddress(c, owner: owner, exchange: e, attacker: attacker)
        guard send(c, from, d, asset, amount) != nil, attacker else { return }
        let k = "\(c)|\(d)|\(asset)"
        var entry = cashouts[k] ?? (c, d, chains[c].exchanges[e].name, asset, .zero, 0)
        entry.amount = entry.amount + amount
        entry.deposits += 1
        cashouts[k] = entry
    }

    // MARK: DEX, bridge, mixer

    /// Swaps `amount` of `asset` for the chain's other asset at the pool; returns what came back.
    @discardableResult
    func swap(_ c: Int, _ trader: String, _ asset: String, _ amount: Amount) -> Amount? {
        let ch = chains[c]
        let other = asset == ch.native ? ch.stable : ch.native
        let out = units(c, other, usd: usd(c, asset, amount) * 0.997)
        return transact(c, [(trader, ch.dex, asset, amount), (ch.dex, trader, other, out)]) != nil ? out : nil
    }

    /// Bridges `amount` of `asset` from chain `c` to chain `d`, paid out to `recipient` after a delay, less the fee.
    func bridge(_ c: Int, _ from: String, _ asset: String, _ amount: Amount, to d: Int, recipient: String,
                then: ((Amount) -> Void)? = nil) {
        guard send(c, from, chains[c].bridge, asset, amount) != nil else { return }
        // A native coin arrives as a token of the same symbol (wrapped or pegged), a stablecoin as the destination's.
        let dstAsset = asset == chains[c].native ? chains[c].native : chains[d].stable
        let value = usd(c, asset, amount)
        let fee = max(value * bridgeRate, bridgeMinUSD)
        guard value > fee * 1.5 else { return }
        let out = units(d, dstAsset, usd: value - fee)
        later(bridgeDelay) { [self] in
            if send(d, chains[d].bridge, recipient, dstAsset, out) != nil { then?(out) }
        }
    }

    /// One deposit of a pool's denomination and, after `delay`, its withdrawal to `recipient` (through the relayer or not).
    func mix(_ c: Int, _ from: String, pool: Int, recipient: String, delay: ClosedRange<Int64>, gas: UInt64? = nil, then: ((Amount) -> Void)? = nil) {
        let p = chains[c].mixerPools[pool]
        let g = gas ?? gasPrice(c)
        guard let tx = send(c, from, p.address, chains[c].native, p.denomination, gas: g) else { return }
        poolEvents.append((c, tx, p.address, "deposit", from, p.denomination, g, queue.now))
        let withdrawalGas = gas ?? gasPrice(c)
        later(delay) { [self] in
            let native = chains[c].native
            if rng.chance(relayerShare) {
                let fee = p.denomination.quotientAndRemainder(dividingBy: 200).quotient
                let net = p.denomination - fee
                guard let w = transact(c, [(p.address, recipient, native, net), (p.address, chains[c].relayer, native, fee)], gas: withdrawalGas) else { return }
                poolEvents.append((c, w, p.address, "withdrawal", recipient, net, withdrawalGas, queue.now))
                then?(net)
            } else {
                guard let w = transact(c, [(p.address, recipient, native, p.denomination)], gas: withdrawalGas) else { return }
                poolEvents.append((c, w, p.address, "withdrawal", recipient, p.denomination, withdrawalGas, queue.now))
                then?(p.denomination)
            }
        }
    }
}

/// Exact powers of ten for amounts.
enum BridgeScale {
    static func times(_ a: Amount, tenTo n: Int) -> Amount {
        var v = a
        if n >= 0 { for _ in 0..<n { v = v.multipliedReportingOverflow(by: 10).partialValue } }
        else { for _ in 0..<(-n) { v = v.quotientAndRemainder(dividingBy: 10).quotient } }
        return v
    }
}
