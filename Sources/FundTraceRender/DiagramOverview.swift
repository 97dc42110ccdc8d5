/// The overview layout (``TraceDiagram/Layout/overview``): what a printed page needs, and how it is packed.
///
/// The addresses between the sources and the endpoints become one summary node per chain, saying what it
/// stands for; each crossing service says what went in and came out (with each mixer link's heuristic); a chain's
/// tables sit side by side in at most two rows, their flows entering from above or below, and fold into columns.
/// On the demo case this takes the natural size from 3,354 × 2,241 pt to 1,896 × 1,134 pt, so one landscape A3
/// page prints its 10 pt text at 6 pt.
extension TraceDiagram {
    /// What a summary node stands for, a line per kind: "12 attacker hops", "3 still holding dust".
    func summarised(_ members: [Int]) -> [String] {
        var count: [Kind: Int] = [:]
        for i in members { count[nodes[i].kind, default: 0] += nodes[i].addresses.count }
        return count.sorted { $0.key < $1.key }.map { kind, n in
            let what: String
            switch kind {
            case .hop: what = n == 1 ? "attacker hop" : "attacker hops"
            case .held: what = "still holding dust"
            case .deposit: what = n == 1 ? "exchange deposit with dust" : "exchange deposits with dust"
            case .stopped: what = "not followed"
            case .external: what = n == 1 ? "sender outside the trace" : "senders outside the trace"
            default: what = kind.title
            }
            return "\(Self.grouped(n)) \(what)"
        }
    }

    /// Rows in one column of an overview's table before it folds into another column.
    static let rowsPerColumn = 6

    /// The columns of address cells an overview's table of `rows` addresses folds into.
    static func columns(_ rows: Int) -> Int { min(3, (rows + rowsPerColumn - 1) / rowsPerColumn) }

    /// An overview's tables of one chain in at most two rows of the grid (positions into `tables`), the columns
    /// of address cells balanced between them: one row while they are few.
    func gridRows(_ tables: [Table]) -> [[Int]] {
        let widths = tables.map { Self.columns($0.rows.count) }
        let total = widths.reduce(0, +)
        guard tables.count > 2 && total > 4 else { return [Array(tables.indices)] }
        var first: [Int] = [], running = 0
        for (i, w) in widths.enumerated() where running + w <= (total + 1) / 2 || first.isEmpty { first.append(i); running += w }
        return [first, tables.indices.filter { !first.contains($0) }]
    }

    /// Kinds an overview draws as rounded boxes once their flows are in the label: an octagon, hexagon or arrow
    /// around eight lines of text grows about twice as wide as the box does.
    static let boxedInOverview: Set<Kind> = [.dex, .mixer, .bridge, .service]

    /// A crossing service's or endpoint's flows in an overview, as escaped lines of its label: what came in and
    /// went out per asset on its own chain, then each mixer link's heuristic and confidence. Nil for other nodes.
    func flowLines(_ i: Int, _ drawn: [DrawnEdge]) -> String? {
        guard [.dex, .mixer, .bridge, .exchange, .service, .stopped, .held].contains(nodes[i].kind) else { return nil }
        var incoming: [Received] = [], outgoing: [Received] = [], notes: [String] = []
        for d in drawn where nodes[d.edge.from].chain == nodes[d.edge.to].chain {
            let r = Received(chain: d.edge.chain, asset: d.edge.asset, sum: d.edge.sum)
            if d.edge.to == i { Self.add(r, to: &incoming) }
            if d.edge.from == i {
                Self.add(r, to: &outgoing)
                if let note = d.edge.note, !notes.contains(note) { notes.append(note) }
            }
        }
        let lines = incoming.map { "in " + human($0.sum.text, chain: $0.chain, asset: $0.asset) }
            + outgoing.map { "out " + human($0.sum.text, chain: $0.chain, asset: $0.asset) } + notes
        guard !lines.isEmpty else { return nil }
        return lines.map { DOTText.escaped($0, limit: 40) }.joined(separator: DOTText.lineBreak)
    }
}
