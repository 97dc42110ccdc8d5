import Foundation
import FundTraceIngest
import FundTraceModel
import FundTraceStore
import FundTraceTaint
import FundTraceTrace
import FundTraceCSV
import FundTraceTaintAdapters

/// An investigation on a large store: a CoinStats-shaped theft (1,590 victim
/// wallets drained into collectors, split over hops, peeled into exchange
/// deposit addresses that sweep to labelled hot wallets) inside random
/// background traffic among a million addresses. Measures `fundtrace trace`
/// from the 1,590 theft transfers against a full-store `score` sweep of the
/// same sources, in the same run.
enum TraceBenchmark {
    struct Row { var block: UInt32; var from: UInt32; var to: UInt32; var amount: UInt64; var fee: UInt32 }

    /// Address numbering: background 0..<background, then the theft's roles.
    struct Layout {
        let background: UInt32
        var victims: Range<UInt32> { background..<(background + 1590) }
        var collectors: Range<UInt32> { victims.upperBound..<(victims.upperBound + 16) }
        var splitters: Range<UInt32> { collectors.upperBound..<(collectors.upperBound + 128) }
        var layers: [Range<UInt32>] {   // hops 3, 4 and 5: 512 each
            (0..<3).map { i in (splitters.upperBound + UInt32(i) * 512)..<(splitters.upperBound + UInt32(i + 1) * 512) }
        }
        var deposits: Range<UInt32> { layers[2].upperBound..<(layers[2].upperBound + 512) }
        var hotWallets: Range<UInt32> { deposits.upperBound..<(deposits.upperBound + 10) }

        func text(_ a: UInt32) -> String {
            let prefix: String
            if a < background { prefix = "0b000000" } else if victims.contains(a) { prefix = "71c70000" }
            else if hotWallets.contains(a) { prefix = "e8c4a900" } else if deposits.contains(a) { prefix = "de905100" }
            else { prefix = "a77ac4e2" }
            return "0x" + prefix + String(repeating: "0", count: 32 - String(a, radix: 16).count) + String(a, radix: 16)
        }
    }

    static let t0: Int64 = 1_719_050_000
    static let theftBlock: UInt32 = 500_000

