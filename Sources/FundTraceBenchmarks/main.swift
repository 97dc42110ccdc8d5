import Foundation
import FundTraceSimulation
import FundTraceTrace

/// FundTrace benchmarks, run in release mode; results go to BENCHMARKS.md.
///
///     swift build -c release
///     .build/release/FundTraceBenchmarks load  [--rows 5000000] [--reps 3] [--work DIR]
///     .build/release/FundTraceBenchmarks taint [--transfers 10000000] [--addresses 1000000] [--sources 1000] [--reps 5]
///     .build/release/FundTraceBenchmarks trace [--transfers 10000000] [--addresses 1000000] [--reps 5] [--work DIR] [--trace-only]
///         (--trace-only skips the score peer: for profiling, not for BENCHMARKS.md)
///     .build/release/FundTraceBenchmarks workbench [--transfers 10000000] [--reps 5] [--work DIR]   (`fundtrace serve` over HTTP)
///     .build/release/FundTraceBenchmarks utxo [--transactions 200000] [--reps 3] [--work DIR]
///     .build/release/FundTraceBenchmarks render [--reps 3] [--work DIR]
///     .build/release/FundTraceBenchmarks accuracy [--dataset Datasets/coinstats-2024]   (trace vs ground truth, every policy and mixer mode)
///     .build/release/FundTraceBenchmarks tornado [--data ../shared/datasets-raw]   (mixer heuristics on real pool histories)
///     .build/release/FundTraceBenchmarks generalisation [--seeds 20] [--scale small|coinstats|both] [--modes link,pool]
///         (the randomised laundering family: deposit-address precision and recall, min and median over the seeds)
let args = CommandLine.arguments
func option(_ name: String, _ def: String) -> String {
    if let i = args.firstIndex(of: name), i + 1 < args.count { return args[i + 1] }
    return def
}
let exeDir = URL(fileURLWithPath: args[0]).resolvingSymlinksInPath().deletingLastPathComponent().path
let work = option("--work", NSTemporaryDirectory())
do {
    switch args.count > 1 ? args[1] : "" {
    case "load":
        print(try LoadBenchmark.run(rows: Int(option("--rows", "5000000"))!, reps: Int(option("--reps", "3"))!,
                                    fundtrace: (exeDir as NSString).appendingPathComponent("fundtrace"), workDir: work))
    case "taint":
        print(try TaintBenchmark.run(transfers: Int(option("--transfers", "10000000"))!, addresses: Int(option("--addresses", "1000000"))!,
                                     sources: Int(option("--sources", "1000"))!, selfPath: args[0], reps: Int(option("--reps", "5"))!))
    case "trace":
        print(try TraceBenchmark.run(transfers: Int(option("--transfers", "10000000"))!, addresses: Int(option("--addresses", "1000000"))!,
                                     reps: Int(option("--reps", "5"))!, fundtrace: (exeDir as NSString).appendingPathComponent("fundtrace"),
                                     workDir: work, withPeer: !args.contains("--trace-only")))
    case "workbench":
        print(try WorkbenchBenchmark.run(transfers: Int(option("--transfers", "10000000"))!, addresses: Int(option("--addresses", "1000000"))!,
                                         reps: Int(option("--reps", "5"))!, fundtrace: (exeDir as NSString).appendingPathComponent("fundtrace"),
                                         workDir: work))
    case "utxo":
        print(try UTXOBenchmark.run(transactions: Int(option("--transactions", "200000"))!, reps: Int(option("--reps", "3"))!,
                                    fundtrace: (exeDir as NSString).appendingPathComponent("fundtrace"), workDir: work))
    case "spark":
        print(try SparkBenchmark.run(reps: Int(option("--reps", "3"))!, fundtrace: (exeDir as NSString).appendingPathComponent("fundtrace"),
                                     job: option("--job", "spark/fundtrace_score.py"), workDir: work, master: option("--master", "local[2]")))
    case "render":
        print(try RenderBenchmark.run(reps: Int(option("--reps", "3"))!, workDir: work))
    case "tornado":
        print(try TornadoEvaluation.run(data: option("--data", "../shared/datasets-raw")))
    case "accuracy":
        print(try AccuracyEvaluation.run(dataset: option("--dataset", "Datasets/coinstats-2024"), workDir: work))
    case "generalisation":
        let scale = option("--scale", "both")
        let scales: [LaunderingScenario.Scale] = scale == "both" ? [.small, .coinstats] : [LaunderingScenario.Scale(rawValue: scale)!]
        let modes = option("--modes", "link").split(separator: ",").map { MixerMode(rawValue: String($0))! }
        print(try GeneralisationEvaluation.run(seeds: 1...UInt64(option("--seeds", "20"))!, scales: scales, workDir: work, mixerModes: modes))
    case "taint-one":
        TaintBenchmark.runOne(policy: option("--policy", "bare"), transfers: Int(option("--transfers", "10000000"))!,
                              addresses: Int(option("--addresses", "1000000"))!, sources: Int(option("--sources", "1000"))!)
    default:
        print("usage: FundTraceBenchmarks load|taint|trace|workbench|utxo|spark|render|accuracy|tornado|generalisation [options]   (see BENCHMARKS.md)")
        exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
