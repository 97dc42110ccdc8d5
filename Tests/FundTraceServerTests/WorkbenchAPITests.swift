import Foundation
import FundTraceModel
import FundTraceRender
import FundTraceServer
import FundTraceSimulation
import FundTraceStore
import FundTraceTestSupport
import FundTraceTrace
import Hummingbird
import HummingbirdTesting
import XCTest

/// The workbench's API on the shipped CoinStats-like case, through Hummingbird's router test client.
final class WorkbenchAPITests: XCTestCase {
    /// The demo case loaded once for the whole class (a few seconds).
    static let store: String = {
        let dir = NSTemporaryDirectory() + "fundtrace-workbench-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let store = try! TransferStore(path: dir + "/case.sqlite")
        let folder = FundTraceSimulation.CaseFolder(SharedData.inRepository("Datasets/coinstats-2024").path)
        _ = try! folder.load(into: store)
        return dir + "/case.sqlite"
    }()
    static let firstSource = "0xc0157a75b50000000003b6000000000000000000000000000000000000000000:0"
    static let hotWallet = "0xe8c4a90000030000000000000000000000000000"

    func server(token: String? = nil) throws -> (WorkbenchServer, String) {
        let cases = try newTemporaryDirectory("fundtrace-cases").path
        var s = WorkbenchServer.Settings(db: Self.store, cases: cases)
        s.token = token
        return (try WorkbenchServer(s), cases)
    }

    static func get<T: Decodable>(_ client: some TestClientProtocol, _ uri: String, as type: T.Type, status: HTTPResponse.Status = .ok) async throws -> T {
        try await client.execute(uri: uri, method: .get) { r in
            XCTAssertEqual(r.status, status, uri + ": " + String(buffer: r.body))
            return try JSONDecoder().decode(T.self, from: Data(buffer: r.body))
        }
    }

    static let json: HTTPFields = [.contentType: "application/json"]

    func testSearchFindsLabelsAndTransactions() async throws {
        let app = Application(router: try server().0.router())
        try await app.test(.router) { client in
            let byLabel = try await Self.get(client, "/api/search?q=Bluefin", as: SearchAnswer.self)
            XCTAssertEqual(Set(byLabel.addresses.map(\.chain)), ["bsc", "ethereum", "polygon"])
            XCTAssertTrue(byLabel.addresses.allSatisfy { $0.label?.hasPrefix("Bluefin") == true && $0.category == "exchange" })
            let hash = String(Self.firstSource.prefix(66))
            let byHash = try await Self.get(client, "/api/search?q=\(hash.uppercased().replacingOccurrences(of: "0X", with: "0x"))", as: SearchAnswer.self)
            XCTAssertEqual(byHash.transactions.map(\.chain), ["bsc"])
            XCTAssertEqual(byHash.transactions.first?.transfers.map(\.kind), ["native", "token"], "the call and its token transfer")
            let byAddress = try await Self.get(client, "/api/search?q=\(Self.hotWallet)", as: SearchAnswer.self)
            XCTAssertEqual(byAddress.addresses.first?.label, "Bluefin Exchange: Hot Wallet 3")
            _ = try await Self.get(client, "/api/search?q=", as: [String: String].self, status: .badRequest)
        }
    }