    static func generate(transfers: Int, addresses: Int, dir: String) throws -> (transfers: String, labels: String, sources: String) {
        let layout = Layout(background: UInt32(addresses))
        var seed: UInt64 = 0xC0175
        func next(_ n: UInt64) -> UInt64 { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return (seed >> 11) % n }
        func backgroundAddress() -> UInt32 { let u = Double(next(1_000_000)) / 1_000_000; return UInt32(Double(addresses - 1) * u * u) }
        var rows: [Row] = []
        rows.reserveCapacity(transfers)
        let gas: UInt32 = 4_200_000  // fee in gwei-free units: 21000 × 200 wei, small beside the amounts
        var balance: [UInt32: UInt64] = [:]
        func send(_ from: UInt32, _ to: UInt32, _ amount: UInt64, _ block: UInt32) {
            rows.append(Row(block: block, from: from, to: to, amount: amount, fee: gas))
            balance[from, default: 0] -= amount + UInt64(gas)
            balance[to, default: 0] += amount
        }
        // The theft: each victim is drained into a collector within ~20 minutes.
        for (i, v) in layout.victims.enumerated() {
            balance[v] = 1 << 62
            send(v, layout.collectors.lowerBound + UInt32(i % 16), 1_000_000_000_000_000 + next(9_000_000_000_000_000), theftBlock + UInt32(i / 16))
        }
        // Hops: collectors split to 8 splitters each, then 4 each, then peel chains of 3 hops into deposit addresses.
        func split(_ parents: Range<UInt32>, _ children: Range<UInt32>, at block: UInt32) {
            let fan = children.count / parents.count
            for (p, parent) in parents.enumerated() {
                let share = (balance[parent]! - UInt64(fan) * UInt64(gas)) / UInt64(fan)
                for c in 0..<fan { send(parent, children.lowerBound + UInt32(p * fan + c), share, block + UInt32(c)) }
            }
        }
        split(layout.collectors, layout.splitters, at: theftBlock + 200)
        split(layout.splitters, layout.layers[0], at: theftBlock + 400)
        split(layout.layers[0], layout.layers[1], at: theftBlock + 600)
        split(layout.layers[1], layout.layers[2], at: theftBlock + 800)
        split(layout.layers[2], layout.deposits, at: theftBlock + 1000)
        // Deposit addresses sweep to their exchange's hot wallet within ~2 minutes.
        for (i, d) in layout.deposits.enumerated() {
            send(d, layout.hotWallets.lowerBound + UInt32(i % 10), balance[d]! - UInt64(gas), theftBlock + 1010 + UInt32(i % 5))
        }
        // Clean inflows into every laundering address (dust, gas top-ups, unrelated payments): ~60 each.
        for a in layout.collectors.lowerBound..<layout.hotWallets.lowerBound {
            for _ in 0..<60 { rows.append(Row(block: theftBlock - 100_000 + UInt32(next(200_000)), from: backgroundAddress(), to: a, amount: next(100_000_000_000_000), fee: gas)) }
        }
        // Exchange hot wallets are busy: withdrawals to background users.
        for _ in 0..<(transfers / 50) {
            rows.append(Row(block: UInt32(next(1_000_000)), from: layout.hotWallets.lowerBound + UInt32(next(10)), to: backgroundAddress(),
                            amount: next(9_000_000_000_000_000_000), fee: 0))
        }
        // Background traffic up to the requested size, 10 transfers per block over a million blocks.
        while rows.count < transfers {
            let from = backgroundAddress()
            var to = backgroundAddress()
            if to == from { to = (to + 1) % UInt32(addresses) }
            rows.append(Row(block: UInt32(next(1_000_000)), from: from, to: to, amount: next(18_000_000_000_000_000_000),
                            fee: next(3) == 0 ? gas : 0))
        }
        rows.sort { $0.block < $1.block }
        let paths = (transfers: (dir as NSString).appendingPathComponent("trace-bench-\(transfers).csv"),
                     labels: (dir as NSString).appendingPathComponent("trace-bench-labels.csv"),
                     sources: (dir as NSString).appendingPathComponent("trace-bench-sources.csv"))
        let out = try CSVWriter(path: paths.transfers)
        try out.write(FormatDetector.canonicalTransfersHeader)
        var theftTx: [String] = []
        for (i, r) in rows.enumerated() {
            let hash = "0x" + String(repeating: "0", count: 64 - String(i + 1, radix: 16).count) + String(i + 1, radix: 16)
            if layout.victims.contains(r.from) && layout.collectors.contains(r.to) { theftTx.append(hash) }
            try out.write(["ethereum", hash, String(r.block), String(i % 10), "0", String(t0 + Int64(r.block) * 12),
                           layout.text(r.from), layout.text(r.to), "ETH", String(r.amount), r.fee == 0 ? "" : String(r.fee)])
        }
        try out.close()
        let labels = try CSVWriter(path: paths.labels)
        try labels.write(LabelFileReader.plainHeader)
        for (i, h) in layout.hotWallets.enumerated() { try labels.write(["ethereum", layout.text(h), "Exchange \(i) Hot Wallet", "exchange", "benchmark"]) }
        try labels.close()
        let sources = try CSVWriter(path: paths.sources)
        try sources.write(SourceSpec.header)
        for h in theftTx { try sources.write(["transfer", "ethereum", h + ":0", "", ""]) }
        try sources.close()
        return paths
    }

