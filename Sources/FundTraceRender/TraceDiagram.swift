import Foundation
import FundTraceModel
import FundTraceTrace

/// A readable picture of a trace, as DOT: left to right by hop; sources,
/// attacker hops, mixers, bridges, exchanges, deposit addresses and
/// still-held funds drawn by shape and border colour (with a legend); fill by
/// taint ratio; one edge per (sender, recipient, asset) labelled with the
/// tainted amount in human units, the number of transfers and the dates.
///
/// Many similar nodes are collapsed (1,590 victim wallets become one node),
/// and a node budget keeps the biggest flows and summarises the rest as
/// "+N more" per hop, so what reaches the layout engine stays small. The
/// same trace always gives byte-identical DOT.
public struct TraceDiagram {
    public struct Options: Sendable {
        /// At most this many nodes (plus the legend); the smallest flows are summarised.
        public var maxNodes = 60
        /// Collapse similar nodes (victims, deposit addresses of one exchange …) when at least this many.
        public var collapseMin = 5
        public var explorer: ExplorerLinks
        public var legend = true
        /// Edges labelled with their amount (and crossing note): the biggest flows. Every edge's tooltip adds the count and dates.
        public var labelledEdges = 24
        /// An endpoint holding at least this share of the taint created in its asset is drawn on its own (dust is summarised).
        public var materialShare = FreezeList.defaultMaterialShare
        /// Daily USD prices: edges and deposit addresses show a dollar value beside the amount.
        public var prices = PriceTable()
        /// Draw each exchange's deposit addresses on one chain as one table, a row per address (edges end at the row).
        public var exchangeTables = true
        /// Fit the drawing on one landscape page of this paper (fonts scale with it), or draw at natural size.
        public var paper: Paper?
        /// Every hop drawn, or an overview that fits a printed page (``Layout``).
        public var layout = Layout.detailed
        public init(explorer: ExplorerLinks) { self.explorer = explorer }
    }

    /// How much of the path between the sources and the endpoints is drawn (`render --layout`).
    public enum Layout: String, CaseIterable, Sendable {
        /// The biggest flows hop by hop, edges ending at each deposit address's row: for the screen.
        case detailed
        /// What a printed page needs: sources, every crossing and every endpoint; the addresses in between
        /// summarised as one node per chain; an exchange's deposit addresses one table in columns, its flows
        /// ending at the table.
        case overview
    }

    /// Landscape paper sizes a diagram can be fitted to (`render --paper`).
    public enum Paper: String, CaseIterable, Sendable {
        case a3, a4, letter
        /// Width and height in inches, landscape.
        public var inches: (width: Double, height: Double) {
            switch self {
            case .a3: return (16.54, 11.69)
            case .a4: return (11.69, 8.27)
            case .letter: return (11, 8.5)
            }
        }
        /// Graph attributes: the drawing scaled to the page less a 0.4 in margin, node positions spread to fill it.
        var attributes: String {
            let (w, h) = inches
            return String(format: ", size=\"%.2f,%.2f!\", ratio=fill, margin=0.4", w - 0.8, h - 0.8)
        }
    }

    /// How a node is drawn.
    enum Kind: Int, CaseIterable, Comparable {
        case victim, source, hop, dex, mixer, bridge, exchange, deposit, service, held, stopped, external, more
        static func < (a: Kind, b: Kind) -> Bool { a.rawValue < b.rawValue }

        var title: String {
            switch self {
            case .victim: return "victim (theft source)"
            case .source: return "theft source"
            case .dex: return "DEX pool (swap)"
            case .external: return "sender outside the trace"
            case .hop: return "attacker hop"
            case .mixer: return "mixer"
            case .bridge: return "bridge"
            case .exchange: return "exchange / service"
            case .deposit: return "exchange deposit"
            case .service: return "sanctioned / other service"
            case .held: return "still held"
            case .stopped: return "not followed (limit)"
            case .more: return "summarised"
            }
        }
        var shape: String {
            switch self {
            case .victim: return "invhouse"
            case .source: return "house"
            case .dex: return "cds"
            case .external: return "plaintext"
            case .hop: return "ellipse"
            case .mixer: return "octagon"
            case .bridge: return "hexagon"
            case .exchange: return "box"
            case .deposit: return "box"
            case .service: return "diamond"
            case .held: return "doublecircle"
            case .stopped: return "note"
            case .more: return "folder"
            }
        }
        var color: String {
            switch self {
            case .victim: return "#6a3d9a"
            case .source: return "#b2182b"
            case .dex: return "#01665e"
            case .external: return "#878787"
            case .hop: return "#e66101"
            case .mixer: return "#762a83"
            case .bridge: return "#2166ac"
            case .exchange: return "#1b7837"
            case .deposit: return "#1b7837"
            case .service: return "#000000"
            case .held: return "#d6604d"
            case .stopped: return "#878787"
            case .more: return "#878787"
            }
        }
        /// The header fill of a table of such addresses (deposit addresses, still held).
        var tableHeaderFill: String { self == .deposit ? "#d9f0d3" : "#fddbc7" }
        /// The shape's name, for the legend.
        var shapeName: String {
            switch shape {
            case "invhouse": return "inverted house"
            case "cds": return "arrow"
            case "doublecircle": return "double circle"
            case "note": return "dashed note"
            case "folder": return "dashed folder"
            default: return shape
            }
        }
        var extraStyle: String { self == .deposit ? ",peripheries=2" : (self == .stopped || self == .more ? ",style=\"filled,dashed\"" : "") }
    }

