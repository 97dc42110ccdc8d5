import Foundation
import FundTraceIngest
import FundTraceModel
import FundTraceCSV

/// A seeded, synthetic reconstruction of the June 2024 CoinStats theft: 1,590
/// wallets on three EVM chains drained of about $2.2M from 18:00 UTC on 22 June
/// 2024, laundered through consolidation, DEX swaps, splits, peel chains, a
/// Tornado-like mixer and a bridge, and cashed out into exchange deposit
/// addresses — inside innocent traffic several times larger.
///
/// Writes, into a case folder: `<chain>/` ethereum-etl CSV per chain,
/// `labels.csv` (the synthetic services only: exchange hot wallets, DEX pools,
/// mixer pools, bridges — not deposit addresses, not the attacker),
/// `sources.csv` (the theft transfers, in the taint contract's §3.5 format), `prices.csv` (the daily USD prices
/// the case was valued at)
/// and `truth/` (``GroundTruth``).
public struct CoinStatsScenario: Sendable {
    public enum Scale: String, Sendable, CaseIterable {
        /// About 20 k transactions: the instance shipped in `Datasets/coinstats-2024`.
        case small
        /// About 1 M transfers.
        case medium
        /// About 10 M transfers, for benchmarks.
        case large

        /// Innocent users on each chain, and actions per user.
        var background: (users: Int, actions: Int) {
            switch self {
            case .small: return (700, 4)
            case .medium: return (40_000, 9)
            case .large: return (400_000, 9)
            }
        }
    }

    /// What a generated case holds.
    public struct Summary: Sendable, Codable {
        public var seed: UInt64
        public var scale: String
        public var victims: Int
        public var stolenUSD: Double
        public var transactions: [String: Int]
        public var transfers: [String: Int]
        public var theftTransfers: Int
        public var attackerAddresses: Int
        public var cashoutAddresses: Int
    }

    public var seed: UInt64
    public var scale: Scale
    /// Called now and then with a line saying what is being generated.
    public var progress: (@Sendable (String) -> Void)?

    public init(seed: UInt64 = 2024, scale: Scale = .small) { self.seed = seed; self.scale = scale }

    /// 2024-06-22 18:00 UTC, when the draining began.
    public static let theftStart: Int64 = 1_719_079_200

    public func generate(to dir: String) throws -> Summary {
        let world = CoinStatsWorld(seed: seed, scale: scale, progress: progress)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try world.build(writingTo: dir)
        progress?("writing \(dir)")
        try world.writeLabels(to: (dir as NSString).appendingPathComponent("labels.csv"))
        try world.writeSources(to: (dir as NSString).appendingPathComponent("sources.csv"))
        try world.writePrices(to: (dir as NSString).appendingPathComponent("prices.csv"))
        let truth = world.truth()
        try truth.write(to: (dir as NSString).appendingPathComponent("truth"))
        let summary = Summary(seed: seed, scale: scale.rawValue, victims: world.victimCount, stolenUSD: world.stolenUSD.rounded(),
                              transactions: Dictionary(uniqueKeysWithValues: world.chains.map { ($0.name, $0.transactionCount) }),
                              transfers: Dictionary(uniqueKeysWithValues: world.chains.map { ($0.name, $0.transferCount) }),
                              theftTransfers: world.theftTransfers.count, attackerAddresses: truth.attackers.count,
                              cashoutAddresses: Set(truth.cashouts.map { $0.chain + $0.address }).count)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        try encoder.encode(summary).write(to: URL(fileURLWithPath: (dir as NSString).appendingPathComponent("truth/summary.json")))
        return summary
    }
}

/// The simulation itself: actors, their balances and the event timeline.
final class CoinStatsWorld {
    let scale: CoinStatsScenario.Scale
    let progress: (@Sendable (String) -> Void)?
    var rng: SeededGenerator
    let queue = EventQueue()
    var chains: [SimulatedChain] = []
    let t0 = CoinStatsScenario.theftStart
    lazy var windowStart = t0 - 3 * 86_400
    lazy var windowEnd = t0 + 14 * 86_400

    /// USD prices at the time of the theft.
    let priceUSD: [String: Double] = ["ETH": 3_500, "BNB": 590, "MATIC": 0.57, "USDT": 1, "USDC": 1]
    static let exchanges = ["Northwind Exchange", "Kestrel Exchange", "Bluefin Exchange", "Orca Exchange"]