    /// The history's pages, the per-asset sums and an expansion's edges all add up the same transfers.
    func testHistoryPagesBalancesAndExpansionAgree() async throws {
        let app = Application(router: try server().0.router())
        try await app.test(.router) { client in
            let card = try await Self.get(client, "/api/address?address=\(Self.hotWallet)&chain=ethereum", as: AddressAnswer.self)
            XCTAssertFalse(card.sampled)
            var seen = Set<String>(), cursor: String?, rows: [TransferItem] = []
            repeat {
                let page = try await Self.get(client, "/api/history?address=\(Self.hotWallet)&chain=ethereum&limit=37" + (cursor.map { "&cursor=\($0)" } ?? ""),
                                              as: HistoryPage.self)
                XCTAssertLessThanOrEqual(page.transfers.count, 37)
                rows += page.transfers
                cursor = page.next
            } while cursor != nil
            for r in rows { XCTAssertTrue(seen.insert("\(r.txHash):\(r.kind):\(r.logIndex)").inserted, "a transfer listed twice") }
            XCTAssertEqual(rows.map(\.block), rows.map(\.block).sorted(by: >), "newest first")
            for b in card.balances {
                let mine = rows.filter { $0.asset == b.asset }
                XCTAssertEqual(mine.filter { $0.to.address == Self.hotWallet }.count, b.transfersIn, b.asset)
                XCTAssertEqual(mine.filter { $0.from.address == Self.hotWallet }.count, b.transfersOut, b.asset)
                let sent = mine.filter { $0.from.address == Self.hotWallet }.reduce(Amount.zero) { $0 + Amount($1.amount)! }
                XCTAssertEqual(sent.description, b.sent, b.asset)
                let received = Amount(b.received)!, out = Amount(b.sent)! + Amount(b.feesPaid)!
                XCTAssertEqual(b.net, received >= out ? (received - out).description : "-" + (out - received).description)
            }
            // A time window: exactly the transfers whose time is in it (bounds found by binary search over blocks).
            let times = rows.compactMap(\.time).sorted()
            let (since, until) = (times[times.count * 2 / 5], times[times.count * 3 / 5])
            let windowed = try await Self.get(client, "/api/history?address=\(Self.hotWallet)&chain=ethereum&limit=500&since=\(TraceTime.iso8601(since))&until=\(TraceTime.iso8601(until))",
                                              as: HistoryPage.self)
            XCTAssertNil(windowed.next)
            let expected = rows.filter { (since...until).contains($0.time!) }.map(\.txHash).sorted()
            XCTAssertEqual(windowed.transfers.count, expected.count)
            XCTAssertTrue(windowed.transfers.map(\.txHash).sorted() == expected, "the window holds exactly the transfers timed in it")
            let none = try await Self.get(client, "/api/history?address=\(Self.hotWallet)&chain=ethereum&until=2001-01-01", as: HistoryPage.self)
            XCTAssertTrue(none.transfers.isEmpty)
            let x = try await Self.get(client, "/api/expand?address=\(Self.hotWallet)&chain=ethereum&side=in&limit=200", as: Expansion.self)
            XCTAssertEqual(x.more, 0)
            XCTAssertFalse(x.sampled)
            for b in card.balances {
                let total = x.edges.filter { $0.asset == b.asset }.reduce(Amount.zero) { $0 + Amount($1.amount)! }
                XCTAssertEqual(total.description, b.received, "expansion edges of \(b.asset) add up to what was received")
                XCTAssertEqual(x.edges.filter { $0.asset == b.asset }.reduce(0) { $0 + $1.transfers }, b.transfersIn)
            }
            XCTAssertEqual(x.nodes.count, x.edges.count + 1)
            let top = try await Self.get(client, "/api/expand?address=\(Self.hotWallet)&chain=ethereum&side=out&limit=3&readLimit=100", as: Expansion.self)
            XCTAssertEqual(top.edges.count, 3)
            XCTAssertEqual(top.read, 100)
            XCTAssertTrue(top.sampled, "the hot wallet sent more than 100 transfers: the newest were read, and the answer says so")
            let usdt = try await Self.get(client, "/api/history?address=\(Self.hotWallet)&chain=ethereum&asset=USDT&min=1000000000", as: HistoryPage.self)
            XCTAssertTrue(usdt.transfers.allSatisfy { $0.symbol == "USDT" && Amount($0.amount)! >= Amount(1_000_000_000) })
            _ = try await Self.get(client, "/api/history?address=\(Self.hotWallet)&since=2024-06-22", as: [String: String].self, status: .badRequest)
            _ = try await Self.get(client, "/api/expand?address=\(Self.hotWallet)&chain=ethereum&side=up", as: [String: String].self, status: .badRequest)
            _ = try await Self.get(client, "/api/address?address=0x0000000000000000000000000000000000000bad", as: [String: String].self, status: .notFound)
        }
    }

    /// Starts the trace from the case's first theft transfer and waits for its answer.
    static func traceAnswer(_ client: some TestClientProtocol) async throws -> TraceAnswer {
        let body = ByteBuffer(data: try JSONEncoder().encode(TraceRequest(from: [Self.firstSource], chain: "bsc")))
        let started = try await client.execute(uri: "/api/traces", method: .post, headers: Self.json, body: body) { r in
            XCTAssertEqual(r.status, .accepted)
            return try JSONDecoder().decode([String: String].self, from: Data(buffer: r.body))
        }
        let id = try XCTUnwrap(started["id"])
        var answer: TraceAnswer
        repeat {
            try await Task.sleep(nanoseconds: 50_000_000)
            answer = try await get(client, "/api/traces/\(id)", as: TraceAnswer.self)
        } while answer.state == .running
        XCTAssertEqual(answer.state, .done, answer.error ?? "")
        return answer
    }