    struct Node {
        var id = ""
        var chain: String
        var addresses: [String]
        var kind: Kind
        var title: String
        var label: String?
        var hop: Int
        var ratio: Double
        var tooltip: String
        var url: String?
        var volume = 0.0
        /// Holds at least `Options.materialShare` of what was stolen in some asset: drawn, never summarised.
        var material = false
    }

    struct Edge {
        var from: Int; var to: Int; var chain: String; var asset: String; var sum = TaintSum(); var count = 0; var first: Int64?; var last: Int64?
        /// What a crossing edge adds: the bridge's destination, the mixer heuristic, the confidence.
        var note: String?

        /// Adds a parallel edge's transfers: amount, count and dates.
        mutating func absorb(_ e: Edge) {
            sum.add(e.sum)
            count += e.count
            if let f = e.first { first = min(first ?? f, f) }
            if let l = e.last { last = max(last ?? l, l) }
        }
    }

    /// The services the trace's crossings went through, as nodes: (chain, address, kind, label, hop).
    func crossingServices() -> [(String, String, Kind, String?, Int)] {
        var out: [(String, String, Kind, String?, Int)] = []
        let hops = Dictionary(result.flows.map { ($0.chain + "\u{0}" + $0.to, $0.hop ?? 0) }, uniquingKeysWith: min)
        for x in result.crossings ?? [] {
            let kind: Kind = x.kind == "swap" ? .dex : x.kind == "bridge" ? .bridge : .mixer
            let label = x.viaLabel.isEmpty ? nil : x.viaLabel
            let hop = hops[x.chain + "\u{0}" + x.via] ?? 1
            out.append((x.chain, x.via, kind, label, hop))
            if let payer = exitPayer(x), payer != x.via || x.exitChain != x.chain { out.append((x.exitChain, payer, kind, label, hop)) }
        }
        return out
    }

    /// The address that paid a crossing's exit leg (the bridge on the other chain, the pool).
    func exitPayer(_ x: TraceCrossing) -> String? {
        result.flows.first { $0.chain == x.exitChain && $0.txHash == x.exitTxHash && $0.to == x.to }?.from
    }

    public static func dot(for r: TraceResult, options: Options) -> String {
        var d = TraceDiagram(result: r, options: options)
        d.build()
        return d.emit()
    }

    let result: TraceResult
    let options: Options
    var nodes: [Node] = []
    var edges: [Edge] = []
    var representative: [Int] = []
    let units: AssetUnits

    init(result: TraceResult, options: Options) { self.result = result; self.options = options; units = AssetUnits(result) }

    func human(_ base: String, chain: String, asset: String) -> String { units.display(base, chain: chain, asset: asset, maxFraction: 4) }

    /// An address shortened for a node (the tooltip has it whole).
    static func short(_ a: String) -> String { a.count > 20 ? String(a.prefix(14)) + "…" + String(a.suffix(4)) : a }
    static func day(_ t: Int64) -> String { String(TraceTime.iso8601(t).prefix(10)) }