    struct Services {
        var hotWallets: [String: String] = [:]  // exchange → address
        var dexPool = ""
        var mixerPools: [(denomination: Amount, address: String)] = []
        var relayer = ""
        var bridge = ""
        var merchant = ""
    }
    var services: [String: Services] = [:]
    var labels: [(chain: String, address: String, label: String, category: String)] = []

    // Ground truth.
    var attackerRoles: [(chain: String, address: String, role: String)] = []
    var cashouts: [String: (chain: String, address: String, exchange: String, asset: String, amount: Amount, deposits: Int)] = [:]
    var theftTransfers: [(chain: String, hash: String, asset: String)] = []
    var victimCount = 0
    var stolenUSD = 0.0

    private var counters: [String: Int] = [:]
    /// Deposit address of (chain, owner, exchange).
    private var depositAddresses: [String: String] = [:]
    /// Exchange of each deposit address.
    private var depositExchange: [String: String] = [:]
    private var sweepPending: Set<String> = []

    init(seed: UInt64, scale: CoinStatsScenario.Scale, progress: (@Sendable (String) -> Void)?) {
        self.rng = SeededGenerator(seed: seed)
        self.scale = scale
        self.progress = progress
    }

    // MARK: Addresses, amounts, gas

    /// A fresh, visibly synthetic address: a readable role tag, a counter, zeros.
    func newAddress(_ tag: String) -> String {
        let n = counters[tag, default: 0] + 1
        counters[tag] = n
        return "0x" + (tag + String(n, radix: 16).leftPadded(to: 6)).rightPadded(to: 40)
    }

    func chain(_ name: String) -> SimulatedChain { chains.first { $0.name == name }! }

    func decimals(_ chain: SimulatedChain, _ asset: String) -> Int {
        asset == chain.native ? 18 : chain.tokens.first { $0.contract == asset }!.decimals
    }

    func symbol(_ chain: SimulatedChain, _ asset: String) -> String {
        asset == chain.native ? chain.native : chain.tokens.first { $0.contract == asset }!.symbol
    }

    /// `usd` dollars of `asset` in base units.
    func units(_ chain: SimulatedChain, _ asset: String, usd: Double) -> Amount {
        let price = priceUSD[symbol(chain, asset)]!
        let whole = usd / price
        let d = decimals(chain, asset)
        // Keep 6 significant fractional digits, then scale exactly.
        let micro = UInt64(max(0, (whole * 1_000_000).rounded()))
        var a = Amount(micro)
        for _ in 0..<(d - 6) { a = a.multipliedReportingOverflow(by: 10).partialValue }
        return a
    }

    func usd(_ chain: SimulatedChain, _ asset: String, _ amount: Amount) -> Double {
        amount.doubleValue / pow(10, Double(decimals(chain, asset))) * priceUSD[symbol(chain, asset)]!
    }

    /// `amount × num / den`, exactly (floor).
    func share(_ amount: Amount, _ num: UInt64, _ den: UInt64) -> Amount {
        amount.multipliedReportingOverflow(by: num).partialValue.quotientAndRemainder(dividingBy: den).quotient
    }

    func gasPrice(_ chain: SimulatedChain) -> UInt64 {
        switch chain.name {
        case "ethereum": return UInt64(Int.random(in: 30...140, using: &rng)) * 100_000_000  // 3–14 gwei
        case "bsc": return rng.chance(0.8) ? 3_000_000_000 : 5_000_000_000
        default: return UInt64(Int.random(in: 30...90, using: &rng)) * 1_000_000_000
        }
    }

    func time(in range: ClosedRange<Int64>) -> Int64 { Int64.random(in: range, using: &rng) }

    // MARK: Moving value

    /// Sends `amount` of `asset` (native or token) and returns the hash, or nil when the sender cannot pay.
    @discardableResult
    func send(_ c: SimulatedChain, from: String, to: String, asset: String, amount: Amount, gasPrice gp: UInt64? = nil) -> String? {
        guard !amount.isZero else { return nil }
        let gp = gp ?? gasPrice(c)
        if asset == c.native { return c.transact(at: queue.now, from: from, to: to, value: amount, gasPrice: gp) }
        return c.transact(at: queue.now, from: from, to: asset, gas: 52_000, gasPrice: gp, input: "0xa9059cbb",
                          tokens: [.init(asset: asset, from: from, to: to, value: amount)])
    }

