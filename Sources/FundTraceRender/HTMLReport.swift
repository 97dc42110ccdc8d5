import FundTraceTrace

/// The case report as one self-contained HTML page: the freeze list first, inline CSS, the diagram
/// as inline SVG, one inline script that sorts tables, and no external assets. Every value from chain
/// data or label files is HTML-escaped; links are http(s) explorer links only.
public enum HTMLReport {
    public static func render(_ r: CaseReport, svg: String?) -> String {
        let h = MarkupText.html
        /// A hash or address, shortened for the table when `short`; the full value is the link's title.
        func link(_ text: String, _ url: String?, short: Bool = false) -> String {
            let shown = short && text.count > 22 ? String(text.prefix(12)) + "…" + String(text.suffix(8)) : text
            guard let url else { return "<code title=\"\(h(text))\">\(h(shown))</code>" }
            return "<a href=\"\(h(url))\" title=\"\(h(text))\" rel=\"noopener noreferrer\"><code>\(h(shown))</code></a>"
        }
        func time(_ t: Int64?) -> String { t.map(TraceTime.iso8601) ?? "" }
        var o = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(h(r.title))</title>
            <style>
            body{font-family:-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;margin:2em auto;max-width:1200px;color:#222;line-height:1.4;padding:0 1em}
            h1{font-size:1.6em;margin-bottom:.2em} h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.6em}
            table{border-collapse:collapse;width:100%;font-size:.88em;margin:.6em 0} th,td{border:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}
            th{background:#f3f3f3} td{overflow-wrap:break-word} td.num{text-align:right;font-variant-numeric:tabular-nums} .nw{white-space:nowrap} td.wrap{overflow-wrap:anywhere;min-width:14em}
            code{font-size:.85em;overflow-wrap:anywhere} .muted{color:#666} .ok{color:#1b7837} .bad{color:#b2182b}
            .diagram{overflow:auto;border:1px solid #ddd;padding:.5em;background:#fff} .diagram svg{max-width:100%;height:auto}
            .reason{display:inline-block;padding:1px 6px;border-radius:8px;background:#eee;font-size:.85em}
            h3{margin:1em 0 .2em} td.addr code{white-space:nowrap;overflow-wrap:normal;font-size:.8em} table.sortable th{cursor:pointer} table.sortable th:hover{background:#e6e6e6}
            @media print{.diagram,details{display:none} body{margin:0;max-width:none} h2{page-break-after:avoid}}
            </style>
            <script>
            // Sorts a table by the clicked column (numbers by their data-sort value); no remote resource.
            document.addEventListener("click", function (ev) {
              var th = ev.target.closest("table.sortable th"); if (!th) return;
              var table = th.closest("table"), col = Array.prototype.indexOf.call(th.parentNode.children, th);
              var rows = Array.prototype.slice.call(table.rows, 1), up = th.getAttribute("data-dir") !== "asc";
              function key(r) { var c = r.cells[col]; if (!c) return ""; var v = c.getAttribute("data-sort"); return v !== null ? parseFloat(v) : c.textContent.trim().toLowerCase(); }
              rows.sort(function (a, b) { var x = key(a), y = key(b); return (x < y ? -1 : x > y ? 1 : 0) * (up ? 1 : -1); });
              rows.forEach(function (r) { table.tBodies[0].appendChild(r); });
              th.setAttribute("data-dir", up ? "asc" : "desc");
            });
            </script></head><body>
            <h1>\(h(r.title))</h1>
            <p class="muted">Generated \(h(r.generated)) by \(h(r.provenance.tool)). Amounts are exact; base units are given beside human units.</p>

            """
        let linker: (String, String?, Bool) -> String = { link($0, $1, short: $2) }
        o += freezeSection(r, link: linker, time: time)
        // Case summary.
        o += "<h2>Case summary</h2><table><tr><th>direction</th><td>\(h(r.direction.rawValue))</td></tr>"
        o += "<tr><th>policy</th><td>\(h(r.parameters.policy.rawValue))</td></tr>"
        o += "<tr><th>parameters</th><td>max hops \(r.parameters.maxHops); min value \(h(r.parameters.minValue.description)) base units; stop at \(h(r.parameters.stopAt.map(\.rawValue).sorted().joined(separator: ", "))); max degree \(r.parameters.maxDegree); deposit window \(r.parameters.depositWindow) s</td></tr>"
        o += "<tr><th>window</th><td>" + r.windows.map { w in
            let first = w.firstBlock == 0 ? "the first block" : "block \(w.firstBlock)"
            let last = w.lastBlock >= UInt64(Int64.max) ? "the last block in the store" : "block \(w.lastBlock)"
            return "\(h(w.chain)): \(first) to \(last)"
        }.joined(separator: "<br>") + "</td></tr>"
        o += "<tr><th>sources</th><td>\(r.sources.count) rule\(r.sources.count == 1 ? "" : "s"): "
            + r.sources.prefix(20).map { "\(h($0.type)) <code>\(h($0.id))</code> on \(h($0.chain))" }.joined(separator: "; ")
            + (r.sources.count > 20 ? "; … (all in the JSON and CSV files)" : "") + "</td></tr>"
        o += "</table>"
        o += "<table><tr><th>chain</th><th>asset</th><th>stolen</th><th>from swaps, bridges, mixers</th><th>into swaps, bridges, mixers</th><th>at endpoints</th><th>fees</th><th>returned to sources</th><th>reconciled</th></tr>"
        for t in r.totals {
            let ok = t.reconciled ? "<span class=\"ok\">yes</span>" : (r.parameters.policy.isConserving ? "<span class=\"bad\">no</span>" : "n/a (poison)")
            o += "<tr><td>\(h(t.chain))</td><td>\(h(r.units.name(chain: t.chain, asset: t.asset)))</td><td class=\"num\">\(h(r.display(t.created, chain: t.chain, asset: t.asset)))</td>"
            o += "<td class=\"num\">\(h(r.display(t.crossedIn ?? "0", chain: t.chain, asset: t.asset)))</td><td class=\"num\">\(h(r.display(t.crossedOut ?? "0", chain: t.chain, asset: t.asset)))</td>"
            o += "<td class=\"num\">\(h(r.display(t.atEndpoints, chain: t.chain, asset: t.asset)))</td><td class=\"num\">\(h(r.display(t.feeSink, chain: t.chain, asset: t.asset)))</td>"
            o += "<td class=\"num\">\(h(r.display(t.returnedToSources, chain: t.chain, asset: t.asset)))</td><td>\(ok)</td></tr>"
        }
        o += "</table>"
        let priced = r.stolen.compactMap(\.usd)
        if !priced.isEmpty {
            o += "<p>Stolen value in USD at the theft's first day's prices: <b>\(h(PriceTable.text(priced.reduce(0, +))))</b>"
                + (priced.count < r.stolen.count ? " (\(r.stolen.count - priced.count) assets without a price not included)" : "") + ".</p>"
        }
        if let svg { o += "<h2>Flow diagram</h2><div class=\"diagram\">\(svg)</div>" }
        // Endpoints.
        let material = r.endpoints.filter(\.material), dust = r.endpoints.filter { !$0.material }
        o += "<h2>Endpoints: where the value is</h2><p class=\"muted\">\(material.count) endpoints hold at least \(h(percent(r.freezeList.materialShare))) "
            + "of the taint created in their asset; \(dust.count) below that are in the appendix.</p>"
        o += endpointTable(material, r, link: linker, time: time)
        if !dust.isEmpty {
            o += "<details><summary>Appendix: \(dust.count) endpoints below \(h(percent(r.freezeList.materialShare))) of the stolen value in their asset "
                + "(dust that haircut spreads through innocent hands)</summary>" + endpointTable(dust, r, link: linker, time: time) + "</details>"
        }
        // Crossings.
        o += "<h2>Crossings: swaps, bridges, mixers, deposit addresses</h2>"
        if r.crossings.isEmpty { o += "<p class=\"muted\">None in this trace.</p>" } else {
            o += "<table><tr><th>kind</th><th>label</th><th>address</th><th>tainted</th><th>heuristic</th><th>evidence</th><th>confidence</th></tr>"
            for c in r.crossings {
                o += "<tr><td>\(h(c.kind))</td><td>\(h(c.label))</td><td><code>\(h(c.address))</code></td><td class=\"num\">\(h(r.display(c.tainted, chain: c.chain, asset: c.asset)))</td>"
                o += "<td>\(h(c.heuristic))</td><td class=\"wrap\">\(h(c.evidence))</td><td>\(h(c.confidence))</td></tr>"
            }
            o += "</table>"
        }
        // Hops.
        o += "<h2>Hop by hop</h2><table><tr><th>hop</th><th>chain</th><th>asset</th><th>transfers</th><th>tainted value</th></tr>"
        for x in r.hops { o += "<tr><td class=\"num\">\(x.hop)</td><td>\(h(x.chain))</td><td>\(h(r.units.name(chain: x.chain, asset: x.asset)))</td><td class=\"num\">\(x.transfers)</td><td class=\"num\">\(h(x.display))</td></tr>" }
        o += "</table>"
        let shown = r.flows.prefix(500)
        o += "<details><summary>\(shown.count) of \(r.flows.count) tainted transfers (all in report-flows.csv)</summary><table><tr><th>hop</th><th>time</th><th>transaction</th><th>from</th><th>to</th><th>tainted</th></tr>"
        for f in shown {
            o += "<tr><td class=\"num\">\(f.hop.map(String.init) ?? "")</td><td>\(h(time(f.time)))</td><td>\(link(f.txHash, nil, short: true))</td><td><code>\(h(f.from))</code></td><td><code>\(h(f.to))</code></td>"
            o += "<td class=\"num\">\(h(r.display(f.tainted, chain: f.chain, asset: f.asset)))</td></tr>"
        }
        o += "</table></details>"
        // Policy comparison.
        if !r.comparison.isEmpty {
            o += "<h2>Policy comparison</h2><p class=\"muted\">Tainted amount at each endpoint under each policy (poison marks everything a tainted address sends; it is an upper bound).</p>"
            o += "<table><tr><th>label</th><th>address</th><th>asset</th>" + r.comparisonPolicies.map { "<th>\(h($0))</th>" }.joined() + "</tr>"
            for c in r.comparison {
                o += "<tr><td>\(h(c.label))</td><td><code>\(h(c.address))</code></td><td>\(h(r.units.name(chain: c.chain, asset: c.asset)))</td>"
                o += r.comparisonPolicies.map { p in "<td class=\"num\">\(h(c.amounts[p].map { r.display($0, chain: c.chain, asset: c.asset) } ?? "—"))</td>" }.joined() + "</tr>"
            }
            o += "</table>"
        }
        // Provenance.
        let p = r.provenance
        o += "<h2>Provenance</h2><table>"
        o += "<tr><th>tool</th><td>\(h(p.tool))</td></tr>"
        if let c = p.traceCommand { o += "<tr><th>trace command</th><td><code>\(h(ShellWords.join(c)))</code></td></tr>" }
        o += "<tr><th>report command</th><td><code>\(h(ShellWords.join(p.reportCommand)))</code></td></tr>"
        if let s = p.store { o += "<tr><th>store</th><td><code>\(h(s))</code>\(p.storeBytes.map { " (\($0) bytes)" } ?? "")</td></tr>" }
        if let f = p.storeFingerprint { o += "<tr><th>store fingerprint</th><td><code>\(h(f))</code> (SHA-256 over the loaded files' SHA-256s)</td></tr>" }
        o += "</table><table><tr><th>file loaded</th><th>format</th><th>chain</th><th>rows stored</th><th>SHA-256</th><th>loaded</th></tr>"
        for l in p.loads {
            o += "<tr><td><code>\(h(l.file))</code></td><td>\(h(l.format))</td><td>\(h(l.chain))</td><td class=\"num\">\(l.rowsStored)</td><td><code>\(h(l.sha256))</code></td><td>\(h(l.finishedAt))</td></tr>"
        }
        o += "</table>"
        if let files = p.labelFiles, !files.isEmpty {
            o += "<table><tr><th>label file imported</th><th>labels</th><th>new</th><th>SHA-256</th><th>imported</th></tr>"
            for l in files {
                o += "<tr><td><code>\(h(l.file))</code></td><td class=\"num\">\(l.labels)</td><td class=\"num\">\(l.added)</td><td><code>\(h(l.sha256))</code></td><td>\(h(l.importedAt))</td></tr>"
            }
            o += "</table>"
        }
        o += "</body></html>\n"
        return o
    }
}

extension HTMLReport {
    typealias Link = (String, String?, Bool) -> String

    /// A USD value under an amount, when prices were given.
    static func usdLine(_ usd: Double?) -> String {
        usd.map { "<br><span class=\"muted nw\">\(MarkupText.html(PriceTable.text($0)))</span>" } ?? ""
    }

    static func percent(_ share: Double) -> String { String(format: "%g %%", share * 100) }

    /// The answer first: per exchange, the deposit addresses to freeze, in full, with amounts and transactions.
    static func freezeSection(_ r: CaseReport, link: (String, String?, Bool) -> String, time: (Int64?) -> String) -> String {
        let h = MarkupText.html
        var o = "<h2 id=\"freeze\">Freeze list: deposit addresses per exchange</h2>"
        let groups = r.freezeList.byExchange
        if groups.isEmpty { return o + "<p>No exchange deposit address holds a material share of the stolen value.</p>" }
        o += "<p class=\"muted\">\(r.freezeList.entries.count) deposit addresses at \(groups.count) exchanges; each received at least "
            + "\(h(percent(r.freezeList.materialShare))) of the stolen value in its asset. Amounts are the stolen value attributed under the "
            + "\(h(r.parameters.policy.rawValue)) policy. One CSV per exchange is beside this report (freeze-*.csv).</p>"
        for (exchange, entries) in groups {
            let usd = entries.compactMap(\.usd)
            let total = usd.isEmpty ? "" : ", " + PriceTable.text(usd.reduce(0, +)) + (usd.count < entries.count ? " priced" : "")
            o += "<h3>\(h(exchange)) <span class=\"muted\">— \(entries.count) deposit address\(entries.count == 1 ? "" : "es")\(h(total))</span></h3><table class=\"sortable\"><tr><th>chain</th><th>deposit address</th><th>stolen amount</th><th>first tainted transfer</th>"
                + "<th>last tainted transfer</th><th>rule</th><th>why</th></tr>"
            for e in entries {
                o += "<tr><td>\(h(e.chain))</td><td class=\"addr\"><code>\(h(e.address))</code></td><td class=\"num\" data-sort=\"\(h(e.amount ?? e.amountBaseUnits))\"><span class=\"nw\">\(h(e.display))</span>\(usdLine(e.usd))</td>"
                o += "<td>\(link(e.firstTx, nil, true))<br>\(h(time(e.firstTime)))</td><td>\(link(e.lastTx, nil, true))<br>\(h(time(e.lastTime)))</td>"
                o += "<td>\(h(e.rule))</td><td class=\"wrap\">\(h(e.evidence))</td></tr>"
            }
            o += "</table>"
        }
        return o
    }

    static func endpointTable(_ rows: [CaseReport.Endpoint], _ r: CaseReport, link: (String, String?, Bool) -> String,
                              time: (Int64?) -> String) -> String {
        let h = MarkupText.html
        var o = "<table class=\"sortable\"><tr><th>reason</th><th>category</th><th>label</th><th>chain</th><th>address</th><th>tainted amount</th><th>first transfer</th><th>last transfer</th><th>why</th></tr>"
        for e in rows {
            let p = e.endpoint
            o += "<tr><td><span class=\"reason\">\(h(p.reason.rawValue))</span></td><td>\(h(p.category))</td><td>\(h(p.label))</td><td>\(h(p.chain))</td>"
            o += "<td>\(link(p.address, e.addressURL, false))</td><td class=\"num\" data-sort=\"\(h(p.taintedAmount))\"><span class=\"nw\">\(h(e.display))</span>\(usdLine(e.usd))</td>"
            o += "<td>\(link(p.firstTx, e.firstTxURL, true))<br>\(h(time(p.firstTime)))</td><td>\(link(p.lastTx, e.lastTxURL, true))<br>\(h(time(p.lastTime)))</td>"
            o += "<td class=\"wrap\">\(h(p.evidence))</td></tr>"
        }
        return o + "</table>"
    }
}

/// Words of a command line, quoted for a POSIX shell where needed.
public enum ShellWords {
    public static func join(_ words: [String]) -> String {
        words.map { w in
            if !w.isEmpty && w.allSatisfy({ $0.isLetter || $0.isNumber || "-_./=:,@%+".contains($0) }) { return w }
            return "'" + w.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }.joined(separator: " ")
    }
}