    mutating func build() {
        // Per address: what the trace says of it.
        struct Info { var chain: String; var address: String; var kind: Kind; var label: String?; var hop: Int; var lines: [String] = []
                      var held = TaintSum(); var balance = TaintSum(); var received = TaintSum(); var hasOut = false }
        var info: [String: Info] = [:]
        func key(_ chain: String, _ a: String) -> String { chain + "\u{0}" + a }
        var outgoing = Set<String>(), incoming = Set<String>()
        for f in result.flows { outgoing.insert(key(f.chain, f.from)); incoming.insert(key(f.chain, f.to)) }
        let reasons = Dictionary(result.endpoints.map { (key($0.chain, $0.address), $0.reason) }, uniquingKeysWith: { a, b in a.rawValue < b.rawValue ? a : b })
        for n in result.nodes {
            let k = key(n.chain, n.address)
            var kind: Kind
            switch (n.role, n.reason) {
            case (.source, _): kind = incoming.contains(k) ? .source : .victim
            case (.endpoint, .mixer?): kind = .mixer
            case (.endpoint, .bridge?): kind = .bridge
            case (.endpoint, .exchangeDeposit?): kind = .deposit
            case (.endpoint, .service?): kind = n.category == .exchange ? .exchange : .service
            case (.endpoint, _): kind = .stopped
            default: kind = (reasons[k] == .held && !outgoing.contains(k)) ? .held : .hop
            }
            var i = info[k] ?? Info(chain: n.chain, address: n.address, kind: kind, label: n.label, hop: n.hop ?? 0)
            i.kind = min(i.kind, kind) == .victim || min(i.kind, kind) == .source ? min(i.kind, kind) : max(i.kind, kind)
            i.hop = min(i.hop, n.hop ?? i.hop)
            if i.label == nil { i.label = n.label }
            i.held.add(n.taintedHeld.isEmpty ? "0" : n.taintedHeld)
            i.received.add(n.taintedReceived)
            if !n.balance.isEmpty { i.balance.add(n.balance) }
            i.lines.append("\(n.asset): tainted received \(human(n.taintedReceived, chain: n.chain, asset: n.asset))"
                           + (n.taintedHeld.isEmpty || n.taintedHeld == "0" ? "" : ", held \(human(n.taintedHeld, chain: n.chain, asset: n.asset))"))
            info[k] = i
        }
        // Senders that are not nodes: the services a crossing went through (the pool of a swap or mixer, a bridge
        // on either chain), the victims of transfer-mode thefts, or else a sender outside the trace. Never a
        // service as a victim.
        for (chain, address, kind, label, hop) in crossingServices() where info[key(chain, address)] == nil {
            info[key(chain, address)] = Info(chain: chain, address: address, kind: kind, label: label, hop: hop)
        }
        let theftTransactions = Set(result.sources.filter { $0.type == "transfer" }.map { $0.chain + "\u{0}" + ($0.id.split(separator: ":").first.map(String.init) ?? "") })
        for f in result.flows where info[key(f.chain, f.from)] == nil {
            let victim = theftTransactions.contains(f.chain + "\u{0}" + f.txHash)
            info[key(f.chain, f.from)] = Info(chain: f.chain, address: f.from, kind: victim ? .victim : .external, label: nil, hop: max(0, (f.hop ?? 1) - 1))
        }
        // Nodes, one per address, in a fixed order.
        var index: [String: Int] = [:]
        let materiality = Materiality(result, share: options.materialShare)
        let material = Set(result.endpoints.filter(materiality.holds).map { key($0.chain, $0.address) })
        for (k, i) in info.sorted(by: { ($0.value.hop, $0.value.kind, $0.key) < ($1.value.hop, $1.value.kind, $1.key) }) {
            let ratio = i.balance.doubleValue > 0 ? min(1, i.held.doubleValue / i.balance.doubleValue) : (i.received.doubleValue > 0 ? 1 : 0)
            var tip = [i.address]
            if let l = i.label { tip.append(l) }
            tip.append(i.kind.title)
            tip += i.lines
            index[k] = nodes.count
            nodes.append(Node(chain: i.chain, addresses: [i.address], kind: i.kind,
                              title: i.label.map { $0 + "\n" + Self.short(i.address) } ?? Self.short(i.address), label: i.label, hop: i.hop, ratio: ratio,
                              tooltip: tip.joined(separator: " | "), url: options.explorer.url(chain: i.chain, address: i.address),
                              material: material.contains(k) || [.victim, .source, .dex, .bridge, .mixer].contains(i.kind)))
        }
        // Edges bundled per (sender, recipient, asset).
        var byKey: [String: Int] = [:]
        for f in result.flows {
            guard let a = index[key(f.chain, f.from)], let b = index[key(f.chain, f.to)] else { continue }
            let ek = "\(a)/\(b)/\(f.asset)"
            let e = byKey[ek] ?? { edges.append(Edge(from: a, to: b, chain: f.chain, asset: f.asset)); byKey[ek] = edges.count - 1; return edges.count - 1 }()
            edges[e].sum.add(f.tainted)
            edges[e].count += 1
            if let t = f.time { edges[e].first = min(edges[e].first ?? t, t); edges[e].last = max(edges[e].last ?? t, t) }
        }
        // A bridge crossing joins its two chains: the bridge on the deposit's chain to the one paying out.
        for x in result.crossings ?? [] where x.kind == "bridge" {
            guard let a = index[key(x.chain, x.via)], let payer = exitPayer(x), let b = index[key(x.exitChain, payer)], a != b else { continue }
            var e = Edge(from: a, to: b, chain: x.exitChain, asset: x.exitAsset)
            e.sum.add(x.exitTainted); e.count = 1; e.first = x.time; e.last = x.exitTime
            e.note = "bridged to \(x.exitChain)" + String(format: ", confidence %.2f", x.confidence)
            edges.append(e)
        }
        // A mixer link: the withdrawal's edge says which heuristic tied it to the deposit.
        for x in result.crossings ?? [] where x.kind == "mixer" {
            guard let a = index[key(x.exitChain, x.via)], let b = index[key(x.exitChain, x.to)],
                  let e = edges.firstIndex(where: { $0.from == a && $0.to == b }) else { continue }
            let heuristic = x.evidence.split(separator: ":").first.map(String.init) ?? "linked"
            edges[e].note = heuristic.replacingOccurrences(of: "_", with: " ") + String(format: ", confidence %.2f", x.confidence)
        }
        for e in edges {
            let share = shareOfStolen(e.sum, asset: e.asset)
            nodes[e.from].volume += share; nodes[e.to].volume += share
        }
        representative = Array(nodes.indices)
        collapseSimilar()
        applyBudget()
        rebuildEdges()
    }