    /// Sends all of `asset` (the native coin less the fee).
    @discardableResult
    func sendAll(_ c: SimulatedChain, from: String, to: String, asset: String, gasPrice gp: UInt64? = nil) -> (hash: String, amount: Amount)? {
        let gp = gp ?? gasPrice(c)
        var amount = c.balance(from, asset)
        if asset == c.native {
            let fee = SimulatedChain.fee(gas: 21_000, gasPrice: gp)
            guard fee < amount else { return nil }
            amount -= fee
        }
        return send(c, from: from, to: to, asset: asset, amount: amount, gasPrice: gp).map { ($0, amount) }
    }

    /// Makes sure `address` can pay gas for a few transactions (the exchange or funder tops it up).
    func ensureGas(_ c: SimulatedChain, _ address: String, from funder: String) {
        let need = SimulatedChain.fee(gas: 60_000, gasPrice: 150_000_000_000)
        if c.balance(address, c.native) < need { send(c, from: funder, to: address, asset: c.native, amount: need + need) }
    }

    // MARK: Exchanges

    /// The deposit address `owner` uses at `exchange` on `c` (created on first use).
    func depositAddress(_ c: SimulatedChain, owner: String, exchange: String) -> String {
        let key = c.name + owner + exchange
        if let d = depositAddresses[key] { return d }
        let d = newAddress("de9051")
        depositAddresses[key] = d
        depositExchange[c.name + d] = exchange
        return d
    }

    /// Pays into a deposit address and schedules the exchange's sweep to its hot wallet.
    @discardableResult
    func deposit(_ c: SimulatedChain, from: String, to deposit: String, asset: String, amount: Amount, gasPrice: UInt64? = nil) -> String? {
        guard let h = send(c, from: from, to: deposit, asset: asset, amount: amount, gasPrice: gasPrice) else { return nil }
        let key = c.name + deposit + asset
        if !sweepPending.contains(key) {
            sweepPending.insert(key)
            let hot = services[c.name]!.hotWallets[depositExchange[c.name + deposit]!]!
            queue.at(queue.now + time(in: 600...6 * 3600)) { [self] in
                sweepPending.remove(key)
                if asset != c.native { ensureGas(c, deposit, from: hot) }
                sendAll(c, from: deposit, to: hot, asset: asset)
            }
        }
        return h
    }

    /// An exchange withdrawal of `usd` dollars of `asset` to `to`.
    func withdraw(_ c: SimulatedChain, to: String, asset: String, usd: Double) {
        let exchange = Self.exchanges.randomElement(using: &rng)!
        send(c, from: services[c.name]!.hotWallets[exchange]!, to: to, asset: asset, amount: units(c, asset, usd: usd))
    }

    // MARK: The world

    /// Runs the case, streaming each chain's transactions into `dir/<chain>/`.
    func build(writingTo dir: String) throws {
        setUpChains()
        for c in chains { try c.startWriting(to: (dir as NSString).appendingPathComponent(c.name)) }
        progress?("victims and the theft")
        let victims = setUpVictims()
        for c in chains { scheduleAttack(c, victims: victims[c.name]!) }
        progress?("innocent background traffic")
        for c in chains { scheduleBackground(c) }
        progress?("running \(scale.rawValue) simulation")
        queue.runAll()
        for c in chains { try c.finishWriting() }
    }