    /// The benchmark's store in `workDir`, generated and loaded by `fundtrace load` when missing (with the load's seconds).
    static func store(transfers: Int, addresses: Int, fundtrace: String, workDir: String) throws -> (path: String, loadSeconds: Double?) {
        let db = (workDir as NSString).appendingPathComponent("trace-bench-\(transfers).sqlite")
        guard !FileManager.default.fileExists(atPath: db) else { return (db, nil) }
        print("generating \(transfers) transfers over \(addresses) addresses …")
        let paths = try generate(transfers: transfers, addresses: addresses, dir: workDir)
        let load = try ChildProcess.run([fundtrace, "load", "--db", db, paths.transfers])
        guard load.status == 0 else { throw NSError(domain: "bench", code: 1, userInfo: [NSLocalizedDescriptionKey: "load failed"]) }
        _ = try ChildProcess.run([fundtrace, "labels", "import", "--db", db, paths.labels])
        return (db, load.seconds)
    }

    static func run(transfers: Int, addresses: Int, reps: Int, fundtrace: String, workDir: String,
                    withPeer: Bool = true) throws -> String {
        let (db, built) = try store(transfers: transfers, addresses: addresses, fundtrace: fundtrace, workDir: workDir)
        var report = built.map { String(format: "store built by `fundtrace load` in %.1f s\n", $0) } ?? ""
        let sourcesPath = (workDir as NSString).appendingPathComponent("trace-bench-sources.csv")
        let store = try TransferStore(path: db)
        let spec = try SourceSpec.readForStore(path: sourcesPath)
        let labels = try LabelBook(store: store)
        var traceTimes: [Double] = [], scoreTimes: [Double] = []
        var last: TraceResult?
        for rep in 1...reps {
            for hops in [6] {
                var p = TraceParameters()
                p.maxHops = hops
                let start = Date()
                last = try Investigation(store: store, labels: labels, parameters: p).run(sources: spec)
                traceTimes.append(Date().timeIntervalSince(start))
            }
            let phases = String(format: "discovery %.3f s, sweep %.3f s", last!.statistics.discoverySeconds, last!.statistics.sweepSeconds)
            guard withPeer else {
                print(String(format: "rep %d: trace %.3f s (%@; %d transfers swept, %d read)", rep, traceTimes.last!, phases,
                             last!.statistics.transfersSwept, last!.statistics.transfersRead))
                continue
            }
            let start = Date()
            let w = try CSVWriter(path: "/dev/null")
            let s = try StoreScorer.score(store: store, sources: spec, policy: .haircut, to: w)
            try w.close()
            scoreTimes.append(Date().timeIntervalSince(start))
            print(String(format: "rep %d: trace %.3f s (%@; %d transfers swept, %d read), score %.1f s (%d transfers)", rep,
                         traceTimes.last!, phases, last!.statistics.transfersSwept, last!.statistics.transfersRead, scoreTimes.last!, s.transfers))
        }
        let r = last!
        guard withPeer else { return String(format: "trace median %.3f s (no peer measured)", median(traceTimes)) }
        let deposits = r.endpoints.filter { $0.reason == .exchangeDeposit }.count
        report += """
            | \(transfers) transfers, \(spec.rules.count) theft transfers as sources, haircut | median s | transfers swept | transfers read |
            | --- | --- | --- | --- |
            | `fundtrace trace` (6 hops, default stops) | \(String(format: "%.3f", median(traceTimes))) | \(r.statistics.transfersSwept) | \(r.statistics.transfersRead) |
            | `fundtrace score` (full-store sweep, same sources) | \(String(format: "%.1f", median(scoreTimes))) | \(transfers) | \(transfers) |

            ratio score / trace: \(String(format: "%.0f", median(scoreTimes) / median(traceTimes)))×; trace found \(r.endpoints.count) endpoints, \(deposits) of them detected exchange deposit addresses; totals reconciled: \(r.totals.allSatisfy(\.reconciled)); peak RSS \(String(format: "%.0f", selfPeakRSSMiB())) MiB
            """
        return report
    }
}