    /// A flow's size as a share of what was stolen in its asset, so assets of different units compare.
    func shareOfStolen(_ s: TaintSum, asset: String) -> Double {
        let created = result.totals.filter { $0.asset == asset }.compactMap { Double($0.created) }.reduce(0, +)
        return created > 0 ? s.doubleValue / created : s.doubleValue
    }

    /// Merges `members` into the first of them. Edges are re-pointed once,
    /// after every merge (``rebuildEdges()``): O(edges) in total, not per merge.
    mutating func merge(_ members: [Int], into title: String, kind: Kind, tooltip: String) {
        guard let first = members.first else { return }
        nodes[first].title = title; nodes[first].kind = kind; nodes[first].tooltip = tooltip; nodes[first].url = nil
        nodes[first].addresses = members.flatMap { nodes[$0].addresses }
        nodes[first].hop = members.map { nodes[$0].hop }.min() ?? nodes[first].hop
        nodes[first].volume = members.map { nodes[$0].volume }.reduce(0, +)
        nodes[first].ratio = members.map { nodes[$0].ratio }.max() ?? 0
        for m in members.dropFirst() {
            nodes[m].addresses = []  // emptied: not drawn
            representative[m] = first
        }
    }

    /// The node a (possibly merged) node is drawn as.
    func drawnAs(_ i: Int) -> Int {
        var i = i
        while representative[i] != i { i = representative[i] }
        return i
    }

    /// Re-points edges at the nodes they are drawn as and adds up parallel ones.
    mutating func rebuildEdges() {
        var merged: [Edge] = []
        var index: [Int: [Int]] = [:]  // from → positions in merged
        for var e in edges {
            e.from = drawnAs(e.from); e.to = drawnAs(e.to)
            if let j = index[e.from]?.first(where: { merged[$0].to == e.to && merged[$0].chain == e.chain && merged[$0].asset == e.asset }) {
                merged[j].absorb(e)
            } else {
                index[e.from, default: []].append(merged.count)
                merged.append(e)
            }
        }
        edges = merged
    }

    mutating func collapseSimilar() {
        var groups: [String: [Int]] = [:]
        // Deposit addresses are what a freeze request names: each is drawn, never collapsed.
        // So is an address still holding a material share: it is drawn in the chain's "still held" table.
        for (i, n) in nodes.enumerated() where [.victim, .held, .stopped, .external].contains(n.kind) && !(n.kind == .held && n.material) {
            let key = n.kind == .victim ? "\(n.chain)/victim" : "\(n.chain)/\(n.kind.rawValue)/\(n.hop)/\(n.kind == .deposit ? n.title : "")"
            groups[key, default: []].append(i)
        }
        for (_, members) in groups.sorted(by: { $0.key < $1.key }) where members.count >= options.collapseMin {
            let n = nodes[members[0]]
            let count = Self.grouped(members.count)
            let title: String
            switch n.kind {
            case .victim: title = "\(count) victim wallets"
            case .external: title = "\(count) senders outside the trace"
            case .held: title = "\(count) addresses still holding"
            default: title = "\(count) addresses not followed"
            }
            merge(members, into: title, kind: n.kind, tooltip: title + " on \(n.chain): " + members.prefix(20).map { nodes[$0].addresses[0] }.joined(separator: ", ")
                  + (members.count > 20 ? " …" : ""))
        }
    }