    func setUpChains() {
        let specs: [(String, String, Int64, UInt64, String)] = [
            ("ethereum", "ETH", 12, 20_150_000, "c0157a75e7"),
            ("bsc", "BNB", 3, 39_800_000, "c0157a75b5"),
            ("polygon", "MATIC", 2, 58_400_000, "c0157a7590"),
        ]
        let chainStart = t0 - 4 * 86_400
        for (name, native, blockTime, blockAtTheft, tag) in specs {
            let c = SimulatedChain(name: name, nativeSymbol: native, blockTime: blockTime,
                                   firstBlock: blockAtTheft - UInt64(4 * 86_400 / blockTime), firstTime: chainStart, hashTag: tag)
            let stableDecimals = name == "bsc" ? 18 : 6
            for (sym, full) in [("USDT", "Tether USD"), ("USDC", "USD Coin")] {
                c.addToken(.init(contract: newAddress(sym == "USDT" ? "70ce0057" : "70ce005c"),
                                 symbol: sym, name: "\(full) (FundTrace synthetic)", decimals: stableDecimals))
            }
            chains.append(c)
            var s = Services()
            for (i, e) in Self.exchanges.enumerated() {
                let hot = newAddress("e8c4a9")
                s.hotWallets[e] = hot
                labels.append((name, hot, "\(e): Hot Wallet \(i + 1)", "exchange"))
                open(c, hot, usd: 1_000_000 + 5_000 * Double(scale.background.users))
            }
            s.dexPool = newAddress("dec5")
            labels.append((name, s.dexPool, "SynthSwap: USDT/USDC/\(native) pool", "dex"))
            open(c, s.dexPool, usd: 50_000_000)
            s.bridge = newAddress("b21d9e")
            labels.append((name, s.bridge, "Skyway Bridge: \(name) vault", "bridge"))
            open(c, s.bridge, usd: 50_000_000)
            s.merchant = newAddress("c0ffee")
            if name == "ethereum" {
                for d in [1, 10, 100, 1_000] {
                    let pool = newAddress("3133e2")
                    let denomination = share(Amount(1_000_000_000_000_000_000), UInt64(d), 10)
                    s.mixerPools.append((denomination, pool))
                    labels.append((name, pool, "Tornado-like Mixer: \(d == 1 ? "0.1" : String(d / 10)) ETH pool", "mixer"))
                    c.open(pool, c.native, denomination.multipliedReportingOverflow(by: 40).partialValue)
                }
                s.relayer = newAddress("7e1a4e")
                open(c, s.relayer, usd: 100 * Double(scale.background.users), assets: [c.native])
            }
            services[name] = s
        }
    }

    func open(_ c: SimulatedChain, _ address: String, usd: Double, assets: [String]? = nil) {
        for a in assets ?? ([c.native] + c.tokens.map(\.contract)) { c.open(address, a, units(c, a, usd: usd)) }
    }

    // MARK: Victims and the attack

    struct Victim { var address: String; var native: Amount; var tokens: [(String, Amount)] }

    func setUpVictims() -> [String: [Victim]] {
        let split = [("ethereum", 950, 0.62), ("bsc", 400, 0.5), ("polygon", 240, 0.3)]
        victimCount = split.reduce(0) { $0 + $1.1 }
        // Wallet values: log-normal, scaled to $2.2M in all.
        var values = (0..<victimCount).map { _ in rng.logNormal(median: 400, sigma: 1.4) }
        let scaleBy = 2_200_000 / values.reduce(0, +)
        values = values.map { max(15, $0 * scaleBy) }
        var out: [String: [Victim]] = [:]
        var k = 0
        for (name, count, nativeShare) in split {
            let c = chain(name)
            for _ in 0..<count {
                let value = values[k]; k += 1
                let address = newAddress("71c7")
                let nativeUSD = max(6, value * (rng.chance(0.25) ? 0.05 : nativeShare))
                var v = Victim(address: address, native: units(c, c.native, usd: nativeUSD), tokens: [])
                if value - nativeUSD > 1 {
                    let token = c.tokens.randomElement(using: &rng)!.contract
                    v.tokens.append((token, units(c, token, usd: value - nativeUSD)))
                }
                stolenUSD += value
                // Bought on an exchange in the days before.
                queue.at(time(in: windowStart...(t0 - 3_600))) { [self] in
                    let hot = services[name]!.hotWallets[Self.exchanges.randomElement(using: &rng)!]!
                    send(c, from: hot, to: address, asset: c.native, amount: v.native)
                    for (token, amount) in v.tokens { send(c, from: hot, to: address, asset: token, amount: amount) }
                }
                out[name, default: []].append(v)
            }
        }
        return out
    }

    func attacker(_ c: SimulatedChain, _ role: String) -> String {
        let a = newAddress("a77ac4")
        attackerRoles.append((c.name, a, role))
        return a
    }

    /// The attacker pays a deposit address of one of its exchange accounts.
    func cashOut(_ c: SimulatedChain, from: String, asset: String, amount: Amount, accounts: [String], gasPrice: UInt64? = nil) {
        let owner = accounts.randomElement(using: &rng)!
        let exchange = Self.exchanges.randomElement(using: &rng)!
        let d = depositAddress(c, owner: owner, exchange: exchange)
        guard deposit(c, from: from, to: d, asset: asset, amount: amount, gasPrice: gasPrice) != nil else { return }
        let key = c.name + d + asset
        var r = cashouts[key] ?? (c.name, d, exchange, asset, .zero, 0)
        r.amount += amount
        r.deposits += 1
        cashouts[key] = r
    }

