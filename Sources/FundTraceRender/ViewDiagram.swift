import Foundation
import FundTraceModel

/// The workbench's canvas as DOT: the addresses and edges a person put there, left to right, each node with
/// its label and note, each edge with its amount, transfers, tainted share and, where prices are known, USD.
///
/// Hidden nodes and their edges are left out. Nodes carry `id="n<i>"` and edges `id="e<i>"` (their index in the view), which Graphviz writes on the SVG
/// groups, so the browser can tell which was clicked. Every string passes through ``DOTText``.
public enum ViewDiagram {
    public static func dot(for view: ViewGraph) -> String {
        var out = "digraph workbench {\n"
        out += "  graph [rankdir=LR, fontname=\"Helvetica\", fontsize=10, nodesep=0.25, ranksep=0.6, bgcolor=\"white\""
        if let title = view.title, !title.isEmpty { out += ", labelloc=t, label=" + DOTText.quoted(title, limit: 200) }
        out += "];\n"
        out += "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=10, fillcolor=\"#ffffff\", color=\"#555555\"];\n"
        out += "  edge [fontname=\"Helvetica\", fontsize=9, color=\"#777777\", arrowsize=0.7];\n"
        var index: [String: Int] = [:]
        for (i, n) in view.nodes.enumerated() where n.hidden != true {
            out += "  n\(i) [" + nodeAttributes(n, id: "n\(i)") + "];\n"
            index[n.chain + "\u{0}" + n.address] = i
        }
        for (i, e) in view.edges.enumerated() {
            guard let a = index[e.chain + "\u{0}" + e.from], let b = index[e.chain + "\u{0}" + e.to] else { continue }
            out += "  n\(a) -> n\(b) [" + edgeAttributes(e, id: "e\(i)") + "];\n"
        }
        return out + "}\n"
    }

    static func nodeAttributes(_ n: ViewGraph.Node, id: String) -> String {
        var lines = [TraceDiagram.short(n.address)]
        if let label = n.label, !label.isEmpty { lines.append(label) }
        lines.append(n.chain)
        if let note = n.note, !note.isEmpty { lines.append("✎ " + note) }
        let text = lines.map { DOTText.escaped($0, limit: 48) }.joined(separator: DOTText.lineBreak)
        let tooltip = ([n.chain + " " + n.address] + [n.label, n.category, n.note].compactMap { $0 }).joined(separator: " · ")
        var attributes = ["id=\"\(id)\"", "label=\"\(text)\"", "tooltip=" + DOTText.quoted(tooltip, limit: 600),
                          "fillcolor=\"\(fill(n))\"", "color=\"\(border(n))\""]
        if n.pinned == true { attributes.append("penwidth=2.5") }
        if n.role == "source" { attributes.append("shape=box"); attributes.append("style=\"filled\"") }
        return attributes.joined(separator: ", ")
    }

    static func fill(_ n: ViewGraph.Node) -> String {
        switch n.category {
        case "exchange", "exchange_deposit": return "#dbe9f6"
        case "mixer", "sanctioned": return "#f6d5d5"
        case "bridge", "dex": return "#e8e0f3"
        default: return n.role == "source" ? "#fde2c8" : "#ffffff"
        }
    }

    static func border(_ n: ViewGraph.Node) -> String {
        n.role == "source" ? "#c0392b" : n.role == "endpoint" ? "#1f4e79" : "#555555"
    }

    static func edgeAttributes(_ e: ViewGraph.Edge, id: String) -> String {
        let amount = HumanAmount.text(e.amount, decimals: e.decimals) + " " + (e.symbol ?? (e.asset.count > 12 ? String(e.asset.prefix(8)) + "…" : e.asset))
        var lines = [amount + " · \(e.transfers) tx"]
        let share = taintedShare(e)
        if let share { lines.append(String(format: "tainted %.1f%%", share * 100)) }
        if let usd = e.usd { lines.append(PriceTable.text(usd)) }
        if let note = e.note, !note.isEmpty { lines.append("✎ " + note) }
        let text = lines.map { DOTText.escaped($0, limit: 48) }.joined(separator: DOTText.lineBreak)
        var attributes = ["id=\"\(id)\"", "label=\"\(text)\"", "tooltip=" + DOTText.quoted(e.chain + " " + e.from + " → " + e.to, limit: 300)]
        if let share, share > 0 {
            attributes.append("color=\"#c0392b\"")
            attributes.append(String(format: "penwidth=%.2f", 1 + 3 * min(1, share)))
        }
        return attributes.joined(separator: ", ")
    }

    /// Tainted ÷ amount, when a trace gave the edge a tainted amount and the amount is not zero.
    static func taintedShare(_ e: ViewGraph.Edge) -> Double? {
        guard let t = e.tainted.flatMap(Amount.init), let a = Amount(e.amount), !a.isZero else { return nil }
        return min(1, t.doubleValue / a.doubleValue)
    }
}