    mutating func applyBudget() {
        let live = nodes.indices.filter { !nodes[$0].addresses.isEmpty }
        let overview = options.layout == .overview
        guard overview || live.count > options.maxNodes else { return }
        // Sources and every endpoint that needs acting on stay; only victims, hops, dust and limits are summarised
        // (in an overview, victims stay too: the page starts where the theft did).
        var actionable: Set<Kind> = [.source, .deposit, .mixer, .bridge, .exchange, .service, .dex, .held]
        if overview { actionable.insert(.victim) }
        let pinned = live.filter { actionable.contains(nodes[$0].kind) && nodes[$0].material }
        let rest = live.filter { !(actionable.contains(nodes[$0].kind) && nodes[$0].material) }
            .sorted { (nodes[$0].volume, -$0) > (nodes[$1].volume, -$1) }
        let keep = overview ? 0 : max(min(24, options.maxNodes), options.maxNodes - pinned.count - 8)
        // Summarised per chain (a summary never joins two chains), in one node whatever their hops: a column per
        // hop would make the picture as wide as the longest peel chain.
        var byChain: [String: [Int]] = [:]
        for i in rest.dropFirst(keep) { byChain[nodes[i].chain, default: []].append(i) }
        for (chain, members) in byChain.sorted(by: { $0.key < $1.key }) where !overview || members.count > 1 {
            let addresses = members.flatMap { nodes[$0].addresses }
            let hops = members.map { nodes[$0].hop }
            let span = hops.min() == hops.max() ? "hop \(hops[0])" : "hops \(hops.min()!)–\(hops.max()!)"
            let title = "+\(Self.grouped(addresses.count)) more, \(span)"
            let what = overview ? summarised(members) : []
            merge(members.sorted(), into: ([title] + what).joined(separator: "\n"), kind: .more,
                  tooltip: title + " on \(chain) (" + (overview ? what.joined(separator: ", ") : "smaller flows") + ")")
        }
    }

    static func grouped(_ n: Int) -> String {
        let s = String(n)
        var out = ""
        for (i, c) in s.reversed().enumerated() { if i > 0 && i % 3 == 0 { out.append(",") }; out.append(c) }
        return String(out.reversed())
    }

    static func fill(_ ratio: Double) -> String {
        // White → red (ColorBrewer Reds 9 ends), by taint ratio.
        let r = max(0, min(1, ratio))
        let c0 = (255.0, 245.0, 240.0), c1 = (165.0, 15.0, 21.0)
        func ch(_ a: Double, _ b: Double) -> Int { Int((a + (b - a) * r).rounded()) }
        return String(format: "#%02x%02x%02x", ch(c0.0, c1.0), ch(c0.1, c1.1), ch(c0.2, c1.2))
    }

    /// What a node or table received in one asset; its USD value is nil unless every part of it is priced.
    struct Received { var chain: String; var asset: String; var sum = TaintSum(); var usd: Double? = 0 }

    /// What each drawn node received, per asset.
    func received() -> [Int: [Received]] {
        var out: [Int: [Received]] = [:]
        for e in edges where e.from != e.to {
            Self.add(Received(chain: e.chain, asset: e.asset, sum: e.sum, usd: edgeUSD(e)), to: &out[e.to, default: []])
        }
        return out
    }

    static func add(_ r: Received, to list: inout [Received]) {
        guard let j = list.firstIndex(where: { $0.chain == r.chain && $0.asset == r.asset }) else { list.append(r); return }
        list[j].sum.add(r.sum)
        list[j].usd = list[j].usd.flatMap { sum in r.usd.map { sum + $0 } }
    }

    /// Received amounts as lines of text (HTML-escaped) and, when every one is priced, their total in USD.
    func text(_ list: [Received]) -> [String] {
        var out = list.map { DOTText.html(human($0.sum.text, chain: $0.chain, asset: $0.asset), limit: 60) }
        let usd = list.map(\.usd)
        if !list.isEmpty, !options.prices.isEmpty, !usd.contains(where: { $0 == nil }) {
            out.append("≈ " + DOTText.html(PriceTable.text(usd.compactMap { $0 }.reduce(0, +))))
        }
        return out
    }

