import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import FundTraceModel
import FundTraceTaint
@testable import FundTraceTrace
import XCTest
@testable import FundTraceRender
import FundTraceTestSupport

/// Diagrams of traces: structure, escaping of hostile chain data, determinism.
final class TraceDiagramTests: XCTestCase {
    static let hostile = "</text><script>alert(\"x\")</script> {a} \\N \\G\nnewline javascript:alert(1) 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 \u{202E}gnp.exe " + String(repeating: "long ", count: 200)

    /// A hand-made trace: 30 victims → thief → hop → (mixer, deposit, still held).
    func result(symbol: String = "ETH", label: String = "Binance 14 deposit") -> TraceResult {
        var nodes: [TraceNode] = []
        var flows: [TraceFlow] = []
        func node(_ a: String, _ role: NodeRole, _ reason: EndpointReason? = nil, hop: Int, category: LabelCategory? = nil, label: String? = nil,
                  received: String, held: String, balance: String) {
            nodes.append(TraceNode(chain: "ethereum", address: a, asset: "ETH", symbol: symbol, decimals: 18, role: role, reason: reason, hop: hop,
                                   category: category, label: label, taintedReceived: received, taintedSent: "0", taintedHeld: held, balance: balance))
        }
        func flow(_ from: String, _ to: String, _ amount: String, hop: Int, time: Int64 = 1_719_079_200) {
            flows.append(TraceFlow(chain: "ethereum", txHash: "0x" + String(flows.count), block: 1, time: time, logIndex: 0, kind: "native",
                                   from: from, to: to, asset: "ETH", amount: amount, tainted: amount, hop: hop))
        }
        for i in 0..<30 { flow(String(format: "0x71c7%036x", i), "0xthief", "1000000000000000000", hop: 1) }
        node("0xthief", .followed, hop: 1, received: "30000000000000000000", held: "0", balance: "0")
        flow("0xthief", "0xhop", "20000000000000000000", hop: 2)
        flow("0xthief", "0xhop", "10000000000000000000", hop: 2, time: 1_719_300_000)
        node("0xhop", .followed, hop: 2, received: "30000000000000000000", held: "5000000000000000000", balance: "5000000000000000000")
        flow("0xhop", "0xmixer", "10000000000000000000", hop: 3)
        node("0xmixer", .endpoint, .mixer, hop: 3, category: .mixer, label: "Tornado.Cash: 10 ETH", received: "10000000000000000000", held: "10000000000000000000", balance: "10000000000000000000")
        flow("0xhop", "0xdeposit", "15000000000000000000", hop: 3)
        node("0xdeposit", .endpoint, .exchangeDeposit, hop: 3, category: .exchangeDeposit, label: label, received: "15000000000000000000", held: "15000000000000000000", balance: "15000000000000000000")
        var p = TraceParameters()
        p.policy = .fifo
        // The 30 transfers into the thief are the theft: their senders are its victims.
        let sources = (0..<30).map { TraceSource(type: "transfer", chain: "ethereum", id: "0x\($0):0", asset: nil, startBlock: nil) }
        return TraceResult(direction: .forward, parameters: p, sources: sources, windows: [], nodes: nodes, flows: flows, endpoints: [
            TraceEndpoint(chain: "ethereum", address: "0xhop", category: "", label: "", asset: "ETH", taintedAmount: "5000000000000000000", firstTx: "", lastTx: "", firstTime: nil, lastTime: nil, reason: .held, evidence: ""),
            TraceEndpoint(chain: "ethereum", address: "0xdeposit", category: "exchange_deposit", label: label, asset: "ETH", taintedAmount: "15000000000000000000",
                          firstTx: "", lastTx: "", firstTime: nil, lastTime: nil, reason: .exchangeDeposit, evidence: ""),
        ], totals: [AssetTotals(chain: "ethereum", asset: "ETH", symbol: symbol, decimals: 18, created: "30000000000000000000", atEndpoints: "30000000000000000000",
                                feeSink: "0", returnedToSources: "0", reconciled: true)], statistics: TraceStatistics())
    }

    func options(maxNodes: Int = 60) throws -> TraceDiagram.Options {
        var o = TraceDiagram.Options(explorer: try ExplorerLinks())
        o.maxNodes = maxNodes
        return o
    }