    func scheduleAttack(_ c: SimulatedChain, victims: [Victim]) {
        let s = services[c.name]!
        let isEth = c.name == "ethereum"
        // The attacker's exchange accounts (each has its own deposit address per exchange).
        let accounts = (0..<(isEth ? 6 : 3)).map { "attacker account \($0 + 1) on \(c.name)" }
        let funder = attacker(c, "funder")
        let drainers = (0..<(isEth ? 4 : 3)).map { _ in attacker(c, "drainer") }
        let consolidator = attacker(c, "consolidator")
        // Gas funding: an exchange withdrawal to the funder, which funds the drainers.
        queue.at(t0 - 6 * 3_600) { [self] in withdraw(c, to: funder, asset: c.native, usd: 900) }
        queue.at(t0 - 5 * 3_600) { [self] in
            for d in drainers { send(c, from: funder, to: d, asset: c.native, amount: units(c, c.native, usd: 120)) }
        }
        // The drain: tokens first (the victim pays the gas), then the rest of the native coin.
        for v in victims {
            let drainer = drainers.randomElement(using: &rng)!
            queue.at(time(in: t0...(t0 + 3 * 3_600))) { [self] in
                for (token, _) in v.tokens {
                    let amount = c.balance(v.address, token)
                    if let h = send(c, from: v.address, to: drainer, asset: token, amount: amount) { theftTransfers.append((c.name, h, token)) }
                }
                if let (h, _) = sendAll(c, from: v.address, to: drainer, asset: c.native) { theftTransfers.append((c.name, h, c.native)) }
            }
        }
        // Consolidation.
        for d in drainers {
            queue.at(time(in: (t0 + 3 * 3_600 + 600)...(t0 + 5 * 3_600))) { [self] in
                for t in c.tokens { sendAll(c, from: d, to: consolidator, asset: t.contract) }
                sendAll(c, from: d, to: consolidator, asset: c.native)
            }
        }
        // Bridge (BSC stablecoins to Ethereum), before the swaps.
        if c.name == "bsc" {
            queue.at(t0 + 5 * 3_600 + 1_800) { [self] in scheduleBridge(from: c, consolidator: consolidator) }
        }
        // Swaps of the stablecoins to the native coin, in a few chunks.
        queue.at(t0 + 6 * 3_600) { [self] in
            for t in c.tokens {
                let total = c.balance(consolidator, t.contract)
                let chunks = UInt64(Int.random(in: 2...4, using: &rng))
                for i in 0..<chunks {
                    queue.at(queue.now + Int64(i) * 900 + time(in: 0...600)) { [self] in
                        let amount = i == chunks - 1 ? c.balance(consolidator, t.contract) : share(total, 1, chunks)
                        swap(c, trader: consolidator, give: t.contract, amount: amount, get: c.native)
                    }
                }
            }
        }
        // Splits, then peel chains (and, on Ethereum, the mixer).
        queue.at(t0 + 8 * 3_600) { [self] in
            let total = share(c.balance(consolidator, c.native), 99, 100)  // the rest pays the fees
            let n = isEth ? 7 : 4
            var weights = (0..<n).map { _ in Double.random(in: 0.5...1.5, using: &rng) }
            if isEth { weights[0] = weights.reduce(0, +) * 0.25 }  // the mixer's share
            let sum = weights.reduce(0, +)
            for (i, w) in weights.enumerated() {
                let split = attacker(c, "split")
                let amount = share(total, UInt64(w / sum * 1_000_000), 1_000_000)
                queue.at(queue.now + Int64(i) * 300) { [self] in
                    guard send(c, from: consolidator, to: split, asset: c.native, amount: amount) != nil else { return }
                    if isEth && i == 0 {
                        queue.at(queue.now + time(in: 3_600...86_400)) { [self] in scheduleMixer(c, depositor: split, accounts: accounts) }
                    } else {
                        if isEth && i == 1 {
                            // A purchase from an innocent merchant: stolen value reaches innocent hands.
                            send(c, from: split, to: s.merchant, asset: c.native, amount: units(c, c.native, usd: 2_500))
                        }
                        queue.at(queue.now + time(in: 600...7_200)) { [self] in peel(c, from: split, hops: Int.random(in: 3...7, using: &rng), accounts: accounts) }
                    }
                }
            }
        }
    }