    /// An edge's value in USD on the day of its last transfer, when prices are given.
    func edgeUSD(_ e: Edge) -> Double? {
        options.prices.isEmpty ? nil : options.prices.usd(e.sum.text, chain: e.chain, asset: e.asset, units: units, at: e.last ?? e.first)
    }

    /// A table of addresses ``emit()`` draws as one node: an exchange's deposit addresses on one chain, or a
    /// chain's addresses still holding a material share.
    struct Table {
        var chain: String
        var kind: Kind
        /// The exchange, for deposit addresses.
        var title: String
        var rows: [Int]
    }

    /// The tables, rows biggest first.
    func tables(_ drawn: [Int]) -> [Table] {
        guard options.exchangeTables else { return [] }
        var out: [Table] = []
        for i in drawn where [.deposit, .held].contains(nodes[i].kind) && nodes[i].addresses.count == 1 {
            let title = nodes[i].kind == .deposit ? FreezeList.exchange(label: nodes[i].label ?? "") : "Still held"
            if let k = out.firstIndex(where: { $0.chain == nodes[i].chain && $0.kind == nodes[i].kind && $0.title == title }) { out[k].rows.append(i) } else {
                out.append(Table(chain: nodes[i].chain, kind: nodes[i].kind, title: title, rows: [i]))
            }
        }
        return out.map { t in var t = t; t.rows.sort { (nodes[$0].volume, -$0) > (nodes[$1].volume, -$1) }; return t }
    }