    func testCollapsesVictimsBundlesTransfersAndLabelsInHumanUnits() throws {
        let dot = TraceDiagram.dot(for: result(), options: try options())
        XCTAssertTrue(dot.contains("30 victim wallets"))
        let edges = dot.split(separator: "\n").filter { $0.hasPrefix("  n") && $0.contains(" -> ") }
        XCTAssertEqual(edges.count, 4, "victims→thief, thief→hop (2 bundled), hop→mixer, hop→deposit")
        XCTAssertTrue(dot.contains("tooltip=\"30 ETH\\n30 transfers · 2024-06-22\", label=\"30 ETH\""), dot)
        XCTAssertTrue(dot.contains("\"30 ETH\\n2 transfers · 2024-06-22 – 2024-06-25\""), dot)
        XCTAssertTrue(dot.contains("shape=octagon"))
        XCTAssertTrue(dot.contains("<B>Binance 14</B><BR/>1 deposit address<BR/>received 15 ETH</TD>"), "deposit addresses are a table per exchange, with what it received: \(dot)")
        XCTAssertTrue(dot.contains("-> x0:p0:w"), "the flow ends at the deposit address's row")
        XCTAssertTrue(dot.contains("URL=\"https://etherscan.io/address/0xhop\""))
        XCTAssertTrue(dot.contains("rankdir=LR"))
        XCTAssertEqual(dot, TraceDiagram.dot(for: result(), options: try options()), "byte-identical for the same trace")
    }

    func testBudgetSummarisesTheSmallestFlows() throws {
        var o = try options(maxNodes: 1)
        o.collapseMin = 100
        let dot = TraceDiagram.dot(for: result(), options: o)
        XCTAssertTrue(dot.contains("more, hop"), dot)
        XCTAssertFalse(dot.contains("0x71c7000000000000000000000000000000000001\\n"), "victims are summarised or collapsed")
    }

    func testHostileLabelsAndSymbolsAreEscapedInDOTAndSVG() throws {
        let r = result(symbol: "E\"TH<b>", label: Self.hostile)
        let dot = TraceDiagram.dot(for: r, options: try options())
        XCTAssertFalse(dot.contains("\n newline"), "no raw newline from data")
        XCTAssertFalse(dot.contains("\u{202E}"), "no right-to-left override")
        XCTAssertFalse(dot.contains("\\N") && !dot.contains("\\\\N"), "Graphviz escapes are neutralised")
        for line in dot.split(separator: "\n") where line.contains("alert") {
            XCTAssertTrue(line.contains("label=<") ? line.contains("&quot;x&quot;") && !line.contains("<script") : line.contains("\\\"x\\\""),
                          "quotes escaped: \(line)")
        }
        let svg = String(decoding: try GraphvizRenderer.render(dot: dot, format: .svg), as: UTF8.self)
        XCTAssertFalse(svg.contains("<script"))
        XCTAssertFalse(svg.lowercased().contains("href=\"javascript:"))
        XCTAssertTrue(svg.contains("&lt;script&gt;"))
        XCTAssertTrue(svg.contains("𝔘𝔫𝔦𝔠𝔬𝔡𝔢"), "non-ASCII survives in the tooltip")
        // Valid XML.
        XCTAssertNoThrow(try XMLDocument(data: Data(svg.utf8)))
    }