    /// A peel chain: each hop pays part to a deposit address and passes the rest on.
    func peel(_ c: SimulatedChain, from: String, hops: Int, accounts: [String]) {
        let balance = c.balance(from, c.native)
        guard hops > 0 else {
            // The end of the chain: cash out everything, or keep it.
            if rng.chance(0.7) {
                let fee = SimulatedChain.fee(gas: 21_000, gasPrice: 150_000_000_000)
                if fee < balance { cashOut(c, from: from, asset: c.native, amount: balance - fee, accounts: accounts) }
            }
            return
        }
        let part = share(balance, UInt64(Int.random(in: 10...30, using: &rng)), 100)
        cashOut(c, from: from, asset: c.native, amount: part, accounts: accounts)
        let next = attacker(c, "peel_hop")
        queue.at(queue.now + time(in: 300...3_600)) { [self] in
            guard sendAll(c, from: from, to: next, asset: c.native) != nil else { return }
            queue.at(queue.now + time(in: 600...6 * 3_600)) { [self] in peel(c, from: next, hops: hops - 1, accounts: accounts) }
        }
    }

    /// A DEX swap through the chain's pool: `give` in, `get` out, in one transaction.
    func swap(_ c: SimulatedChain, trader: String, give: String, amount: Amount, get: String) {
        let pool = services[c.name]!.dexPool
        let out = units(c, get, usd: usd(c, give, amount) * 0.997)
        guard !amount.isZero, !out.isZero else { return }
        let gp = gasPrice(c)
        if give == c.native {
            c.transact(at: queue.now, from: trader, to: pool, value: amount, gas: 150_000, gasPrice: gp, input: "0x7ff36ab5",
                       tokens: [.init(asset: get, from: pool, to: trader, value: out)])
        } else if get == c.native {
            c.transact(at: queue.now, from: trader, to: pool, gas: 150_000, gasPrice: gp, input: "0x18cbafe5",
                       tokens: [.init(asset: give, from: trader, to: pool, value: amount)],
                       internal: [.init(asset: c.native, from: pool, to: trader, value: out)])
        } else {
            c.transact(at: queue.now, from: trader, to: pool, gas: 150_000, gasPrice: gp, input: "0x38ed1739",
                       tokens: [.init(asset: give, from: trader, to: pool, value: amount), .init(asset: get, from: pool, to: trader, value: out)])
        }
    }

    /// BSC → Ethereum: 40 % of the consolidated USDT into the bridge; the bridge
    /// pays it out on Ethereum, net of a 0.1 % fee, to a new attacker address, which cashes out.
    func scheduleBridge(from bsc: SimulatedChain, consolidator: String) {
        let eth = chain("ethereum")
        let usdt = bsc.token("USDT").contract
        let amount = share(bsc.balance(consolidator, usdt), 40, 100)
        guard send(bsc, from: consolidator, to: services["bsc"]!.bridge, asset: usdt, amount: amount) != nil else { return }
        let receiver = attacker(eth, "bridge_receiver")
        let ethUSDT = eth.token("USDT").contract
        let payout = units(eth, ethUSDT, usd: usd(bsc, usdt, amount) * 0.999)
        let ethAccounts = ["attacker-bridge-account-1", "attacker-bridge-account-2"]
        queue.at(queue.now + time(in: 300...1_200)) { [self] in
            send(eth, from: services["ethereum"]!.bridge, to: receiver, asset: ethUSDT, amount: payout)
            ensureGas(eth, receiver, from: services["ethereum"]!.hotWallets[Self.exchanges[0]]!)
            // Cash out in three parts over the next day.
            for i in 0..<3 {
                queue.at(queue.now + Int64(i + 1) * time(in: 1_800...14_400)) { [self] in
                    let rest = eth.balance(receiver, ethUSDT)
                    cashOut(eth, from: receiver, asset: ethUSDT, amount: i == 2 ? rest : share(rest, 1, UInt64(3 - i)), accounts: ethAccounts)
                }
            }
        }
    }

