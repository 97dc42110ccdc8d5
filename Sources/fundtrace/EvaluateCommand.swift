import ArgumentParser
import Foundation
import FundTraceEvaluation
import FundTraceIngest
import FundTraceSimulation
import FundTraceTrace
import FundTraceCSV

struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Score a trace against the ground truth of a simulated case.",
        discussion: """
            Precision and recall of the trace's cash-out endpoints (at deposit-address level, and at exchange level per \
            chain), of the attacker addresses it followed (with recall by the role each played), and the error in the \
            stolen amount it attributed to each true cash-out. TRUTH is the case folder `fundtrace simulate` wrote (or \
            its truth/ folder); TRACE_DIR holds the trace.json of `fundtrace trace`.
            """)

    @Option(help: "Case folder (or its truth/ folder) written by `fundtrace simulate`.") var truth: String
    @Argument(help: "Folder holding trace.json (or the trace.json itself).") var traceDir: String
    @Option(help: "An endpoint counts as flagged when it holds at least this share of the taint created in its asset.")
    var minShare = 0.001
    @Flag(help: "Print the evaluation as JSON.") var json = false
    @Option(help: "Also write the per-cash-out amount check as CSV.") var amountsCSV: String?

    func run() throws {
        let truth = try GroundTruth.read(from: self.truth)
        let trace = try TraceWriter.read(traceDir)
        let e = TraceEvaluation.evaluate(trace, against: truth, minShare: minShare)
        if let amountsCSV {
            let w = try CSVWriter(path: amountsCSV)
            try w.write(["chain", "address", "exchange", "asset", "symbol", "stolen", "attributed", "relative_error"])
            for a in e.amounts {
                try w.write([a.chain, a.address, a.exchange, a.asset, a.symbol, a.stolen, a.attributed, String(format: "%.6f", a.relativeError)])
            }
            try w.close()
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            encoder.keyEncodingStrategy = .convertToSnakeCase
            print(String(decoding: try encoder.encode(e), as: UTF8.self))
            return
        }
        print(Self.table(e))
    }

    static func percent(_ x: Double?) -> String { x.map { String(format: "%.1f %%", $0 * 100) } ?? "–" }

    static func table(_ e: TraceEvaluation) -> String {
        var lines = ["policy \(e.policy), mixers \(e.mixerMode), stopping at \(e.stopAt.joined(separator: ",")); flagged = at least \(e.minShare * 100) % of the taint created in the asset",
                     "                      truth  predicted  correct  precision  recall"]
        func row(_ name: String, _ s: TraceEvaluation.Score) {
            lines.append(name.padding(toLength: 20, withPad: " ", startingAt: 0)
                         + String(format: "%7d %10d %8d", s.truth, s.predicted, s.correct)
                         + percent(s.precision).leftPad(11) + percent(s.recall).leftPad(8))
        }
        row("deposit addresses", e.depositAddresses)
        row("exchanges (chain)", e.exchanges)
        row("attacker addresses", e.attackerAddresses)
        for role in e.attackerRecallByRole.keys.sorted() {
            let s = e.attackerRecallByRole[role]!
            lines.append("  \(role)".padding(toLength: 20, withPad: " ", startingAt: 0) + String(format: "%7d %19d", s.truth, s.correct)
                         + percent(s.recall).leftPad(19))
        }
        let missed = e.amounts.filter { $0.attributed == "0" }.count
        lines.append("stolen amount at the \(e.amounts.count) true cash-outs: median relative error \(percent(e.medianAmountError)); \(missed) got nothing")
        return lines.joined(separator: "\n")
    }
}

extension String {
    func leftPad(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}
