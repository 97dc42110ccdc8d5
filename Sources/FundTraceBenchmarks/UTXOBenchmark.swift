import Foundation

/// The UTXO side of taint: `fundtrace taint utxo` on a generated canonical
/// UTXO CSV, and `fundtrace score` and `fundtrace utxo analyze` on a store
/// holding it, beside the floor of reading the same transactions out of the
/// store (`fundtrace export utxo`), same run, reps alternated.
enum UTXOBenchmark {
    /// Writes `transactions` UTXO transactions as the canonical CSV (§4.1):
    /// four in five spend one to three random unspent outputs, the rest one
    /// input of unknown history; one to three outputs to 50,000 addresses; a
    /// fee on most. Half the inputs of stored outputs repeat their address
    /// and value, as exports do. Deterministic.
    static func generate(transactions: Int, path: String) throws {
        var file = try GeneratedFile(path: path, header: "chain,tx_hash,block,tx_index,timestamp,io,n,address,amount,prev_tx_hash,prev_n\n")
        var seed: UInt64 = 0x0B7C
        func next(_ n: UInt64) -> UInt64 { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return (seed >> 11) % n }
        func hash(_ t: Int) -> String { let s = String(t, radix: 16); return String(repeating: "0", count: 64 - s.count) + s }
        var unspent: [(tx: Int, n: Int, address: UInt64, value: UInt64)] = []
        for t in 0..<transactions {
            let tx = hash(t), head = "btc,\(tx),\(t / 5),\(t % 5),,"
            var total: UInt64 = 0
            if !unspent.isEmpty && next(5) < 4 {
                for i in 0..<min(Int(next(3)) + 1, unspent.count) {
                    let k = Int(next(UInt64(unspent.count)))
                    let u = unspent[k]
                    unspent.swapAt(k, unspent.count - 1); unspent.removeLast()
                    let given = next(2) == 0
                    try file.append(head + "in,\(i),\(given ? "A\(u.address)" : ""),\(given ? String(u.value) : ""),\(hash(u.tx)),\(u.n)\n")
                    total += u.value
                }
            } else {
                total = next(1_000_000_000_000) + 1000
                try file.append(head + "in,0,X\(next(5000)),\(total),ext\(t),0\n")
            }
            var left = total - next(min(1000, total) + 1)
            let count = Int(next(3)) + 1
            for k in 0..<count {
                let v = k == count - 1 ? left : next(left + 1)
                left -= v
                let address = next(50_000)
                try file.append(head + "out,\(k),A\(address),\(v),,\n")
                unspent.append((t, k, address, v))
            }
        }
        try file.close()
    }

    static func run(transactions: Int, reps: Int, fundtrace: String, workDir: String) throws -> String {
        func path(_ name: String) -> String { (workDir as NSString).appendingPathComponent(name) }
        let csv = path("utxo_\(transactions).csv"), sources = path("utxo-sources.csv"), db = path("bench-utxo.sqlite")
        if !FileManager.default.fileExists(atPath: csv) {
            print("generating \(transactions) transactions into \(csv)…")
            try generate(transactions: transactions, path: csv)
        }
        try ("type,chain,id,asset,start_block\n" + (0..<50).map { "address,btc,A\($0),,\n" }.joined()
             + "outpoint,btc,\(String(repeating: "0", count: 63))3:0,,\n").write(toFile: sources, atomically: true, encoding: .utf8)
        for s in ["", "-journal", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + s) }
        func check(_ o: ChildProcess.Outcome, _ what: String) throws -> ChildProcess.Outcome {
            guard o.status == 0 else { throw NSError(domain: "bench", code: 1, userInfo: [NSLocalizedDescriptionKey: "\(what) failed: \(o.output)"]) }
            return o
        }
        let load = try check(ChildProcess.run([fundtrace, "load", "--db", db, csv]), "fundtrace load")
        print(String(format: "loaded (untimed for the table): %.2f s, %.0f MiB peak", load.seconds, Double(load.maxRSSKiB) / 1024))
        let runs: [(name: String, argv: [String])] = [
            ("`fundtrace export utxo` (floor: the same transactions read out of the store and written)", [fundtrace, "export", "utxo", "--db", db, "-o", path("utxo-export.csv")]),
            ("`fundtrace score --policy fifo` (store sweep)", [fundtrace, "score", "--db", db, "--sources", sources, "--policy", "fifo", "-o", path("utxo-scores.csv")]),
            ("`fundtrace taint utxo --policy fifo` (conformance command, the generated file)", [fundtrace, "taint", "utxo", "--transactions", csv, "--sources", sources,
                "--policy", "fifo", "--out-outputs", path("utxo-oo.csv"), "--out-addresses", path("utxo-oa.csv"), "--summary", path("utxo-sum.json")]),
            ("`fundtrace utxo analyze` (CoinJoins, clusters, peel chains)", [fundtrace, "utxo", "analyze", "--db", db, "--chain", "btc", "--out-dir", path("utxo-analyze")]),
        ]
        var seconds = [[Double]](repeating: [], count: runs.count), peak = [Int](repeating: 0, count: runs.count)
        for rep in 1...reps {
            for (i, r) in runs.enumerated() {
                let o = try check(ChildProcess.run(r.argv), r.name)
                seconds[i].append(o.seconds); peak[i] = max(peak[i], o.maxRSSKiB)
                print(String(format: "rep %d %@: %.2f s, %.0f MiB peak", rep, r.argv[1...2].joined(separator: " "), o.seconds, Double(o.maxRSSKiB) / 1024))
            }
        }
        // The store sweep and the conformance command agree (their per-address rows, in the same order).
        let scored = try String(contentsOfFile: path("utxo-scores.csv"), encoding: .utf8).split(separator: "\n")
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).prefix(16).joined(separator: ",") }
        let conformance = try String(contentsOfFile: path("utxo-oa.csv"), encoding: .utf8).split(separator: "\n").map(String.init)
        let agree = scored == conformance
        let floor = median(seconds[0])
        var table = """
            | \(transactions) UTXO transactions, \(reps) reps | median s | transactions/s | × floor | peak RSS MiB |
            | --- | --- | --- | --- | --- |

            """
        for (i, r) in runs.enumerated() {
            let m = median(seconds[i])
            table += "| \(r.name) | \(String(format: "%.2f", m)) | \(Int(Double(transactions) / m)) | \(String(format: "%.2f", m / floor)) | \(peak[i] / 1024) |\n"
        }
        return table + "\nScore rows equal the conformance command's per-address rows: \(agree ? "yes" : "NO").\n"
    }
}