    /// The Ethereum mixer: fixed-denomination deposits over a day, withdrawals to
    /// fresh addresses days later through a relayer; most withdrawals carry no
    /// link, one reuses the depositing address, and one pair shares a unique gas price.
    func scheduleMixer(_ c: SimulatedChain, depositor: String, accounts: [String]) {
        let pools = services[c.name]!.mixerPools.sorted { $0.denomination > $1.denomination }
        var remaining = c.balance(depositor, c.native)
        let reserve = SimulatedChain.fee(gas: 1_000_000, gasPrice: 150_000_000_000).multipliedReportingOverflow(by: 40).partialValue
        remaining = reserve < remaining ? remaining - reserve : .zero
        var notes: [(denomination: Amount, pool: String)] = []
        for (d, pool) in pools where d.uint64Value.map({ $0 >= 1_000_000_000_000_000_000 }) ?? true {
            while !(remaining < d) && notes.count < 40 { notes.append((d, pool)); remaining -= d }
        }
        let uniqueGas: UInt64 = 13_370_000_000
        for (i, note) in notes.enumerated() {
            queue.at(queue.now + time(in: 60...86_400)) { [self] in
                let gp = i == 0 ? uniqueGas : gasPrice(c)
                guard c.transact(at: queue.now, from: depositor, to: note.pool, value: note.denomination, gas: 1_000_000,
                                 gasPrice: gp, input: "0xb214faa5") != nil else { return }
                queue.at(queue.now + time(in: 86_400...5 * 86_400)) { [self] in
                    let recipient = i == 1 ? depositor : attacker(c, "mixer_withdrawal")
                    mixerWithdraw(c, pool: note.pool, denomination: note.denomination, to: recipient, gasPrice: i == 0 ? uniqueGas : nil)
                    queue.at(queue.now + time(in: 1_800...86_400)) { [self] in
                        let fee = SimulatedChain.fee(gas: 21_000, gasPrice: 150_000_000_000)
                        let b = c.balance(recipient, c.native)
                        if fee < b { cashOut(c, from: recipient, asset: c.native, amount: b - fee, accounts: accounts) }
                    }
                }
            }
        }
    }

    /// A withdrawal through the relayer: the pool pays the recipient the denomination less the relayer's 0.3 %.
    func mixerWithdraw(_ c: SimulatedChain, pool: String, denomination: Amount, to recipient: String, gasPrice gp: UInt64? = nil) {
        let relayer = services[c.name]!.relayer
        let fee = share(denomination, 3, 1_000)
        c.transact(at: queue.now, from: relayer, to: pool, gas: 400_000, gasPrice: gp ?? gasPrice(c), input: "0x21a0adb6",
                   internal: [.init(asset: c.native, from: pool, to: recipient, value: denomination - fee),
                              .init(asset: c.native, from: pool, to: relayer, value: fee)])
    }

    // MARK: Innocent traffic

    func scheduleBackground(_ c: SimulatedChain) {
        let (count, actions) = scale.background
        let portion = c.name == "ethereum" ? 1.0 : c.name == "bsc" ? 0.6 : 0.5
        let users = (0..<Int(Double(count) * portion)).map { _ in newAddress("c1ea0") }
        let merchant = services[c.name]!.merchant
        for u in users {
            // Each user starts with an exchange withdrawal.
            let start = time(in: windowStart...(windowEnd - 86_400))
            queue.at(start) { [self] in
                withdraw(c, to: u, asset: c.native, usd: rng.logNormal(median: 600, sigma: 1.2))
                if rng.chance(0.5) { withdraw(c, to: u, asset: c.tokens.randomElement(using: &rng)!.contract, usd: rng.logNormal(median: 800, sigma: 1.2)) }
            }
            for _ in 0..<actions {
                queue.at(time(in: start...windowEnd)) { [self] in act(c, user: u, users: users, merchant: merchant) }
            }
        }
        // The merchant pays its suppliers and banks its takings every six hours.
        var t = windowStart + 3_600
        while t < windowEnd {
            queue.at(t) { [self] in
                let b = c.balance(merchant, c.native)
                let fee = SimulatedChain.fee(gas: 21_000, gasPrice: 150_000_000_000)
                guard fee.multipliedReportingOverflow(by: 10).partialValue < b else { return }
                for _ in 0..<3 { send(c, from: merchant, to: users.randomElement(using: &rng)!, asset: c.native, amount: share(b, 10, 100)) }
                let rest = c.balance(merchant, c.native)
                deposit(c, from: merchant, to: depositAddress(c, owner: merchant, exchange: Self.exchanges[1]), asset: c.native,
                        amount: share(rest, 80, 100))
            }
            t += 6 * 3_600
        }
    }