    /// A trace runs in the background; its answer has the freeze list, and edges expanded with it carry exactly its taint.
    func testTraceAnswersAndTaintOnExpandedEdges() async throws {
        let app = Application(router: try server().0.router())
        try await app.test(.router) { client in
            let answer = try await Self.traceAnswer(client)
            let id = answer.id
            XCTAssertFalse(answer.freeze?.isEmpty ?? true)
            XCTAssertTrue(answer.totals?.allSatisfy(\.reconciled) ?? false)
            let graph = try XCTUnwrap(answer.graph)
            XCTAssertNil(graph.problem())
            for e in graph.edges { XCTAssertLessThanOrEqual(Amount(e.tainted!)!, Amount(e.amount)!) }
            // The stolen transfer's receiver: its outgoing edges carry the trace's taint on exactly their transfers.
            let first = try XCTUnwrap(graph.edges.first { $0.tainted == $0.amount })
            let x = try await Self.get(client, "/api/expand?address=\(first.to)&chain=bsc&side=out&limit=200&trace=\(id)", as: Expansion.self)
            let traced = graph.edges.filter { $0.from == first.to }
            XCTAssertFalse(traced.isEmpty)
            for t in traced {
                let e = try XCTUnwrap(x.edges.first { $0.to == t.to && $0.asset == t.asset })
                XCTAssertEqual(e.tainted, t.tainted, "edge to \(t.to)")
            }
            let report = try await client.execute(uri: "/api/traces/\(id)/report", method: .get) { r in (r.status, r.headers[.contentDisposition], String(buffer: r.body)) }
            XCTAssertEqual(report.0, .ok)
            XCTAssertEqual(report.1, "attachment; filename=\"report.html\"")
            XCTAssertTrue(report.2.contains("Freeze list"))
            let bad = ByteBuffer(data: try JSONEncoder().encode(TraceRequest(from: ["0x12"], chain: "bsc")))
            try await client.execute(uri: "/api/traces", method: .post, headers: Self.json, body: bad) { r in
                XCTAssertEqual(r.status, .badRequest)
                XCTAssertTrue(String(buffer: r.body).contains("neither an EVM address"))
            }
        }
    }

    func testPathSearchJoinsTheTheftToADepositAddress() async throws {
        let app = Application(router: try server().0.router())
        try await app.test(.router) { client in
            let tx = try await Self.get(client, "/api/search?q=\(Self.firstSource.prefix(66))", as: SearchAnswer.self)
            let theft = try XCTUnwrap(tx.transactions.first?.transfers.first { $0.kind == "token" })
            let answer = try await Self.traceAnswer(client)
            let deposit = try XCTUnwrap(answer.freeze?.flatMap(\.entries).first { $0.chain == "bsc" }?.address)
            let p = try await Self.get(client, "/api/path?from=\(theft.to.address)&to=\(deposit)&chain=bsc&depth=8&maxDegree=10000", as: PathAnswer.self)
            XCTAssertTrue(p.found, "the trace reached \(deposit) along transfers, so a path exists")
            XCTAssertEqual(p.nodes.first?.address, theft.to.address)
            XCTAssertEqual(p.nodes.last?.address, deposit)
            for (a, b) in zip(p.nodes, p.nodes.dropFirst()) { XCTAssertTrue(p.edges.contains { $0.from == a.address && $0.to == b.address }) }
            let direct = try await Self.get(client, "/api/path?from=\(theft.from.address)&to=\(theft.to.address)&chain=bsc", as: PathAnswer.self)
            XCTAssertTrue(direct.found)
            XCTAssertEqual(direct.nodes.map(\.address), [theft.from.address, theft.to.address])
            let back = try await Self.get(client, "/api/path?from=\(theft.to.address)&to=\(theft.from.address)&chain=bsc&depth=1", as: PathAnswer.self)
            XCTAssertFalse(back.found, "paths follow the transfers' direction")
        }
    }

