import Foundation

/// The Spark job's worker (`taint account --presorted`) on one core, against issue 33's goal of 2 M transfers a
/// second end to end through CSV: pinned with `taskset` to one CPU, so that the report's formatting threads share it,
/// on the case's largest ledger and on a ledger it was not tuned on (``RandomLedger``), on each CPU in turn (on this
/// machine's VM one CPU was steadily slower than the other for the same binary). Reps alternated with the whole
/// run's others; medians.
enum WorkerOneCoreBenchmark {
    struct Ledger { var name: String; var transfers: String; var sources: String; var rows: Int }

    /// The worker once on `ledger`, pinned to `cpu`, writing into `dir`.
    static func run(_ fundtrace: String, _ ledger: Ledger, policy: String, cpu: Int, in dir: String) throws -> ChildProcess.Outcome {
        try SparkBenchmark.check(ChildProcess.run(["taskset", "-c", String(cpu), fundtrace, "taint", "account", "--presorted", "--transfers", ledger.transfers,
                                                  "--sources", ledger.sources, "--policy", policy, "--out-addresses", dir + "/one-core.csv",
                                                  "--summary", dir + "/one-core.json"]))
    }

    /// The table's rows: per ledger and policy, the runs, their median and the rate against the goal.
    static func rows(_ runs: [(ledger: Ledger, policy: String, cpu: Int, seconds: [Double])]) -> String {
        runs.map { r in
            let m = median(r.seconds), rate = Double(r.ledger.rows) / m
            return "| \(r.ledger.name) (\(r.ledger.rows) rows), \(r.policy), CPU \(r.cpu) | \(r.seconds.map { String(format: "%.3f", $0) }.joined(separator: ", ")) "
                + "| \(String(format: "%.3f", m)) | \(Int(rate)) | \(rate >= 2_000_000 ? "met" : "not met") |"
        }.joined(separator: "\n")
    }
}

/// A canonical ledger nothing was tuned on: `rows` ETH transfers in block order among `addresses` addresses met at
/// random, amounts from 1 wei to past 10^21 (so that some take the long-number path), fees; and sources naming 30
/// addresses as `whole_balance` and 30 as `address` rules. Deterministic (a fixed-seed generator).
enum RandomLedger {
    static func write(rows: Int, addresses: Int, transfers: String, sources: String) throws {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 { state = state &* 6364136223846793005 &+ 1442695040888963407; return state ^ (state >> 29) }
        func hex(_ words: Int) -> String { (0..<words).map { _ in String(format: "%016llx", next()) }.joined() }
        let names = (0..<addresses).map { _ in "0x" + String(hex(3).prefix(40)) }
        var file = try GeneratedFile(path: transfers, header: "chain,tx_hash,block,tx_index,log_index,timestamp,from,to,asset,amount,fee\n")
        for i in 0..<rows {
            let from = names[Int(next() % UInt64(addresses))], to = names[Int(next() % UInt64(addresses))]
            let amount = next() % 4 == 0 ? "\(next() % 10_000)\(String(format: "%018llu", next() % 1_000_000_000_000_000_000))" : "\(next() >> (next() % 64))"
            try file.append("ethereum,0x\(hex(4)),\(15_000_000 + i / 150),\(i % 150),0,\(1_830_000_000 + i / 150 * 12),\(from),\(to),ETH,\(amount),\(next() % 1_000_000_000_000_000)\n")
        }
        try file.close()
        var rules = "type,chain,id,asset,start_block\n"
        for i in 0..<60 { rules += "\(i < 30 ? "whole_balance" : "address"),ethereum,\(names[i * (addresses / 60)]),*,\n" }
        try rules.write(toFile: sources, atomically: true, encoding: .utf8)
    }
}