    /// One action of an innocent user, chosen at random.
    func act(_ c: SimulatedChain, user: String, users: [String], merchant: String) {
        let native = c.balance(user, c.native)
        let token = c.tokens.randomElement(using: &rng)!.contract
        let r = Double.random(in: 0..<1, using: &rng)
        switch r {
        case ..<0.30:
            send(c, from: user, to: users.randomElement(using: &rng)!, asset: c.native, amount: share(native, UInt64(Int.random(in: 5...50, using: &rng)), 100))
        case ..<0.42:
            send(c, from: user, to: users.randomElement(using: &rng)!, asset: token, amount: share(c.balance(user, token), UInt64(Int.random(in: 10...100, using: &rng)), 100))
        case ..<0.47:
            send(c, from: user, to: merchant, asset: c.native, amount: share(native, UInt64(Int.random(in: 5...30, using: &rng)), 100))
        case ..<0.67:
            let exchange = Self.exchanges.randomElement(using: &rng)!
            let asset = rng.chance(0.5) ? c.native : token
            deposit(c, from: user, to: depositAddress(c, owner: user, exchange: exchange), asset: asset,
                    amount: share(c.balance(user, asset), UInt64(Int.random(in: 30...90, using: &rng)), 100))
        case ..<0.82:
            if rng.chance(0.5) {
                swap(c, trader: user, give: token, amount: share(c.balance(user, token), 50, 100), get: c.native)
            } else {
                swap(c, trader: user, give: c.native, amount: share(native, 30, 100), get: token)
            }
        case ..<0.88 where c.name == "ethereum":
            // A mixer user: a deposit now, a withdrawal to another innocent address later.
            let pools = services[c.name]!.mixerPools
            guard let (d, pool) = pools.filter({ $0.denomination < native }).randomElement(using: &rng),
                  c.transact(at: queue.now, from: user, to: pool, value: d, gas: 1_000_000, gasPrice: gasPrice(c), input: "0xb214faa5") != nil
            else { return }
            let to = users.randomElement(using: &rng)!
            queue.at(queue.now + time(in: 3_600...4 * 86_400)) { [self] in mixerWithdraw(c, pool: pool, denomination: d, to: to) }
        case ..<0.92:
            // A bridge transfer: the same key receives on the other chain.
            let other = chains.filter { $0.name != c.name }.randomElement(using: &rng)!
            let stable = c.tokens.first { $0.contract == token }!.symbol
            let amount = share(c.balance(user, token), 50, 100)
            guard send(c, from: user, to: services[c.name]!.bridge, asset: token, amount: amount) != nil else { return }
            let payout = units(other, other.token(stable).contract, usd: usd(c, token, amount) * 0.999)
            queue.at(queue.now + time(in: 300...1_200)) { [self] in
                send(other, from: services[other.name]!.bridge, to: user, asset: other.token(stable).contract, amount: payout)
            }
        default:
            withdraw(c, to: user, asset: c.native, usd: rng.logNormal(median: 300, sigma: 1))
        }
    }

    // MARK: Output

    func writeLabels(to path: String) throws {
        let w = try CSVWriter(path: path)
        try w.write(["chain", "address", "label", "category", "source"])
        for l in labels { try w.write([l.chain, l.address, l.label, l.category, "fundtrace simulate coinstats (synthetic)"]) }
        try w.close()
    }

    /// The prices the case was valued at, per day of its window, as `fundtrace report --prices` reads them.
    func writePrices(to path: String) throws {
        let w = try CSVWriter(path: path)
        try w.write(["date", "chain", "asset", "usd"])
        var day = windowStart - windowStart % 86_400
        while day <= windowEnd {
            let date = CivilDate(unixTime: day).isoDay
            for c in chains {
                for symbol in [c.native] + c.tokens.map(\.symbol) {
                    if let p = priceUSD[symbol] { try w.write([date, c.name, symbol, p == p.rounded() ? String(Int(p)) : String(p)]) }
                }
            }
            day += 86_400
        }
        try w.close()
    }

    func writeSources(to path: String) throws {
        let w = try CSVWriter(path: path)
        try w.write(["type", "chain", "id", "asset", "start_block"])
        for t in theftTransfers { try w.write(["transfer", t.chain, t.hash + ":0", t.asset, ""]) }
        try w.close()
    }

    func truth() -> GroundTruth {
        let cash = cashouts.values.sorted { ($0.chain, $0.address, $0.asset) < ($1.chain, $1.address, $1.asset) }.map { r in
            let c = chain(r.chain)
            return GroundTruth.Cashout(chain: r.chain, address: r.address, exchange: r.exchange, asset: r.asset,
                                       symbol: symbol(c, r.asset), decimals: decimals(c, r.asset), stolenAmount: r.amount,
                                       deposits: r.deposits)
        }
        return GroundTruth(attackers: attackerRoles.map { .init(chain: $0.chain, address: $0.address, role: $0.role) }, cashouts: cash)
    }
}
