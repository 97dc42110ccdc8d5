import CFundTracePrefetch
import Foundation
import FundTraceModel
import FundTraceTaint

/// The taint sweep of every policy on generated account data, against a bare
/// scan of the same transfers (the floor). Each measurement runs in a child
/// process so its peak memory is its own.
enum TaintBenchmark {
    /// One generated transfer: 24 bytes, so 10 M fit in 240 MB.
    struct Row { var from: Int32; var to: Int32; var amount: UInt64; var fee: UInt32; var marked: Bool }

    /// Transfers between `addresses` keys, skewed so that some addresses are
    /// busy (squared uniform), amounts up to ~18 ETH in wei, a fee on a third
    /// of them; transfers into the first `sources` addresses are marked.
    static func generate(transfers: Int, addresses: Int, sources: Int) -> [Row] {
        var seed: UInt64 = 0xF00D
        func next() -> UInt64 { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return seed >> 11 }
        func address() -> Int32 {
            let u = Double(next() % 1_000_000) / 1_000_000
            return Int32(Double(addresses - 1) * u * u)
        }
        var rows = [Row]()
        rows.reserveCapacity(transfers)
        for _ in 0..<transfers {
            let to = next() % 50 == 0 ? Int32(next() % UInt64(sources)) : address()
            rows.append(Row(from: address(), to: to, amount: next() % 18_000_000_000_000_000_000 / 1000 * 1000,
                            fee: next() % 3 == 0 ? UInt32(next() % 4_000_000) : 0, marked: Int(to) < sources))
        }
        return rows
    }

    /// How many transfers ahead both loops prefetch the keys they will touch (the engine's distance, as `fundtrace score` uses).
    static let ahead = AccountTaintEngine<PoisonPolicy>.prefetchDistance
    /// How many transfers ahead the sweep prefetches state storage outside the records (FIFO/LIFO queues).
    static let storageAhead = AccountTaintEngine<PoisonPolicy>.storagePrefetchDistance

    static func sweep<P: AccountTaintPolicy>(_ p: P.Type, _ rows: [Row], addresses: Int, sources: Int) -> (Double, String) {
        let engine = AccountTaintEngine<P>()
        for k in 0..<addresses { engine.addKey(k, isSource: k < sources) }
        let start = Date()
        rows.withUnsafeBufferPointer { buf in
            for (i, r) in buf.enumerated() {
                if i + ahead < buf.count { engine.prefetch(sender: Int(buf[i + ahead].from)); engine.prefetch(recipient: Int(buf[i + ahead].to)) }
                // Second stage: the records of `storageAhead` transfers on have arrived; fetch what they point to.
                if i + storageAhead < buf.count {
                    let r = buf[i + storageAhead]
                    engine.prefetchStorage(from: Int(r.from), to: Int(r.to), marked: r.marked)
                }
                // The result unused, as `fundtrace score` leaves it; the checksum is the state after the sweep.
                _ = engine.process(from: Int(r.from), to: Int(r.to), amount: Amount(r.amount), fee: Amount(UInt64(r.fee)), marked: r.marked)
            }
        }
        let s = Date().timeIntervalSince(start)
        let holders = (0..<engine.keyCount).reduce(0) { $0 + (engine.held($1).isZero ? 0 : 1) }
        return (s, "keys holding taint \(holders), created \(engine.summary.created), held \(engine.totalHeld().decimalText), "
                + "fee sink \(engine.summary.feeSink.decimalText)")
    }

    /// The floor: reads every transfer and its two keys' balances, adds the amount, does no taint work.
    static func bare(_ rows: [Row], addresses: Int) -> (Double, String) {
        // The same memory as the engine's records (huge pages where the
        // kernel allows), so the floor is not slowed by TLB misses the sweep avoids.
        let balance = RecordMemory.allocate(byteCount: addresses * MemoryLayout<Amount>.stride, alignment: 64)
            .bindMemory(to: Amount.self, capacity: addresses)
        balance.initialize(repeating: .zero, count: addresses)
        defer { balance.deallocate() }
        let start = Date()
        rows.withUnsafeBufferPointer { buf in
            for (i, r) in buf.enumerated() {
                if i + ahead < buf.count {
                    ft_prefetch(balance + Int(buf[i + ahead].from), 40)
                    ft_prefetch(balance + Int(buf[i + ahead].to), 40)
                }
                let a = Amount(r.amount)
                balance[Int(r.to)] = balance[Int(r.to)] + a
                balance[Int(r.from)] = balance[Int(r.from)].saturatingAdd(Amount(UInt64(r.fee)))
            }
        }
        let s = Date().timeIntervalSince(start)
        return (s, "checksum \(balance[0])")
    }

