import FundTraceModel

/// The world of a ``LaunderingScenario``: chains, services and innocent users.
extension LaunderingWorld {
    static let chainNames = ["eth", "bsc", "arbitrum", "polygon", "avax", "l2net", "sidechain", "optimism", "base", "zkchain"]
    static let exchangeNames = ["Altus", "Brightpool", "Cobaltex", "Dunmore", "Everline", "Fjordbit", "Garnet", "Halcyon"]
    static let bridgeNames = ["Portal", "Arcway", "Skyferry", "Tunnel", "Relayhub"]

    /// Runs the whole case: set-up, innocent traffic, the theft and its laundering.
    func run() {
        setUpChains()
        queue.at(start) { [self] in
            for c in chains.indices { scheduleUsers(c) }
            queue.at(t0) { [self] in theftAndLaundering() }
        }
        queue.runAll()
    }

    func setUpChains() {
        let count = rng.chance(0.5) ? 2 : 3
        let names = Array(Self.chainNames.shuffled(using: &rng).prefix(count))
        let bridgeName = Self.bridgeNames.randomElement(using: &rng)!
        let mixerChain = Int.random(in: 0..<count, using: &rng)
        for (i, name) in names.enumerated() {
            let known = ChainInfo.known[name]
            var c = Chain(name: name, native: known?.nativeSymbol ?? ["GAS", "NATIVE", "COIN"].randomElement(using: &rng)!,
                          stable: rng.chance(0.5) ? "USDT" : "USDC", stableDecimals: rng.chance(0.5) ? 6 : 18,
                          blockTime: [2, 3, 5, 12].randomElement(using: &rng)!, firstBlock: UInt64.random(in: 1_000_000...40_000_000, using: &rng),
                          baseGas: UInt64.random(in: 1...60, using: &rng) * 1_000_000_000)
            if i > 0 { c.stable = chains[0].stable }  // one stablecoin bridges between the chains
            if nativePrices[c.native] == nil { nativePrices[c.native] = [0.5, 2, 30, 300, 600, 3_000].randomElement(using: &rng)! }
            chains.append(c)
            let exchangeCount = Int.random(in: 3...6, using: &rng)
            for e in Self.exchangeNames.shuffled(using: &rng).prefix(exchangeCount) {
                let hot = newAddress()
                chains[i].exchanges.append((e, hot))
                labels.append((i, hot, "\(e): Hot Wallet", rng.chance(0.5) ? "exchange" : "cex"))
                open(i, hot, usd: 50_000_000)
            }
            chains[i].dex = newAddress()
            labels.append((i, chains[i].dex, "SwapPool \(c.native)/\(c.stable)", "dex"))
            open(i, chains[i].dex, usd: 100_000_000)
            chains[i].bridge = newAddress()
            labels.append((i, chains[i].bridge, "\(bridgeName): \(name) gateway", "bridge"))
            open(i, chains[i].bridge, usd: 100_000_000)
            if i == mixerChain {
                for usdValue in [100.0, 1_000, 10_000, 100_000] {
                    let d = units(i, c.native, usd: usdValue)
                    // A round denomination in native units, as real pools have.
                    let digits = d.description.count - 1
                    let round = BridgeScale.times(Amount(1), tenTo: digits)
                    let pool = newAddress()
                    chains[i].mixerPools.append((round, pool))
                    labels.append((i, pool, "PrivacyPool \(usdValue >= 1000 ? "large" : "small") #\(chains[i].mixerPools.count)", "mixing_service"))
                }
                chains[i].relayer = newAddress()
            }
        }
        // Each bridge holds the other chains' coins, which it pays out as tokens of the same symbol.
        for i in chains.indices {
            for j in chains.indices where chains[j].native != chains[i].native {
                credit(i, chains[i].bridge, chains[j].native, units(i, chains[j].native, usd: 100_000_000))
            }
        }
    }

    /// Innocent users: payments among themselves, exchange deposits and withdrawals, swaps, bridges and mixers.
    func scheduleUsers(_ c: Int) {
        let users = (0..<Int.random(in: scale.users, using: &rng)).map { _ in newAddress() }
        for u in users {
            open(c, u, usd: rng.logNormal(median: 3_000, sigma: 1.2))
            let actions = Int.random(in: 2...8, using: &rng)
            for _ in 0..<actions {
                queue.at(Int64.random(in: start...(end - 86_400), using: &rng)) { [self] in userAction(c, u, peers: users) }
            }
        }
    }

    func userAction(_ c: Int, _ u: String, peers: [String]) {
        let ch = chains[c]
        let asset = rng.chance(0.5) ? ch.native : ch.stable
        let value = usd(c, asset, balance(c, u, asset))
        let amount = units(c, asset, usd: min(value * 0.6, rng.logNormal(median: 800, sigma: 1.1)))
        switch Int.random(in: 0..<10, using: &rng) {
        case 0, 1: send(c, u, peers.randomElement(using: &rng)!, asset, amount)
        case 2, 3: cashOut(c, u, exchange: Int.random(in: 0..<ch.exchanges.count, using: &rng), asset: asset, amount: amount, attacker: false)
        case 4: withdraw(c, to: u, asset: asset, usd: rng.logNormal(median: 700, sigma: 1))
        case 5: swap(c, u, asset, amount)
        case 6, 7:
            guard chains.count > 1 else { return }
            let d = (c + Int.random(in: 1..<chains.count, using: &rng)) % chains.count
            bridge(c, u, asset, amount, to: d, recipient: rng.chance(0.75) ? u : newAddress())
        default:
            guard !ch.mixerPools.isEmpty else { send(c, u, peers.randomElement(using: &rng)!, asset, amount); return }
            let pool = Int.random(in: 0..<ch.mixerPools.count, using: &rng)
            mix(c, u, pool: pool, recipient: rng.chance(0.3) ? u : newAddress(), delay: 600...(5 * 86_400))
        }
    }
}