    /// Graphviz 2.42's spline router fails on labelled edges inside forced same-rank groups, and then
    /// crashed the process (seen on the Bybit laundering graph): the diagram forces no ranks and draws no loops.
    func testSelfTransfersAndSameHopEdgesRenderSafely() throws {
        var r = result()
        r.flows.append(TraceFlow(chain: "ethereum", txHash: "0xself", block: 2, logIndex: 0, kind: "native", from: "0xhop", to: "0xhop",
                                 asset: "ETH", amount: "7000000000000000000", tainted: "7000000000000000000", hop: 2))
        r.flows.append(TraceFlow(chain: "ethereum", txHash: "0xflat", block: 3, logIndex: 0, kind: "native", from: "0xmixer", to: "0xdeposit",
                                 asset: "ETH", amount: "9", tainted: "9", hop: 3))
        let dot = TraceDiagram.dot(for: r, options: try options())
        XCTAssertFalse(dot.contains("rank=same"))
        XCTAssertNil(dot.range(of: #"n(\d+) -> n\1 "#, options: .regularExpression))
        XCTAssertTrue(dot.contains("to itself: 7 ETH"))
        XCTAssertNoThrow(try GraphvizRenderer.render(dot: dot, format: .svg))
    }

    func testExplorerLinksAreWebOnlyAndEncoded() throws {
        XCTAssertThrowsError(try ExplorerLinks(overrides: ["ethereum": "javascript:alert('{address}')"]))
        XCTAssertThrowsError(try ExplorerLinks(overrides: ["ethereum": "https://x.example/\"onload={address}"]))
        let links = try ExplorerLinks(overrides: ["mychain": "HTTPS://explorer.example/a/{address}"])
        XCTAssertEqual(links.url(chain: "mychain", address: "ab\"<c>/?x"), "HTTPS://explorer.example/a/ab%22%3Cc%3E%2F%3Fx")
        XCTAssertNil(links.url(chain: "unknown", address: "x"))
    }

    func testRendersEveryFormatInProcess() throws {
        let dot = TraceDiagram.dot(for: result(), options: try options())
        let svg = try GraphvizRenderer.render(dot: dot, format: .svg)
        let doc = try XMLDocument(data: svg)
        let titles = try doc.nodes(forXPath: "//*[local-name()='g'][@class='node']/*[local-name()='title']").compactMap(\.stringValue)
        XCTAssertEqual(titles.filter { !$0.hasPrefix("legend") }.count, 5, "victims, thief, hop, mixer, deposit")
        XCTAssertEqual(try GraphvizRenderer.render(dot: dot, format: .png).prefix(4), Data([0x89, 0x50, 0x4E, 0x47]))
        XCTAssertEqual(String(decoding: try GraphvizRenderer.render(dot: dot, format: .pdf).prefix(5), as: UTF8.self), "%PDF-")
        XCTAssertThrowsError(try GraphvizRenderer.render(dot: "digraph { a -> }", format: .svg))
    }

    func testAnOverviewSummarisesTheWayBetweenAndKeepsEveryEndpointWithItsFlows() throws {
        var o = try options()
        o.layout = .overview
        let dot = TraceDiagram.dot(for: result(), options: o)
        XCTAssertTrue(dot.contains("30 victim wallets"), "the sources stay")
        XCTAssertTrue(dot.contains("+2 more, hops 1–2\\n2 attacker hops"), "the thief and its hop become one node saying what it stands for: \(dot)")
        XCTAssertFalse(dot.contains("0xthief\\n"), "no hop drawn on its own")
        // The mixer says what it received; edges carry no label of their own (tooltips only).
        XCTAssertTrue(dot.contains("Tornado.Cash: 10 ETH\\n0xmixer\\nmixer\\nin 10 ETH\""), dot)
        XCTAssertTrue(dot.contains("shape=box, style=\"filled,rounded\""), "a service with its flows in a rounded box")
        let edges = dot.split(separator: "\n").filter { $0.contains(" -> ") }
        XCTAssertFalse(edges.contains { $0.contains("label=") }, "\(edges)")
        // The deposit address is a row of its exchange's table, which says what it received; flows end at the table.
        XCTAssertTrue(dot.contains("<B>Binance 14</B><BR/>1 deposit address<BR/>received 15 ETH</TD>"), dot)
        XCTAssertTrue(dot.contains("-> g0:t0:n"), "the flow enters the table from above")
        XCTAssertTrue(dot.contains("ranksep=0.7"))
        XCTAssertEqual(dot, TraceDiagram.dot(for: result(), options: o), "byte-identical for the same trace")
    }
}

/// What the diagram claims: only the theft's senders are victims; a swap's pool and a bridge on either chain are
/// drawn as what they are, and the bridge crossing joins the chains' clusters.
final class TraceDiagramTruthTests: XCTestCase {
    func testServicesAreNeverVictimsAndBridgesJoinChains() throws {
        func flow(_ chain: String, _ tx: String, _ from: String, _ to: String, _ asset: String, _ amount: String, hop: Int) -> TraceFlow {
            TraceFlow(chain: chain, txHash: tx, block: 1, time: 1_719_079_200, logIndex: 0, kind: "token", from: from, to: to, asset: asset,
                      amount: amount, tainted: amount, hop: hop)
        }
        func node(_ chain: String, _ a: String, _ asset: String, _ role: NodeRole, _ reason: EndpointReason? = nil, hop: Int) -> TraceNode {
            TraceNode(chain: chain, address: a, asset: asset, symbol: asset, decimals: 6, role: role, reason: reason, hop: hop,
                      taintedReceived: "100", taintedSent: "0", taintedHeld: "0", balance: "0")
        }
        let flows = [
            flow("eth", "0xtheft", "0xvictim", "0xthief", "USDT", "100000000", hop: 1),
            flow("eth", "0xswap", "0xthief", "0xpool", "USDT", "50000000", hop: 2),
            flow("eth", "0xswap", "0xpool", "0xthief", "USDC", "49900000", hop: 2),
            flow("eth", "0xbridge", "0xthief", "0xbridgeA", "USDT", "50000000", hop: 2),
            flow("bsc", "0xpayout", "0xbridgeB", "0xfresh", "USDT", "49950000", hop: 3),
            flow("bsc", "0xcash", "0xfresh", "0xdeposit", "USDT", "49950000", hop: 4),
        ]
        let crossings = [
            TraceCrossing(kind: "swap", chain: "eth", txHash: "0xswap", time: 1_719_079_200, from: "0xthief", via: "0xpool", viaLabel: "SwapPool",
                          entryAsset: "USDT", entryAmount: "50000000", entryTainted: "50000000", exitChain: "eth", exitTxHash: "0xswap",
                          exitTime: 1_719_079_200, to: "0xthief", exitAsset: "USDC", exitAmount: "49900000", exitTainted: "49900000",
                          evidence: "swap", confidence: 1),
            TraceCrossing(kind: "bridge", chain: "eth", txHash: "0xbridge", time: 1_719_079_200, from: "0xthief", via: "0xbridgeA", viaLabel: "Portal",
                          entryAsset: "USDT", entryAmount: "50000000", entryTainted: "50000000", exitChain: "bsc", exitTxHash: "0xpayout",
                          exitTime: 1_719_079_800, to: "0xfresh", exitAsset: "USDT", exitAmount: "49950000", exitTainted: "49950000",
                          evidence: "payout", confidence: 0.9),
        ]
        var r = TraceResult(direction: .forward, parameters: TraceParameters(),
                            sources: [TraceSource(type: "transfer", chain: "eth", id: "0xtheft:0", asset: nil, startBlock: nil)], windows: [],
                            nodes: [node("eth", "0xthief", "USDT", .followed, hop: 1), node("eth", "0xthief", "USDC", .followed, hop: 1),
                                    node("bsc", "0xfresh", "USDT", .followed, hop: 3), node("bsc", "0xdeposit", "USDT", .endpoint, .exchangeDeposit, hop: 4)],
                            flows: flows, endpoints: [], totals: [], statistics: TraceStatistics())
        r.crossings = crossings
        let dot = TraceDiagram.dot(for: r, options: TraceDiagram.Options(explorer: try ExplorerLinks()))
        let victimLines = dot.split(separator: "\n").filter { $0.contains("victim (theft source)") && $0.drop { $0 == " " }.hasPrefix("n") }
        XCTAssertEqual(victimLines.count, 1, dot)
        XCTAssertTrue(victimLines[0].contains("0xvictim"))
        XCTAssertTrue(dot.contains("DEX pool (swap)"), "the swap's pool")
        XCTAssertEqual(dot.components(separatedBy: "shape=hexagon").count - 1, 2, "the bridge on each chain")
        XCTAssertTrue(dot.contains("bridge (hexagon)</FONT>"), "named in the legend")
        XCTAssertTrue(dot.contains("subgraph \"cluster_chain_bsc\"") && dot.contains("subgraph \"cluster_chain_eth\""))
        XCTAssertTrue(dot.contains("bridged to bsc, confidence 0.90"), dot)
        let bridgeEdge = try XCTUnwrap(dot.split(separator: "\n").first { $0.contains("bridged to bsc") })
        XCTAssertTrue(bridgeEdge.contains("49.95 USDT") && bridgeEdge.contains("constraint=false"),
                      "in the exit chain's units; does not rank the chains against each other: \(bridgeEdge)")
        // Laid out and drawn in-process: the layout of bridge edges between chain clusters once aborted the process
        // inside Graphviz's gvFreeLayout (a double free, found by scripts/fuzz-cli.py).
        for format in [GraphvizRenderer.Format.svg, .png] {
            XCTAssertFalse(try GraphvizRenderer.render(dot: dot, format: format).isEmpty)
        }
    }
}

/// Inputs the fuzzer found crashing, kept so they stay fixed (scripts/fuzz-cli.py; BENCHMARKS.md, "Reliability").
final class RenderRegressionTests: XCTestCase {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Regressions")

    /// A diagram of a fuzzed trace whose layout Graphviz 2.42 freed twice in gvFreeLayout, aborting the process.
    func testALayoutGraphvizFreesTwiceNoLongerAborts() throws {
        let dot = try String(contentsOf: Self.folder.appendingPathComponent("graphviz-free-layout-double-free.dot"), encoding: .utf8)
        for format in [GraphvizRenderer.Format.svg, .svg, .pdf] {
            XCTAssertFalse(try GraphvizRenderer.render(dot: dot, format: format).isEmpty)
        }
    }
}

/// What a large trace keeps in sight: summaries stay within a chain, addresses still holding a material share
/// are listed one per row, cross-chain edges do not rank chains against each other, dollars where priced.
final class TraceDiagramSightTests: XCTestCase {
    func flow(_ chain: String, _ from: String, _ to: String, _ amount: String, hop: Int) -> TraceFlow {
        TraceFlow(chain: chain, txHash: "0x\(from)\(to)", block: 1, time: 1_719_079_200, logIndex: 0, kind: "native", from: from, to: to,
                  asset: "ETH", amount: amount, tainted: amount, hop: hop)
    }

    func node(_ chain: String, _ a: String, _ role: NodeRole, _ reason: EndpointReason? = nil, hop: Int, held: String = "0") -> TraceNode {
        TraceNode(chain: chain, address: a, asset: "ETH", symbol: "ETH", decimals: 18, role: role, reason: reason, hop: hop,
                  taintedReceived: held, taintedSent: "0", taintedHeld: held, balance: held)
    }

    /// On two chains: a source sends to 12 hops, each holding; 6 hold a lot, 6 hold dust.
    func twoChains() -> TraceResult {
        var flows: [TraceFlow] = [], nodes: [TraceNode] = [], endpoints: [TraceEndpoint] = [], totals: [AssetTotals] = []
        for chain in ["alpha", "beta"] {
            nodes.append(node(chain, "0xsrc", .source, hop: 0))
            for i in 0..<12 {
                let a = "0x\(chain)\(i)", amount = i < 6 ? "10000000000000000000" : "1000"
                flows.append(flow(chain, "0xsrc", a, amount, hop: 1))
                nodes.append(node(chain, a, .followed, hop: 1, held: amount))
                endpoints.append(TraceEndpoint(chain: chain, address: a, category: "", label: "", asset: "ETH", taintedAmount: amount, firstTx: "",
                                               lastTx: "", firstTime: nil, lastTime: nil, reason: .held, evidence: "stop rule held"))
            }
            totals.append(AssetTotals(chain: chain, asset: "ETH", symbol: "ETH", decimals: 18, created: "60000000000006000",
                                      atEndpoints: "60000000000006000", feeSink: "0", returnedToSources: "0", reconciled: true))
        }
        return TraceResult(direction: .forward, parameters: TraceParameters(),
                           sources: [TraceSource(type: "address", chain: "alpha", id: "0xsrc", asset: nil, startBlock: nil)], windows: [],
                           nodes: nodes, flows: flows, endpoints: endpoints, totals: totals, statistics: TraceStatistics())
    }

    /// The DOT lines inside a chain's cluster.
    func cluster(_ dot: String, _ chain: String) -> String {
        guard let start = dot.range(of: "subgraph \"cluster_chain_\(chain)\"") else { return "" }
        return String(dot[start.upperBound...].prefix { $0 != "}" })
    }

    func testMaterialHoldersAreListedAndDustIsCollapsedPerChain() throws {
        let dot = TraceDiagram.dot(for: twoChains(), options: TraceDiagram.Options(explorer: try ExplorerLinks()))
        for chain in ["alpha", "beta"] {
            let inside = cluster(dot, chain)
            XCTAssertTrue(inside.contains("<B>Still held</B><BR/>6 addresses"), inside)
            for i in 0..<6 { XCTAssertTrue(inside.contains("0x\(chain)\(i) |"), "\(chain) holder \(i) has its row") }
            XCTAssertTrue(inside.contains("6 addresses still holding"), "dust holders collapsed: \(inside)")
        }
    }

    func testSummariesNeverJoinTwoChains() throws {
        var o = TraceDiagram.Options(explorer: try ExplorerLinks())
        o.maxNodes = 4
        o.collapseMin = 100
        o.exchangeTables = false
        let dot = TraceDiagram.dot(for: twoChains(), options: o)
        for chain in ["alpha", "beta"] {
            XCTAssertTrue(cluster(dot, chain).contains("more, hop 1"), "each chain has its own summary: \(dot)")
        }
        XCTAssertFalse(dot.contains("constraint=false"), "no edge crosses chains here")
    }

    func testUSDBesideAmountsWhenPricesAreGiven() throws {
        let dir = try newTemporaryDirectory("prices").appendingPathComponent("prices.csv")
        try "date,chain,asset,usd\n2024-06-22,alpha,ETH,3500\n".write(to: dir, atomically: true, encoding: .utf8)
        var o = TraceDiagram.Options(explorer: try ExplorerLinks())
        o.prices = try PriceTable.read(path: dir.path)
        let dot = TraceDiagram.dot(for: twoChains(), options: o)
        XCTAssertTrue(dot.contains("10 ETH (≈ $35,000)"), dot)
        XCTAssertTrue(dot.contains("≈ $35,000</TD>"), "the holder's row")
        XCTAssertFalse(cluster(dot, "beta").contains("$"), "no price for beta: no dollar value, never a guess")
    }

    func testAnOverviewFoldsLongTablesAndStacksAChainsTablesInTwoRows() throws {
        var o = TraceDiagram.Options(explorer: try ExplorerLinks())
        o.layout = .overview
        o.materialShare = 0
        let dot = TraceDiagram.dot(for: twoChains(), options: o)
        // Twelve holders of alpha in one table: two columns of six.
        let table = cluster(dot, "alpha")
        XCTAssertTrue(table.contains("<B>Still held</B><BR/>12 addresses"), table)
        XCTAssertTrue(table.contains("COLSPAN=\"4\""), "two columns of address and amount")
        for i in 0..<12 { XCTAssertTrue(table.contains("0xalpha\(i) |"), "holder \(i) has its cell") }
        XCTAssertEqual(TraceDiagram.columns(6), 1)
        XCTAssertEqual(TraceDiagram.columns(7), 2)
        XCTAssertEqual(TraceDiagram.columns(100), 3, "at most three columns; longer tables grow down")
        // A chain's tables side by side, in two rows once they are many; each of the second row entered from below.
        let d = TraceDiagram(result: twoChains(), options: o)
        func tables(_ rows: [Int]) -> [TraceDiagram.Table] { rows.map { TraceDiagram.Table(chain: "c", kind: .deposit, title: "x", rows: Array(0..<$0)) } }
        XCTAssertEqual(d.gridRows(tables([3, 3, 3, 3])), [[0, 1, 2, 3]])
        XCTAssertEqual(d.gridRows(tables([6, 7, 6, 6, 2])), [[0, 1], [2, 3, 4]], "three columns of cells in each row")
    }

    func testPaperFitsTheDrawingToALandscapePage() {
        XCTAssertEqual(TraceDiagram.Paper.a3.attributes, ", size=\"15.74,10.89!\", ratio=fill, margin=0.4")
        for p in TraceDiagram.Paper.allCases { XCTAssertGreaterThan(p.inches.width, p.inches.height, "\(p) is landscape") }
    }

    func testPDFCreationDateIsTheGivenTimeWithTheSameLength() {
        var data = Data("%PDF-1.5\n<< /Producer (cairo) /CreationDate (D:20261206163918Z) >>\nxref".utf8)
        let before = data.count
        PDFDate.fix(&data, to: 1_719_079_200)
        XCTAssertEqual(String(decoding: data, as: UTF8.self), "%PDF-1.5\n<< /Producer (cairo) /CreationDate (D:20240622180000Z) >>\nxref")
        XCTAssertEqual(data.count, before)
        var odd = Data("/CreationDate (D:2026)".utf8)
        PDFDate.fix(&odd, to: 0)
        XCTAssertEqual(String(decoding: odd, as: UTF8.self), "/CreationDate (D:2026)", "not a date cairo writes: left alone")
    }
}