    func emit() -> String {
        func q(_ s: String, _ limit: Int = 2000) -> String { DOTText.quoted(s, limit: limit) }
        /// A multi-line label: each line escaped on its own.
        func lines(_ ls: [String], limit: Int = 60) -> String {
            "\"" + ls.map { DOTText.escaped($0, limit: limit) }.joined(separator: DOTText.lineBreak) + "\""
        }
        let drawnKinds = nodes.filter { !$0.addresses.isEmpty }.map(\.kind)
        var out = "digraph trace {\n"
        out += "  graph [rankdir=LR, fontname=\"Helvetica\", fontsize=12, labelloc=t, label=<\(heading(used: Set(drawnKinds).sorted()))>, nslimit=1, nslimit1=1, mclimit=0.3, ranksep=\(options.layout == .overview ? "0.7" : "1.1"), nodesep=0.25\(options.paper?.attributes ?? "")];\n"
        out += "  node [fontname=\"Helvetica\", fontsize=10, style=filled, penwidth=2];\n"
        out += "  edge [fontname=\"Helvetica\", fontsize=9, color=\"#444444\"];\n"
        let drawn = nodes.indices.filter { !nodes[$0].addresses.isEmpty }
        let tables = tables(drawn)
        // Where a row's edges start and end: its own row, or in an overview the table as a whole.
        let overview = options.layout == .overview
        var anchor: [Int: String] = [:]
        // In an overview a chain's tables are one node, side by side (`g<chain>:t<table>`), flows entering each from above.
        let tableChains = Array(Set(tables.map(\.chain))).sorted()
        func grid(_ t: Table) -> Int { tableChains.firstIndex(of: t.chain)! }
        for (k, t) in tables.enumerated() { for (j, i) in t.rows.enumerated() { anchor[i] = overview ? "g\(grid(t)):t\(k)" : "x\(k):p\(j)" } }
        let amounts = received()
        var nodeLines: [String: [String]] = [:]
        var toItself: [Int: [String]] = [:]
        for e in edges where e.from == e.to { toItself[e.from, default: []].append("to itself: " + human(e.sum.text, chain: e.chain, asset: e.asset)) }
        let drawnEdges = self.drawnEdges(anchor: anchor)
        for i in drawn where anchor[i] == nil {
            let n = nodes[i]
            let light = n.ratio > 0.55
            var attrs = "label=" + lines(n.title.split(separator: "\n").map(String.init) + [n.kind.title], limit: 32)
            var shape = "shape=\(n.kind.shape)"
            if overview, let flows = flowLines(i, drawnEdges) {
                attrs = String(attrs.dropLast()) + DOTText.lineBreak + flows + "\""
                if Self.boxedInOverview.contains(n.kind) { shape = "shape=box, style=\"filled,rounded\"" }
            }
            attrs += ", \(shape), color=\"\(n.kind.color)\", fillcolor=\"\(Self.fill(n.ratio))\"\(n.kind.extraStyle)"
            if light { attrs += ", fontcolor=white" }
            attrs += ", tooltip=\(q(([n.tooltip] + (toItself[i] ?? [])).joined(separator: " | "), 1500))"
            if let url = n.url { attrs += ", URL=\(q(url)), target=\"_blank\"" }
            nodeLines[n.chain, default: []].append("  n\(i) [\(attrs)];\n")
        }
        var entry: [String: String] = [:]  // a table's port → the side its flows enter by
        if overview {
            for (g, chain) in tableChains.enumerated() {
                let mine = tables.indices.filter { tables[$0].chain == chain }
                let rows = gridRows(mine.map { tables[$0] })
                var label = "<TABLE BORDER=\"0\" CELLSPACING=\"10\">"
                for (r, row) in rows.enumerated() {
                    // Flows enter the top row from above and the bottom row from below, never across a table.
                    label += "<TR>" + row.map { j in
                        entry["g\(g):t\(mine[j])"] = r == 0 ? ":n" : ":s"
                        return "<TD PORT=\"t\(mine[j])\" VALIGN=\"\(r == 0 ? "BOTTOM" : "TOP")\">\(table(tables[mine[j]], amounts: amounts))</TD>"
                    }.joined() + "</TR>"
                }
                nodeLines[chain, default: []].append("  g\(g) [shape=plain, style=\"\", label=<\(label)</TABLE>>];\n")
            }
        } else {
            for (k, t) in tables.enumerated() {
                nodeLines[t.chain, default: []].append("  x\(k) [shape=plain, style=\"\", label=<\(table(t, amounts: amounts))>];\n")
            }
        }
        // One cluster per chain, so a cross-chain hop is visibly an edge between clusters.
        for (chain, ls) in nodeLines.sorted(by: { $0.key < $1.key }) {
            if nodeLines.count > 1 {
                out += "  subgraph \(q("cluster_chain_" + chain)) {\n    label=\(q(chain, 60)); style=rounded; color=\"#9ecae1\"; fontsize=11;\n"
                out += ls.map { "  " + $0 }.joined() + "  }\n"
            } else { out += ls.joined() }
        }
        // Ranks follow the edges (value moves forward hop by hop). Same-hop `rank=same` groups are not
        // forced: with labelled edges inside a rank, Graphviz 2.42's spline router fails and can crash.
        let maxShare = drawnEdges.map { shareOfStolen($0.edge.sum, asset: $0.edge.asset) }.max() ?? 1
        // Label the biggest flows; the rest carry their label as a tooltip, so a dense picture stays legible.
        // (In an overview the nodes say what they received and sent — a table in its header, a crossing service
        // in its label, the sources in the caption —, so only the edges between chains are labelled.)
        let labelled = Set(drawnEdges.indices.filter { k in !overview || nodes[drawnEdges[k].edge.from].chain != nodes[drawnEdges[k].edge.to].chain }
            .sorted { (shareOfStolen(drawnEdges[$0].edge.sum, asset: drawnEdges[$0].edge.asset), -$0)
                    > (shareOfStolen(drawnEdges[$1].edge.sum, asset: drawnEdges[$1].edge.asset), -$1) }
            .prefix(options.labelledEdges))
        for (k, d) in drawnEdges.enumerated() {
            let e = d.edge
            var second = "\(Self.grouped(e.count)) transfer\(e.count == 1 ? "" : "s")"
            if let f = e.first, let l = e.last { second += " · " + (Self.day(f) == Self.day(l) ? Self.day(f) : Self.day(f) + " – " + Self.day(l)) }
            let share = maxShare > 0 ? shareOfStolen(e.sum, asset: e.asset) / maxShare : 0
            let width = String(format: "%.1f", 1 + 4 * share.squareRoot())
            var first = human(e.sum.text, chain: e.chain, asset: e.asset)
            if let usd = d.usd { first += " (≈ \(PriceTable.text(usd)))" }
            let note = e.note.map { [$0] } ?? []
            // An overview labels an edge at its head (`headlabel`): placed after the layout, the label takes no room.
            let place = overview ? "headlabel" : "label"
            let text = "tooltip=" + lines([first, second] + note) + (labelled.contains(k) ? ", \(place)=" + lines([first] + note) : "")
            let head = d.head.contains(":") ? d.head + (entry[d.head] ?? ":w") : d.head
            // A cross-chain edge does not rank its chains against each other: each chain's flow starts at the left.
            let across = nodes[e.from].chain != nodes[e.to].chain ? ", constraint=false, style=dashed, color=\"\(Kind.bridge.color)\"" : ""
            // An overview puts the tables a rank beyond the crossings, beside them rather than below.
            let skip = overview && entry[d.head] != nil && across.isEmpty ? ", minlen=2" : ""
            out += "  \(d.tail) -> \(head) [\(text), penwidth=\(width)\(across)\(skip)];\n"
        }
        out += "}\n"
        return out
    }

