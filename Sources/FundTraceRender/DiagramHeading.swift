import FundTraceTrace

/// The heading drawn above a ``TraceDiagram``: the caption (what was traced, what was stolen per chain) and a
/// legend of the kinds of node drawn. It is the graph's own HTML-like label, so it takes no rank of the layout
/// and never widens the drawing beyond its own text.
extension TraceDiagram {
    /// The caption: direction, policy, sources, what was stolen per chain (one line each; in dollars too when
    /// prices are given) and what went back to the sources.
    func caption() -> [String] {
        let sources = result.sources.count
        var out = ["FundTrace \(result.direction.rawValue) trace · policy \(result.parameters.policy.rawValue) · \(sources) source rule\(sources == 1 ? "" : "s")"]
        var byChain: [(String, [String])] = []
        var usd = 0.0, priced = false
        for t in result.totals where t.created != "0" {
            let text = human(t.created, chain: t.chain, asset: t.asset)
            if let i = byChain.firstIndex(where: { $0.0 == t.chain }) { byChain[i].1.append(text) } else { byChain.append((t.chain, [text])) }
            if let v = options.prices.usd(t.created, chain: t.chain, asset: t.asset, units: units, at: result.latestFlowTime) { usd += v; priced = true }
        }
        out += byChain.map { "stolen on \($0.0): " + $0.1.joined(separator: " · ") }
        let returned = result.totals.filter { !["0", ""].contains($0.returnedToSources) }
        if !returned.isEmpty {
            out.append("returned to the sources: " + returned.map { human($0.returnedToSources, chain: $0.chain, asset: $0.asset) + " on \($0.chain)" }.joined(separator: " · "))
        }
        if priced { out.append("≈ \(PriceTable.text(usd)) at the prices given (priced assets only)") }
        return out
    }

    /// The heading as the body of an HTML-like label (`label=<…>`): the caption's lines, then, with
    /// `Options.legend`, one row naming each kind drawn by its border colour, shape and fill.
    func heading(used: [Kind]) -> String {
        func h(_ s: String) -> String { DOTText.html(s, limit: 300) }
        var t = "<TABLE BORDER=\"0\" CELLSPACING=\"2\" CELLPADDING=\"1\">"
        let lines = caption()
        for (i, line) in lines.enumerated() {
            t += "<TR><TD>" + (i == 0 ? "<B>\(h(line))</B>" : h(line)) + "</TD></TR>"
        }
        if options.legend && !used.isEmpty {
            t += "<TR><TD>" + legend(used) + "</TD></TR>"
        }
        return t + "</TABLE>"
    }

    /// A row of swatches: the border colour and fill a kind is drawn with, its name and its shape.
    func legend(_ used: [Kind]) -> String {
        var t = "<TABLE BORDER=\"0\" CELLSPACING=\"6\" CELLPADDING=\"2\"><TR><TD><FONT POINT-SIZE=\"10\">Legend (fill: taint ratio, white 0 → red 1):</FONT></TD>"
        for k in used {
            let table = options.exchangeTables && (k == .deposit || k == .held)
            let name = table ? (k == .deposit ? "exchange deposit addresses (a table per exchange)" : "still held (a table per chain)")
                             : "\(k.title) (\(options.layout == .overview && Self.boxedInOverview.contains(k) ? "rounded box" : k.shapeName))"
            let fill = table ? k.tableHeaderFill : "#ffffff"
            t += "<TD BORDER=\"2\" COLOR=\"\(k.color)\" BGCOLOR=\"\(fill)\"><FONT POINT-SIZE=\"10\">\(DOTText.html(name))</FONT></TD>"
        }
        return t + "</TR></TABLE>"
    }
}