    func testCasesSaveReopenExactlyAndStayInTheirFolder() async throws {
        let (server, folder) = try server()
        let app = Application(router: server.router())
        var view = ViewGraph(nodes: [ViewGraph.Node(chain: "bsc", address: "0xa", note: "why: <script>alert(1)</script>")])
        view.nodes[0].hidden = true
        let c = CaseFile(version: 1, name: "lazarus-2024.06", savedAt: "2026-12-07T00:00:00Z", trace: TraceRequest(from: [Self.firstSource]),
                         view: view, notes: "notes \"quoted\"", window: ["since": "2024-06-22"])
        let bytes = try JSONEncoder().encode(c)
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/cases/lazarus-2024.06", method: .put, headers: Self.json, body: ByteBuffer(data: bytes)) { r in
                XCTAssertEqual(r.status, .ok, String(buffer: r.body))
            }
            try await client.execute(uri: "/api/cases/lazarus-2024.06", method: .get) { r in
                XCTAssertEqual(Data(buffer: r.body), bytes, "a case reopens byte for byte")
                XCTAssertEqual(try JSONDecoder().decode(CaseFile.self, from: Data(buffer: r.body)), c)
            }
            let list = try await Self.get(client, "/api/cases", as: [String: [String]].self)
            XCTAssertEqual(list["cases"], ["lazarus-2024.06"])
            for name in ["..%2F..%2Fetc%2Fpasswd", ".hidden", "a%00b", String(repeating: "x", count: 81)] {
                try await client.execute(uri: "/api/cases/\(name)", method: .put, headers: Self.json, body: ByteBuffer(data: bytes)) { r in
                    XCTAssertTrue([.badRequest, .notFound].contains(r.status), "\(name): \(r.status)")
                }
            }
            try await client.execute(uri: "/api/cases/other", method: .put, headers: Self.json, body: ByteBuffer(data: bytes)) { r in
                XCTAssertEqual(r.status, .badRequest, "a case saved under another name than its own")
            }
            try await client.execute(uri: "/api/cases/broken", method: .put, headers: Self.json, body: ByteBuffer(string: "{\"version\":1}")) { r in
                XCTAssertEqual(r.status, .badRequest)
                XCTAssertTrue(String(buffer: r.body).contains("missing"), String(buffer: r.body))
            }
            try await client.execute(uri: "/api/cases/lazarus-2024.06", method: .put, headers: [.contentType: "text/plain"], body: ByteBuffer(data: bytes)) { r in
                XCTAssertEqual(r.status, .unsupportedMediaType)
            }
            try await client.execute(uri: "/api/cases/nothing", method: .get) { r in XCTAssertEqual(r.status, .notFound) }
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), ["lazarus-2024.06.case.json"])
    }

    func testViewsAreDrawnWithEveryStringEscaped() async throws {
        let app = Application(router: try server().0.router())
        let hostile = "<script>alert(1)</script> \"\\N\\G\" ]; x -> y ["
        let view = ViewGraph(title: hostile, nodes: [ViewGraph.Node(chain: "bsc", address: "0xa", label: hostile, note: hostile),
                                                     ViewGraph.Node(chain: "bsc", address: "0xb")],
                             edges: [ViewGraph.Edge(chain: "bsc", from: "0xa", to: "0xb", asset: "BNB", symbol: hostile, decimals: 18,
                                                    amount: "1500000000000000000", transfers: 2, tainted: "750000000000000000", note: hostile)])
        try await app.test(.router) { client in
            let body = ByteBuffer(data: try JSONEncoder().encode(view))
            try await client.execute(uri: "/api/view/svg", method: .post, headers: Self.json, body: body) { r in
                XCTAssertEqual(r.status, .ok)
                let svg = String(buffer: r.body)
                XCTAssertFalse(svg.contains("<script"), "markup from a label reached the SVG")
                XCTAssertTrue(svg.contains("&lt;script&gt;"))
                XCTAssertTrue(svg.contains("tainted 50.0%"))
                XCTAssertTrue(svg.contains("id=\"n0\"") && svg.contains("id=\"e0\""), "the browser finds nodes and edges by id")
            }
            try await client.execute(uri: "/api/view/dot", method: .post, headers: Self.json, body: body) { r in
                let dot = String(buffer: r.body)
                let edges = dot.split(separator: "\n").filter { $0.range(of: #"^  n\d+ -> n\d+ \["#, options: .regularExpression) != nil }
                XCTAssertEqual(edges.count, 1, "one edge: the arrows in the labels are quoted text")
                XCTAssertEqual(dot.split(separator: "\n").filter { $0.range(of: #"^  n\d+ \["#, options: .regularExpression) != nil }.count, 2)
                XCTAssertTrue(dot.contains("\\\\N"), "Graphviz escapes are doubled")
            }
            var orphan = view
            orphan.edges[0].to = "0xc"
            try await client.execute(uri: "/api/view/svg", method: .post, headers: Self.json, body: ByteBuffer(data: try JSONEncoder().encode(orphan))) { r in
                XCTAssertEqual(r.status, .badRequest)
            }
            try await client.execute(uri: "/api/view/gif", method: .post, headers: Self.json, body: body) { r in XCTAssertEqual(r.status, .badRequest) }
        }
    }

    func testTokenGuardsTheAPIAndEveryAnswerCarriesTheCSP() async throws {
        let token = "0123456789abcdef0123"
        let app = Application(router: try server(token: token).0.router())
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/store", method: .get) { r in
                XCTAssertEqual(r.status, .unauthorized)
                XCTAssertTrue(r.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
            }
            try await client.execute(uri: "/api/store", method: .get, headers: [.authorization: "Bearer " + token.dropLast() + "x"]) { r in
                XCTAssertEqual(r.status, .unauthorized)
            }
            try await client.execute(uri: "/api/store", method: .get, headers: [.authorization: "Bearer " + token]) { r in
                XCTAssertEqual(r.status, .ok)
                XCTAssertEqual(r.headers[.cacheControl], "no-store")
            }
            try await client.execute(uri: "/", method: .get) { r in
                XCTAssertEqual(r.status, .ok, "the page itself holds no data")
                XCTAssertTrue(String(buffer: r.body).contains("<script src=\"/app.js\""))
                XCTAssertEqual(r.headers[.xContentTypeOptions], "nosniff")
            }
        }
    }
}
