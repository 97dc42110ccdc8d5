import FundTraceModel
import FundTraceTrace

/// The few lines `trace` and `demo` print: per asset, what left the sources
/// and where it ended, in human units.
enum TraceSummary {
    static func text(_ r: TraceResult, outDir: String) -> String {
        let s = r.statistics
        var lines = ["\(r.direction.rawValue) trace, \(r.parameters.policy.rawValue): followed \(Terminal.grouped(s.addressesFollowed)) addresses, "
                     + "swept \(Terminal.grouped(s.transfersSwept)) transfers (\(Terminal.grouped(s.transfersRead)) read) in "
                     + String(format: "%.2f s", s.seconds) + "; \(r.endpoints.count) endpoints; wrote \(outDir)/{trace.json,flows.csv,endpoints.csv}"]
        for t in r.totals {
            let unit = Terminal.printable(t.symbol ?? t.asset)
            func human(_ v: String) -> String { t.decimals.map { Amount.shift(v, decimals: $0, maxFraction: 6) } ?? v }
            var byReason: [String: Double] = [:]
            var exact: [String: Amount] = [:]
            for e in r.endpoints where e.chain == t.chain && e.asset == t.asset {
                if let a = Amount(e.taintedAmount) { exact[e.reason.rawValue] = (exact[e.reason.rawValue] ?? .zero).saturatingAdd(a) }
                else { byReason[e.reason.rawValue, default: 0] += Double(e.taintedAmount) ?? 0 }
            }
            let parts = Set(exact.keys).union(byReason.keys).sorted().map { reason -> String in
                if let a = exact[reason], byReason[reason] == nil { return "\(reason) \(human(a.description))" }
                let d = (exact[reason]?.doubleValue ?? 0) + (byReason[reason] ?? 0)
                return "\(reason) \(human(String(format: "%.0f", d)))"
            }
            let returned = t.returnedToSources == "0" ? "" : "returned to sources \(human(t.returnedToSources)); "
            lines.append("  \(t.chain) \(unit): stolen \(human(t.created)) → \(parts.joined(separator: ", ")); fees \(human(t.feeSink)); \(returned)"
                         + (t.reconciled ? "reconciled" : (r.parameters.policy.isConserving ? "NOT reconciled" : "poison does not conserve taint")))
        }
        if s.reentries > 0 {
            lines.append("  note: \(s.reentries) transfers from endpoints back into followed addresses were treated as clean (the endpoint keeps the taint)")
        }
        return lines.joined(separator: "\n")
    }
}
