import FundTraceTrace

/// The case report as Markdown, for tickets and e-mail. Cells are escaped
/// with ``MarkupText/markdown(_:)``.
public enum MarkdownReport {
    public static func render(_ r: CaseReport) -> String {
        let m = MarkupText.markdown
        func time(_ t: Int64?) -> String { t.map(TraceTime.iso8601) ?? "" }
        var o = "# \(m(r.title))\n\nGenerated \(r.generated) by \(m(r.provenance.tool)). Policy **\(r.parameters.policy.rawValue)**, "
        o += "\(r.direction.rawValue), max hops \(r.parameters.maxHops), stop at \(r.parameters.stopAt.map(\.rawValue).sorted().joined(separator: ", ")); "
        o += "\(r.sources.count) source rules.\n\n## Freeze list: deposit addresses per exchange\n\n"
        if r.freezeList.entries.isEmpty { o += "No exchange deposit address holds a material share of the stolen value.\n\n" }
        for (exchange, entries) in r.freezeList.byExchange {
            o += "### \(m(exchange))\n\n| chain | deposit address | stolen amount | first tainted transfer | last tainted transfer | rule |\n|---|---|---|---|---|---|\n"
            for e in entries {
                o += "| \(m(e.chain)) | `\(m(e.address))` | \(m(e.display)) | `\(m(e.firstTx))` \(time(e.firstTime)) | `\(m(e.lastTx))` \(time(e.lastTime)) | \(m(e.rule)) |\n"
            }
            o += "\n"
        }
        o += "## Case summary\n\n| chain | asset | stolen | from swaps, bridges, mixers | into swaps, bridges, mixers | at endpoints | fees | returned to sources | reconciled |\n|---|---|---|---|---|---|---|---|---|\n"
        for t in r.totals {
            o += "| \(m(t.chain)) | \(m(r.units.name(chain: t.chain, asset: t.asset))) | \(m(r.display(t.created, chain: t.chain, asset: t.asset))) "
            o += "| \(m(r.display(t.crossedIn ?? "0", chain: t.chain, asset: t.asset))) | \(m(r.display(t.crossedOut ?? "0", chain: t.chain, asset: t.asset))) "
            o += "| \(m(r.display(t.atEndpoints, chain: t.chain, asset: t.asset))) "
            o += "| \(m(r.display(t.feeSink, chain: t.chain, asset: t.asset))) | \(m(r.display(t.returnedToSources, chain: t.chain, asset: t.asset))) | \(t.reconciled ? "yes" : "no") |\n"
        }
        o += "\n## Endpoints\n\n| reason | category | label | chain | address | tainted | first tx | first time | last tx | last time | why |\n|---|---|---|---|---|---|---|---|---|---|---|\n"
        for e in r.endpoints {
            let p = e.endpoint
            o += "| \(p.reason.rawValue) | \(m(p.category)) | \(m(p.label)) | \(m(p.chain)) | `\(m(p.address))` | \(m(e.display)) | `\(m(p.firstTx))` | \(time(p.firstTime)) | `\(m(p.lastTx))` | \(time(p.lastTime)) | \(m(p.evidence)) |\n"
        }
        o += "\n## Crossings\n\n"
        if r.crossings.isEmpty { o += "None in this trace.\n" } else {
            o += "| kind | label | address | tainted | heuristic | evidence | confidence |\n|---|---|---|---|---|---|---|\n"
            for c in r.crossings {
                o += "| \(m(c.kind)) | \(m(c.label)) | `\(m(c.address))` | \(m(r.display(c.tainted, chain: c.chain, asset: c.asset))) | \(m(c.heuristic)) | \(m(c.evidence)) | \(m(c.confidence)) |\n"
            }
        }
        o += "\n## Hop by hop\n\n| hop | chain | asset | transfers | tainted |\n|---|---|---|---|---|\n"
        for x in r.hops { o += "| \(x.hop) | \(m(x.chain)) | \(m(r.units.name(chain: x.chain, asset: x.asset))) | \(x.transfers) | \(m(x.display)) |\n" }
        if !r.comparison.isEmpty {
            o += "\n## Policy comparison\n\n| label | address | asset | " + r.comparisonPolicies.joined(separator: " | ") + " |\n|---|---|---|" + r.comparisonPolicies.map { _ in "---|" }.joined() + "\n"
            for c in r.comparison {
                o += "| \(m(c.label)) | `\(m(c.address))` | \(m(r.units.name(chain: c.chain, asset: c.asset))) | " + r.comparisonPolicies.map { p in m(c.amounts[p].map { r.display($0, chain: c.chain, asset: c.asset) } ?? "—") }.joined(separator: " | ") + " |\n"
            }
        }
        let p = r.provenance
        o += "\n## Provenance\n\n"
        if let c = p.traceCommand { o += "- trace command: `\(ShellWords.join(c).replacingOccurrences(of: "`", with: "'"))`\n" }
        o += "- report command: `\(ShellWords.join(p.reportCommand).replacingOccurrences(of: "`", with: "'"))`\n"
        if let s = p.store { o += "- store: `\(m(s))`\(p.storeBytes.map { " (\($0) bytes)" } ?? "")\n" }
        if let f = p.storeFingerprint { o += "- store fingerprint (SHA-256 over the loaded files' SHA-256s): `\(f)`\n" }
        o += "\n| file | format | chain | rows stored | SHA-256 |\n|---|---|---|---|---|\n"
        for l in p.loads { o += "| `\(m(l.file))` | \(m(l.format)) | \(m(l.chain)) | \(l.rowsStored) | `\(l.sha256)` |\n" }
        return o
    }
}
