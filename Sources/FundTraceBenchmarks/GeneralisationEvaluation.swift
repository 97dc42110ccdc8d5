import Foundation
import FundTraceEvaluation
import FundTraceIngest
import FundTraceModel
import FundTraceSimulation
import FundTraceStore
import FundTraceTaint
import FundTraceTrace
import FundTraceTaintAdapters

/// Tracing accuracy on data the tracer was not built around: `seeds` cases of
/// the randomised ``LaunderingScenario`` per scale, each loaded from its files
/// as a user would (canonical CSV, pool events, labels) and traced with the
/// default parameters from its theft transfers; precision and recall of the
/// cash-out deposit addresses, min and median over the seeds.
enum GeneralisationEvaluation {
    static func run(seeds: ClosedRange<UInt64>, scales: [LaunderingScenario.Scale], workDir: String,
                    mixerModes: [MixerMode] = [.link]) throws -> String {
        var lines = ["| scale | mixer mode | seeds | deposit addresses (truth, median) | precision min / median (%) | recall min / median (%) | "
                     + "mixer withdrawals found | trace time median (s) |", "|---|---|---|---|---|---|---|---|"]
        for scale in scales {
            var rows: [MixerMode: [(p: Double, r: Double, truth: Int, mixer: Int, mixerTruth: Int, seconds: Double)]] = [:]
            for seed in seeds {
                let dir = (workDir as NSString).appendingPathComponent("generalisation-\(getpid())-\(scale.rawValue)-\(seed)")
                defer { try? FileManager.default.removeItem(atPath: dir) }
                _ = try LaunderingScenario(seed: seed, scale: scale).generate(to: dir)
                let store = try TransferStore(path: (dir as NSString).appendingPathComponent("s.sqlite"))
                let loader = Loader(store: store)
                for f in ["transfers.csv", "pool-events.csv"] { _ = try loader.load(path: (dir as NSString).appendingPathComponent(f)) }
                try store.insertLabels(try LabelFileReader.read(path: (dir as NSString).appendingPathComponent("labels.csv")))
                let sources = try SourceSpec.readForStore(path: (dir as NSString).appendingPathComponent("sources.csv"))
                let truth = try GroundTruth.read(from: dir)
                let labels = try LabelBook(store: store)
                for mode in mixerModes {
                    var p = TraceParameters()
                    p.mixerMode = mode
                    let r = try Investigation(store: store, labels: labels, parameters: p).run(sources: sources)
                    let e = TraceEvaluation.evaluate(r, against: truth)
                    let mw = e.attackerRecallByRole["mixer_withdrawal"]
                    rows[mode, default: []].append((e.depositAddresses.precision ?? 0, e.depositAddresses.recall ?? 0, e.depositAddresses.truth,
                                                    mw?.correct ?? 0, mw?.truth ?? 0, r.statistics.seconds))
                    FileHandle.standardError.write(Data(String(format: "%@ seed %llu %@: P %.3f R %.3f\n", scale.rawValue, seed, mode.rawValue,
                                                               e.depositAddresses.precision ?? 0, e.depositAddresses.recall ?? 0).utf8))
                }
            }
            for mode in mixerModes {
                let rs = rows[mode] ?? []
                func median(_ xs: [Double]) -> Double { let s = xs.sorted(); return s.isEmpty ? 0 : s[s.count / 2] }
                func pct(_ x: Double) -> String { String(format: "%.1f", x * 100) }
                let p = rs.map(\.p), r = rs.map(\.r)
                lines.append("| \(scale.rawValue) | \(mode.rawValue) | \(seeds.lowerBound)–\(seeds.upperBound) | \(Int(median(rs.map { Double($0.truth) }))) | "
                             + "\(pct(p.min() ?? 0)) / \(pct(median(p))) | \(pct(r.min() ?? 0)) / \(pct(median(r))) | "
                             + "\(rs.reduce(0) { $0 + $1.mixer }) of \(rs.reduce(0) { $0 + $1.mixerTruth }) | "
                             + String(format: "%.2f", median(rs.map(\.seconds))) + " |")
            }
        }
        return lines.joined(separator: "\n")
    }
}