    /// Runs one measurement in this process and prints `seconds rows detail`.
    static func runOne(policy: String, transfers: Int, addresses: Int, sources: Int) {
        let rows = generate(transfers: transfers, addresses: addresses, sources: sources)
        struct Work: AccountPolicyWork {
            let rows: [Row], addresses: Int, sources: Int
            func run<P: AccountTaintPolicy>(_ policy: P.Type) -> (Double, String) { TaintBenchmark.sweep(policy, rows, addresses: addresses, sources: sources) }
        }
        let r = TaintPolicy(rawValue: policy).map { $0.run(Work(rows: rows, addresses: addresses, sources: sources)) }
            ?? bare(rows, addresses: addresses)
        print("\(r.0) \(r.1)")
    }

    /// Runs every policy and the floor `reps` times, interleaved, and
    /// tabulates medians. The ratio to the floor is the median of per-rep
    /// ratios: a rep's runs are seconds apart, so a neighbour's load shifts
    /// both sides of each ratio alike.
    static func run(transfers: Int, addresses: Int, sources: Int, selfPath: String, reps: Int) throws -> String {
        let names = ["bare", "poison", "haircut", "tiho", "fifo", "lifo"]
        var seconds: [String: [Double]] = [:], rss: [String: Int] = [:], detail: [String: String] = [:]
        for rep in 1...reps {
            for name in names {
                let o = try ChildProcess.run([selfPath, "taint-one", "--policy", name, "--transfers", String(transfers),
                                              "--addresses", String(addresses), "--sources", String(sources)])
                let parts = o.output.split(separator: " ", maxSplits: 1)
                guard o.status == 0, let s = Double(parts.first ?? "") else { throw NSError(domain: "bench", code: 1, userInfo: [NSLocalizedDescriptionKey: "\(name) failed: \(o.output)"]) }
                seconds[name, default: []].append(s)
                rss[name] = max(rss[name] ?? 0, o.maxRSSKiB)
                detail[name] = parts.count > 1 ? String(parts[1]).trimmingCharacters(in: .whitespacesAndNewlines) : ""
                print(String(format: "rep %d %@: %.3f s, %.0f MiB peak", rep, name, s, Double(o.maxRSSKiB) / 1024))
            }
        }
        let floor = seconds["bare"]!
        var table = """
            | sweep of \(transfers) transfers, \(addresses) addresses, \(sources) sources, \(reps) reps | median s | M transfers/s (median) | M transfers/s (best rep) | × bare scan (median of per-rep ratios) | peak RSS MiB (incl. \(transfers * MemoryLayout<Row>.stride / 1_000_000) MB input) |
            | --- | --- | --- | --- | --- | --- |

            """
        for name in names {
            let m = median(seconds[name]!), best = seconds[name]!.min()!
            let ratio = median(zip(seconds[name]!, floor).map { $0 / $1 })
            table += "| \(name == "bare" ? "bare scan (floor)" : name) | \(String(format: "%.3f", m)) | \(String(format: "%.1f", Double(transfers) / m / 1e6)) | "
                + "\(String(format: "%.1f", Double(transfers) / best / 1e6)) | \(String(format: "%.2f", ratio)) | \(rss[name]! / 1024) |\n"
        }
        return table + "\n" + floorSpread(seconds, names: names)
    }

    /// How far the floor moved between reps, and each sweep's best rep over
    /// the floor's best rep. At 1 M addresses the floor's 40 MB of balances
    /// nearly fit the shared L3, so a neighbour using that cache slows the
    /// floor far more than the sweeps, whose records never fit: the per-rep
    /// ratios then look better than the machine alone would give. A best
    /// rep is the least disturbed run of each side, so their ratio is the
    /// estimate that noise disturbs least.
    static func floorSpread(_ seconds: [String: [Double]], names: [String]) -> String {
        let floor = seconds["bare"]!
        let spread = floor.max()! / floor.min()!
        let ratios = names.filter { $0 != "bare" }.map { "\($0) \(String(format: "%.2f", seconds[$0]!.min()! / floor.min()!))" }
        var text = String(format: "Floor from %.3f to %.3f s over the reps (max/min %.2f). ", floor.min()!, floor.max()!, spread)
            + "Best rep ÷ the floor's best rep: \(ratios.joined(separator: ", ")).\n"
        if spread > 1.3 {
            text += "The floor varied by more than 30 %: something else was using the shared cache, and the per-rep "
                + "ratios are likely lower than on a quiet machine.\n"
        }
        return text
    }
}
