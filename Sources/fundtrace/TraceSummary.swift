import FundTraceModel
import FundTraceRender
import FundTraceTrace

/// The few lines `trace` and `demo` print: per asset, what left the sources
/// and where it ended, in human units.
enum TraceSummary {
    static func text(_ r: TraceResult, outDir: String) -> String {
        let s = r.statistics
        var lines = ["\(r.direction.rawValue) trace, \(r.parameters.policy.rawValue): followed \(Terminal.grouped(s.addressesFollowed)) addresses, "
                     + "swept \(Terminal.grouped(s.transfersSwept)) transfers (\(Terminal.grouped(s.transfersRead)) read) in "
                     + String(format: "%.2f s", s.seconds) + "; \(r.endpoints.count) endpoints; wrote \(outDir)/{trace.json,flows.csv,endpoints.csv}"]
        let units = AssetUnits(r)
        for t in r.totals {
            let unit = Terminal.printable(units.name(chain: t.chain, asset: t.asset))
            func human(_ v: String) -> String { Terminal.printable(units.display(v, chain: t.chain, asset: t.asset, maxFraction: 6)) }
            var byReason: [EndpointReason: TaintSum] = [:]
            for e in r.endpoints where e.chain == t.chain && e.asset == t.asset { byReason[e.reason, default: TaintSum()].add(e.taintedAmount) }
            let parts = byReason.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue) \(human($0.value.text))" }
            let returned = t.returnedToSources == "0" ? "" : "returned to sources \(human(t.returnedToSources)); "
            let crossedIn = t.crossedIn.map { " + \(human($0)) from swaps/bridges/mixers" } ?? ""
            let crossedOut = t.crossedOut.map { "into swaps/bridges/mixers \(human($0)); " } ?? ""
            let ended = parts.isEmpty ? "nothing at endpoints" : parts.joined(separator: ", ")
            lines.append("  \(t.chain) \(unit): stolen \(human(t.created))\(crossedIn) → \(ended); \(crossedOut)fees \(human(t.feeSink)); \(returned)"
                         + (t.reconciled ? "reconciled" : (r.parameters.policy.isConserving ? "NOT reconciled" : "poison does not conserve taint")))
        }
        for a in r.sourceAccounts ?? [] where a.sent != "0" {
            func human(_ v: String) -> String { Terminal.printable(units.display(v, chain: a.chain, asset: a.asset, maxFraction: 6)) }
            let unit = Terminal.printable(units.name(chain: a.chain, asset: a.asset))
            var line = "  source \(Terminal.printable(a.address)) (\(a.role), \(Terminal.printable(a.chain)) \(unit)): sent \(human(a.sent)), "
                + "attributed \(human(a.attributed))"
            if a.unattributed != "0" { line += ", not attributed \(human(a.unattributed))" }
            lines.append(line)
        }
        for w in r.warnings ?? [] { lines.append("  warning: " + Terminal.printable(w)) }
        if s.reentries > 0 {
            lines.append("  note: \(s.reentries) transfers from endpoints back into followed addresses were treated as clean (the endpoint keeps the taint)")
        }
        return lines.joined(separator: "\n")
    }
}
