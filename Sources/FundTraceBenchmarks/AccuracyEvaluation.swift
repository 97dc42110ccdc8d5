import Foundation
import FundTraceEvaluation
import FundTraceIngest
import FundTraceModel
import FundTraceSimulation
import FundTraceStore
import FundTraceTaint
import FundTraceTrace
import FundTraceTaintAdapters

/// Tracing accuracy on a simulated case (default: the shipped CoinStats-like
/// instance): the trace under every policy and mixer mode, scored against the
/// ground truth, as the Markdown table in the README.
enum AccuracyEvaluation {
    static func run(dataset: String, workDir: String) throws -> String {
        let db = (workDir as NSString).appendingPathComponent("accuracy-\(getpid()).sqlite")
        defer { for s in ["", "-journal", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + s) } }
        let store = try TransferStore(path: db)
        let folder = CaseFolder(dataset)
        try folder.load(into: store)
        let sources = try SourceSpec.readForStore(path: folder.sources)
        let truth = try GroundTruth.read(from: dataset)
        let labels = try LabelBook(store: store)
        func pct(_ x: Double?) -> String { x.map { String(format: "%.1f", $0 * 100) } ?? "–" }
        var lines = ["| policy | mixer mode | deposit addresses P / R (%) | exchanges P / R (%) | attacker addresses P / R (%) | mixer withdrawals found | median amount error (%) | trace time (s) |",
                     "|---|---|---|---|---|---|---|---|"]
        for policy in [TaintPolicy.haircut, .fifo, .lifo, .tiho, .poison] {
            for mode in MixerMode.allCases.sorted(by: { $0 == .link && $1 != .link }) {
                var p = TraceParameters()
                p.policy = policy
                p.mixerMode = mode
                let r = try Investigation(store: store, labels: labels, parameters: p).run(sources: sources)
                let e = TraceEvaluation.evaluate(r, against: truth)
                let mw = e.attackerRecallByRole["mixer_withdrawal"]
                lines.append("| \(policy.rawValue) | \(mode.rawValue) | \(pct(e.depositAddresses.precision)) / \(pct(e.depositAddresses.recall)) | "
                             + "\(pct(e.exchanges.precision)) / \(pct(e.exchanges.recall)) | "
                             + "\(pct(e.attackerAddresses.precision)) / \(pct(e.attackerAddresses.recall)) | "
                             + "\(mw?.correct ?? 0) of \(mw?.truth ?? 0) | \(pct(e.medianAmountError)) | "
                             + String(format: "%.2f", r.statistics.seconds) + " |")
            }
        }
        return lines.joined(separator: "\n")
    }
}
