import FundTraceModel

/// The theft and its laundering in a ``LaunderingScenario``: victims drained
/// into drainers, then per chain consolidation, swaps, splits and one route
/// per split — a peel chain into exchange accounts, a bridge to another chain,
/// a mixer round, or holding.
extension LaunderingWorld {
    func theftAndLaundering() {
        let total = Int.random(in: scale.victims, using: &rng)
        victimCount = total
        var perChain = [Int](repeating: 0, count: chains.count)
        for _ in 0..<total { perChain[Int.random(in: 0..<chains.count, using: &rng)] += 1 }
        for c in chains.indices where perChain[c] > 0 { drain(c, victims: perChain[c]) }
    }

    func role(_ c: Int, _ address: String, _ role: String) { attackers.append((c, address, role)) }

    func drain(_ c: Int, victims: Int) {
        let ch = chains[c]
        let drainers = (0..<Int.random(in: 1...3, using: &rng)).map { _ in newAddress() }
        for d in drainers { role(c, d, "drainer") }
        for i in 0..<victims {
            let v = newAddress()
            open(c, v, usd: rng.logNormal(median: 900, sigma: 1.3))
            let drainer = drainers[i % drainers.count]
            queue.at(t0 + Int64(i) * Int64.random(in: 2...40, using: &rng)) { [self] in
                for asset in [ch.stable, ch.native] {
                    let before = rows.count
                    guard sendAll(c, v, drainer, asset) != nil else { continue }
                    theft.append((c, rows[before].tx, rows[before].log))
                }
            }
        }
        queue.at(t0 + Int64(victims) * 45 + Int64.random(in: 600...7_200, using: &rng)) { [self] in launder(c, drainers) }
    }

    func launder(_ c: Int, _ drainers: [String]) {
        let ch = chains[c]
        var holders = drainers
        if rng.chance(0.7) {
            let consolidator = newAddress()
            role(c, consolidator, "consolidator")
            for d in drainers { for a in [ch.stable, ch.native] { sendAll(c, d, consolidator, a) } }
            holders = [consolidator]
        }
        later(300...3_600) { [self] in
            for h in holders {
                // Some of the stablecoin is swapped for the native coin (mixers take only that).
                if rng.chance(0.5), !chains[c].mixerPools.isEmpty {
                    let s = balance(c, h, ch.stable)
                    let part = s.quotientAndRemainder(dividingBy: UInt64.random(in: 2...4, using: &rng)).quotient
                    if !part.isZero { swap(c, h, ch.stable, part) }
                }
                later(60...1_800) { [self] in split(c, h) }
            }
        }
    }

    func split(_ c: Int, _ holder: String) {
        let ch = chains[c]
        for asset in [ch.stable, ch.native] {
            let all = balance(c, holder, asset)
            let reserve = asset == ch.native ? units(c, asset, usd: 20) : .zero
            guard reserve < all else { continue }
            let n = Int.random(in: 3...10, using: &rng)
            let piece = (all - reserve).quotientAndRemainder(dividingBy: UInt64(n)).quotient
            for _ in 0..<n {
                let s = newAddress()
                role(c, s, "split")
                guard send(c, holder, s, asset, piece) != nil else { continue }
                // Gas for a token holder to move its funds.
                if asset != ch.native { send(c, holder, s, ch.native, units(c, ch.native, usd: 15)) }
                later(600...(2 * 86_400)) { [self] in route(c, s, asset, hop: 0) }
            }
        }
    }

    func route(_ c: Int, _ s: String, _ asset: String, hop: Int) {
        let r = Double.random(in: 0..<1, using: &rng)
        let mixable = asset == chains[c].native && !chains[c].mixerPools.isEmpty
        if r < 0.1 { return }  // held
        if r < 0.35 && chains.count > 1 && hop == 0 { return bridgeAway(c, s, asset) }
        if r < 0.6 && mixable { return mixAway(c, s) }
        peel(c, s, asset, hops: Int.random(in: peelHops, using: &rng))
    }

    /// A peel chain: each hop pays a share into an exchange account and passes the rest on; the last deposits it all.
    func peel(_ c: Int, _ holder: String, _ asset: String, hops: Int) {
        let ch = chains[c]
        let have = balance(c, holder, asset)
        let keep = asset == ch.native ? units(c, asset, usd: 5) : .zero
        guard keep < have else { return }
        let available = have - keep
        let exchange = Int.random(in: 0..<ch.exchanges.count, using: &rng)
        if hops <= 0 {
            cashOut(c, holder, exchange: exchange, asset: asset, amount: available, attacker: true)
            return
        }
        let share = Double.random(in: peelRatio, using: &rng)
        let peelAmount = available.quotientAndRemainder(dividingBy: 10_000).quotient.multipliedReportingOverflow(by: UInt64(share * 10_000)).partialValue
        cashOut(c, holder, exchange: exchange, asset: asset, amount: peelAmount, attacker: true)
        let next = newAddress()
        role(c, next, "peel_hop")
        let rest = balance(c, holder, asset)
        guard keep < rest else { return }
        send(c, holder, next, asset, rest - keep)
        if asset != ch.native { send(c, holder, next, ch.native, units(c, ch.native, usd: 4)) }
        later(120...(12 * 3_600)) { [self] in peel(c, next, asset, hops: hops - 1) }
    }

    func bridgeAway(_ c: Int, _ s: String, _ asset: String) {
        let d = (c + Int.random(in: 1..<chains.count, using: &rng)) % chains.count
        let recipient = rng.chance(attackerOwnBridgeAddress) ? s : newAddress()
        if recipient != s { role(d, recipient, "bridge_receiver") } else { role(d, s, "bridge_receiver") }
        let keep = asset == chains[c].native ? units(c, asset, usd: 5) : .zero
        let have = balance(c, s, asset)
        guard keep < have else { return }
        let dst = asset == chains[c].native ? chains[c].native : chains[d].stable
        bridge(c, s, asset, have - keep, to: d, recipient: recipient) { [self] _ in
            // Gas on the new chain for a token receiver, from an exchange withdrawal.
            if dst != chains[d].native { withdraw(d, to: recipient, asset: chains[d].native, usd: 10) }
            later(300...(8 * 3_600)) { [self] in route(d, recipient, dst, hop: 1) }
        }
    }

    /// Deposits as many of the largest affordable denominations as it can, withdraws each to a fresh address, and
    /// cashes those out (some into an account the attacker also fed directly: deposit-address reuse).
    func mixAway(_ c: Int, _ s: String) {
        let pools = chains[c].mixerPools.indices.sorted { chains[c].mixerPools[$0].denomination > chains[c].mixerPools[$1].denomination }
        let custom = rng.chance(customGasShare)
        var rounds = 0
        for p in pools {
            let denomination = chains[c].mixerPools[p].denomination
            while rounds < 12, denomination + units(c, chains[c].native, usd: 10) < balance(c, s, chains[c].native) {
                rounds += 1
                let recipient = rng.chance(0.1) ? s : newAddress()
                if recipient != s { role(c, recipient, "mixer_withdrawal") }
                let gas = custom ? gasPrice(c, custom: true) : nil
                // Reserve the denomination now so later rounds do not spend it twice.
                mix(c, s, pool: p, recipient: recipient, delay: 1_800...(3 * 86_400), gas: gas) { [self] _ in
                    later(600...(2 * 86_400)) { [self] in peel(c, recipient, chains[c].native, hops: Int.random(in: 0...1, using: &rng)) }
                }
            }
        }
        if rounds == 0 { peel(c, s, chains[c].native, hops: 1) }
    }
}
