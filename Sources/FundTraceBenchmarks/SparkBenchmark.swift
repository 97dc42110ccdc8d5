import Foundation

/// Batch scoring at scale (issue 33): the Spark job (`spark/fundtrace_score.py`, local mode) beside `fundtrace score`
/// on the same multi-asset case, reps alternated; the worker on the case's largest ledger, whole-file (`taint account`
/// without the per-transfer output) and streaming (`--presorted`, what the job runs), and the streaming worker on one
/// core (``WorkerOneCoreBenchmark``); and the one-machine ceiling those figures give (transfers per GiB of worker
/// memory, keys per GiB of `score`, sweep time per 100 M transfers).
///
/// The case: `fundtrace simulate coinstats --seed 3 --scale medium`, loaded chain by chain and exported (about 1.2 M
/// transfers in 9 ledgers); built once in the work folder.
enum SparkBenchmark {
    static func run(reps: Int, fundtrace: String, job: String, workDir: String, master: String) throws -> String {
        let dir = (workDir as NSString).appendingPathComponent("spark-bench")
        let store = dir + "/case.sqlite", export = dir + "/export.csv", sources = dir + "/case/sources.csv"
        if !FileManager.default.fileExists(atPath: export) {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try check(ChildProcess.run([fundtrace, "simulate", "coinstats", "--seed", "3", "--scale", "medium", "--out-dir", dir + "/case"]))
            for chain in ["ethereum", "bsc", "polygon"] {
                try check(ChildProcess.run([fundtrace, "load", "--db", store, "--chain", chain, dir + "/case/" + chain]))
            }
            try check(ChildProcess.run([fundtrace, "export", "transfers", "--db", store, "-o", export]))
        }
        let (rows, ledger, ledgerRows) = try largestLedger(export, into: dir + "/ledger.csv")
        var score: [ChildProcess.Outcome] = [], spark: [ChildProcess.Outcome] = [], worker: [ChildProcess.Outcome] = []
        var stream: [ChildProcess.Outcome] = []
        let random = WorkerOneCoreBenchmark.Ledger(name: "random ledger", transfers: dir + "/random-ledger.csv", sources: dir + "/random-sources.csv",
                                                   rows: 1_000_000)
        if !FileManager.default.fileExists(atPath: random.transfers) {
            try RandomLedger.write(rows: random.rows, addresses: 200_000, transfers: random.transfers, sources: random.sources)
        }
        let largest = WorkerOneCoreBenchmark.Ledger(name: "case's largest ledger", transfers: dir + "/ledger.csv", sources: sources, rows: ledgerRows)
        let cpus = 0..<Swift.max(1, ProcessInfo.processInfo.activeProcessorCount)
        var oneCore: [(ledger: WorkerOneCoreBenchmark.Ledger, policy: String, cpu: Int, seconds: [Double])] =
            [(largest, "haircut"), (random, "haircut"), (random, "fifo")].flatMap { l, p in cpus.map { (l, p, $0, []) } }
        // Peak memory from GNU time (`%M`): wait4's figure for a spawned child can carry its parent's pages.
        var peakKiB: [String: Int] = [:]
        func timed(_ name: String, _ argv: [String]) throws -> ChildProcess.Outcome {
            let file = dir + "/peak-\(name)"
            let o = try check(ChildProcess.run(["/usr/bin/time", "-f", "%M", "-o", file] + argv))
            let kib = Int((try String(contentsOfFile: file, encoding: .utf8)).trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").last ?? "") ?? 0
            peakKiB[name] = max(peakKiB[name] ?? 0, kib)
            return o
        }
        for _ in 0..<reps {
            score.append(try timed("score", [fundtrace, "score", "--db", store, "--sources", sources, "--policy", "haircut", "-o", dir + "/score.csv"]))
            spark.append(try timed("spark", ["python3", job, "--master", master, "--partitions", "4", "--transfers", export, "--sources", sources,
                                             "--policy", "haircut", "--fundtrace", fundtrace, "--out", dir + "/spark-out"]))
            worker.append(try timed("worker", [fundtrace, "taint", "account", "--transfers", dir + "/ledger.csv", "--sources", sources,
                                               "--policy", "haircut", "--out-addresses", dir + "/w.csv", "--summary", dir + "/w.json"]))
            stream.append(try timed("stream", [fundtrace, "taint", "account", "--presorted", "--transfers", dir + "/ledger.csv", "--sources", sources,
                                               "--policy", "haircut", "--out-addresses", dir + "/p.csv", "--summary", dir + "/p.json"]))
            for i in oneCore.indices {
                oneCore[i].seconds.append(try WorkerOneCoreBenchmark.run(fundtrace, oneCore[i].ledger, policy: oneCore[i].policy, cpu: oneCore[i].cpu,
                                                                         in: dir).seconds)
            }
        }
        let same = FileManager.default.contentsEqual(atPath: dir + "/w.csv", andPath: dir + "/p.csv")
            && FileManager.default.contentsEqual(atPath: dir + "/w.json", andPath: dir + "/p.json")
        let ledgerKeys = max(1, (try String(contentsOfFile: dir + "/p.csv", encoding: .utf8)).split(separator: "\n").count - 1)
        let streamRSS = Double(peakKiB["stream"] ?? 0) * 1024
        // The fixed part of a worker's memory (runtime, libraries, sources): a run on the header alone.
        try "chain,tx_hash,block,tx_index,log_index,timestamp,from,to,asset,amount,fee\n".write(toFile: dir + "/empty.csv", atomically: true, encoding: .utf8)
        _ = try timed("empty", [fundtrace, "taint", "account", "--presorted", "--transfers", dir + "/empty.csv", "--sources", sources,
                                "--policy", "haircut", "--out-addresses", dir + "/e.csv", "--summary", dir + "/e.json"])
        let emptyRSS = Double(peakKiB["empty"] ?? 0) * 1024
        let keys = max(1, (try String(contentsOfFile: dir + "/score.csv", encoding: .utf8)).split(separator: "\n").count - 1)
        func m(_ o: [ChildProcess.Outcome]) -> Double { median(o.map(\.seconds)) }
        func list(_ o: [ChildProcess.Outcome]) -> String { o.map { String(format: "%.2f", $0.seconds) }.joined(separator: ", ") }
        let workerRSS = Double(peakKiB["worker"] ?? 0) * 1024, scoreRSS = Double(peakKiB["score"] ?? 0) * 1024
        let gib = Double(1 << 30)
        return """
            Batch scoring: \(rows) transfers, largest ledger \(ledger) (\(ledgerRows) rows), \(keys) keys, haircut, Spark \(master), \(reps) reps alternated

            | run | seconds | median s | transfers/s | peak RSS MiB |
            | --- | --- | --- | --- | --- |
            | fundtrace score | \(list(score)) | \(String(format: "%.2f", m(score))) | \(Int(Double(rows) / m(score))) | \(Int(scoreRSS / 1048576)) |
            | Spark job | \(list(spark)) | \(String(format: "%.2f", m(spark))) | \(Int(Double(rows) / m(spark))) | \((peakKiB["spark"] ?? 0) / 1024) (driver) |
            | worker, largest ledger, whole file | \(list(worker)) | \(String(format: "%.2f", m(worker))) | \(Int(Double(ledgerRows) / m(worker))) | \(Int(workerRSS / 1048576)) |
            | worker, largest ledger, `--presorted` | \(list(stream)) | \(String(format: "%.2f", m(stream))) | \(Int(Double(ledgerRows) / m(stream))) | \(Int(streamRSS / 1048576)) |

            The streaming worker on one core (`taskset -c N`, each CPU in turn), against the goal of 2 M transfers/s:

            | ledger, policy | seconds | median s | transfers/s | ≥ 2 M/s |
            | --- | --- | --- | --- | --- |
            \(WorkerOneCoreBenchmark.rows(oneCore))

            Streaming ÷ whole file: \(String(format: "%.2f", m(worker) / m(stream)))× faster; outputs \(same ? "identical" : "DIFFERENT"). \
            Streaming worker: \(Int((streamRSS - emptyRSS) / Double(ledgerKeys))) bytes of peak memory per ledger key (\(ledgerKeys) keys; \
            peak less an empty ledger's \(Int(emptyRSS / 1048576)) MiB).

            Spark ÷ score: \(String(format: "%.1f", m(spark) / m(score)))×. Worker: \(Int(workerRSS / Double(ledgerRows))) bytes of peak memory a row, \
            \(String(format: "%.2f", gib / (workerRSS / Double(ledgerRows)) / 1e6)) M transfers per GiB. score: \
            \(String(format: "%.2f", gib / (scoreRSS / Double(keys)) / 1e6)) M keys per GiB (with the store's pages and the transfers swept); \
            \(String(format: "%.1f", m(score) / Double(rows) * 1e8)) s per 100 M transfers read and swept from the store.
            """
    }

    /// Writes the largest (chain, asset) ledger of `export`, in file order, to `path`. Done by awk in a child process:
    /// a child's peak memory (`wait4`) counts its parent's pages when spawned, so this process stays small.
    static func largestLedger(_ export: String, into path: String) throws -> (rows: Int, ledger: String, ledgerRows: Int) {
        let counted = try check(ChildProcess.run(["awk", "-F,", "NR > 1 { n++; c[$1 \"/\" $9]++ } END { for (k in c) print c[k], k; print n, \"ALL\" }", export]))
        var counts: [String: Int] = [:]
        for line in counted.output.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            if parts.count == 2, let n = Int(parts[0]) { counts[String(parts[1])] = n }
        }
        let total = counts.removeValue(forKey: "ALL") ?? 0
        let top = counts.max { $0.value < $1.value }!
        let chainAsset = top.key.split(separator: "/", maxSplits: 1).map(String.init)
        try check(ChildProcess.run(["awk", "-F,", "NR == 1 || ($1 == \"\(chainAsset[0])\" && $9 == \"\(chainAsset[1])\")", export], stdoutTo: path))
        return (total, top.key, top.value)
    }

    @discardableResult
    static func check(_ o: ChildProcess.Outcome) throws -> ChildProcess.Outcome {
        guard o.status == 0 else { throw NSError(domain: "spark-bench", code: Int(o.status), userInfo: [NSLocalizedDescriptionKey: o.output]) }
        return o
    }
}