    /// An edge as drawn: between node or table names, with its USD value when prices are given.
    struct DrawnEdge {
        var tail: String; var head: String; var edge: Edge
        /// Nil when any of its transfers has no price: a partial sum would understate it.
        var usd: Double?
    }

    /// The edges to draw, in order: parallel edges whose ends are drawn as one table (in an overview) added up,
    /// their USD values summed at each edge's own day's price; a self-transfer is in its node's tooltip, not drawn as a loop.
    func drawnEdges(anchor: [Int: String]) -> [DrawnEdge] {
        var out: [DrawnEdge] = []
        var index: [String: Int] = [:]
        for e in edges where e.from != e.to {
            let tail = anchor[e.from] ?? "n\(e.from)", head = anchor[e.to] ?? "n\(e.to)"
            guard tail != head else { continue }
            let key = [tail, head, e.chain, e.asset, e.note ?? ""].joined(separator: "\u{0}")
            guard let j = index[key] else {
                index[key] = out.count
                out.append(DrawnEdge(tail: tail, head: head, edge: e, usd: edgeUSD(e)))
                continue
            }
            out[j].edge.absorb(e)
            out[j].usd = out[j].usd.flatMap { sum in edgeUSD(e).map { sum + $0 } }
        }
        return out
    }

    /// A table as an HTML-like label: a header, then a row per address (shortened; the whole address, label
    /// and amounts in its tooltip and link), filled by taint ratio, with what it received.
    func table(_ table: Table, amounts: [Int: [Received]]) -> String {
        func h(_ s: String, _ limit: Int = 200) -> String { DOTText.html(s, limit: limit) }
        let rows = table.rows
        let deposit = table.kind == .deposit
        var t = "<TABLE BORDER=\"2\" COLOR=\"\(table.kind.color)\" CELLBORDER=\"1\" CELLSPACING=\"0\" CELLPADDING=\"3\" BGCOLOR=\"white\">"
        let count = Self.grouped(rows.count) + (deposit ? " deposit address" : " address") + (rows.count == 1 ? "" : "es")
        var all: [Received] = []
        for i in rows { for r in amounts[i] ?? [] { Self.add(r, to: &all) } }
        let total = text(all)
        // In an overview a long table folds into up to three columns (address, amount), filled column by column.
        let columns = options.layout == .overview ? Self.columns(rows.count) : 1
        let perColumn = (rows.count + max(1, columns) - 1) / max(1, columns)
        t += "<TR><TD COLSPAN=\"\(2 * max(1, columns))\" BGCOLOR=\"\(table.kind.tableHeaderFill)\"><B>\(h(table.title, 40))</B><BR/>\(count)\(total.isEmpty ? "" : "<BR/>received " + total.joined(separator: " · "))</TD></TR>"
        for r in 0..<perColumn {
            t += "<TR>"
            for j in stride(from: r, to: max(1, columns) * perColumn, by: perColumn) {
                guard j < rows.count else { t += "<TD COLSPAN=\"2\" BORDER=\"0\"> </TD>"; continue }
                let n = nodes[rows[j]]
                let right = text(amounts[rows[j]] ?? [])
                let font = n.ratio > 0.55 ? "<FONT COLOR=\"white\">\(h(Self.short(n.addresses[0]), 40))</FONT>" : h(Self.short(n.addresses[0]), 40)
                var cell = "<TD PORT=\"p\(j)\" BGCOLOR=\"\(Self.fill(n.ratio))\" TOOLTIP=\"\(h(n.tooltip, 1200))\""
                if let url = n.url { cell += " HREF=\"\(h(url, 2000))\" TARGET=\"_blank\"" }
                t += cell + ">\(font)</TD><TD ALIGN=\"RIGHT\">\(right.isEmpty ? " " : right.joined(separator: "<BR/>"))</TD>"
            }
            t += "</TR>"
        }
        return t + "</TABLE>"
    }
}

extension TraceResult {
    /// The time of the trace's last flow: the date a diagram of it is as of.
    public var latestFlowTime: Int64? { flows.compactMap(\.time).max() }
}
