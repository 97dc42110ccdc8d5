import Foundation
import FundTraceRender
import FundTraceStore
import FundTraceTrace
import Hummingbird

/// The routes: the app's files, and a JSON API that reads the store, runs traces and draws views, and writes
/// nothing but case files in the case folder.
///
///     GET  /api/store                                   chains and the case folder
///     GET  /api/search?q=                               an address, a transaction hash or a label
///     GET  /api/address?address=&chain=                 labels and per-asset sums
///     GET  /api/history?address=&chain=&side=&since=&until=&asset=&min=&cursor=&limit=
///     GET  /api/expand?address=&chain=&side=in|out&limit=&trace=   counterparties as edges (with a trace: their taint)
///     GET  /api/path?from=&to=&chain=&depth=&maxDegree=&trace=
///     POST /api/traces           (TraceRequest)          starts a trace; GET /api/traces/ID its progress, then its result
///     GET  /api/traces/ID/report | /api/traces/ID/trace.json   downloads
///     POST /api/view/FORMAT      (ViewGraph)             the canvas as svg, dot, pdf or png
///     GET  /api/cases, GET|PUT /api/cases/NAME           case files
struct WorkbenchAPI: Sendable {
    let store: WorkbenchStore
    let jobs: TraceJobs
    let cases: CaseLibrary
    let assets: WebAssets

    func register(on router: Router<BasicRequestContext>) {
        for (path, _) in assets.files { router.get(RouterPath(stringLiteral: path)) { _, _ in self.file(path) } }
        router.get("/api/store") { _, _ in try json(StoreAnswer(store: (store.path as NSString).lastPathComponent, chains: store.chains, cases: try cases.list())) }
        router.get("/api/search") { r, _ in let p = params(r); return try json(try await store.run { try $0.search(p["q"] ?? "") }) }
        router.get("/api/address") { r, _ in
            let p = params(r)
            return try json(try await store.run { try $0.address(try required(p, "address"), chain: p["chain"]) })
        }
        router.get("/api/history") { r, _ in
            let p = params(r)
            let q = try ActivityQuery(p, defaultLimit: 50, maxLimit: 500)
            return try json(try await store.run { try $0.history(try required(p, "address"), q) })
        }
        router.get("/api/expand") { r, _ in try await expand(params(r)) }
        router.get("/api/path") { r, _ in try await path(params(r)) }
        registerTraces(router)
        registerViewsAndCases(router)
    }

    func registerTraces(_ router: Router<BasicRequestContext>) {
        router.post("/api/traces") { r, c in
            let request = try await decode(TraceRequest.self, r, limit: 4 << 20)
            return try json(["id": try jobs.start(request)], status: .accepted)
        }
        router.get("/api/traces/:id") { _, c in
            let id = try c.parameters.require("id")
            return try json(TraceAnswer(id: id, job: try jobs.job(id), store: store))
        }
        router.get("/api/traces/:id/trace.json") { _, c in
            let r = try jobs.result(try c.parameters.require("id"))
            let data = try TraceWriter.encoded(r)
            return download(data, type: "application/json", name: "trace.json")
        }
        router.get("/api/traces/:id/report") { _, c in
            let r = try jobs.result(try c.parameters.require("id"))
            let html = try await store.run { try $0.reportHTML(r) }
            return download(Data(html.utf8), type: "text/html; charset=utf-8", name: "report.html")
        }
    }

    func registerViewsAndCases(_ router: Router<BasicRequestContext>) {
        router.post("/api/view/:format") { r, c in
            guard let format = GraphvizRenderer.Format(rawValue: try c.parameters.require("format")) else {
                throw WorkbenchError.bad("a view is drawn as svg, dot, pdf or png")
            }
            let view = try await decode(ViewGraph.self, r, limit: CaseLibrary.maxBytes)
            if let problem = view.problem() { throw WorkbenchError.bad(problem) }
            let data = try await store.run { _ in try GraphvizRenderer.render(dot: ViewDiagram.dot(for: view), format: format) }
            let types: [GraphvizRenderer.Format: String] = [.svg: "image/svg+xml", .dot: "text/vnd.graphviz; charset=utf-8", .pdf: "application/pdf", .png: "image/png"]
            return download(data, type: types[format]!, name: "workbench." + format.rawValue)
        }
        router.get("/api/cases") { _, _ in try json(["cases": try cases.list()]) }
        router.get("/api/cases/:name") { _, c in
            let data = try cases.read(try c.parameters.require("name"))
            return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        router.put("/api/cases/:name") { r, c in
            var request = r
            let name = try c.parameters.require("name")
            let body = try await request.collectBody(upTo: CaseLibrary.maxBytes)
            try cases.write(name, Data(buffer: body))
            return try json(["saved": name])
        }
    }

    func expand(_ p: [String: String]) async throws -> Response {
        let q = try ActivityQuery(p, defaultLimit: 15, maxLimit: 200)
        let side: TransferSide = try { switch p["side"] { case "in": return .incoming; case "out": return .outgoing
            default: throw WorkbenchError.bad("side: in or out") } }()
        let address = try required(p, "address"), chain = try required(p, "chain")
        let taint = try jobs.taint(p["trace"])
        let readLimit = try bounded(p, "readLimit", 5_000, 1...100_000)
        return try json(try await store.run {
            try $0.expand(address, chain: chain, side: side, q, limit: q.limit, readLimit: readLimit, taint: taint)
        })
    }

    func path(_ p: [String: String]) async throws -> Response {
        let q = try ActivityQuery(p, defaultLimit: 1, maxLimit: 1)
        let (from, to, chain) = (try required(p, "from"), try required(p, "to"), try required(p, "chain"))
        let depth = try bounded(p, "depth", 4, 1...8), degree = try bounded(p, "maxDegree", 200, 1...10_000)
        let taint = try jobs.taint(p["trace"])
        return try json(try await store.run { try $0.path(from: from, to: to, chain: chain, q, depth: depth, maxDegree: degree, taint: taint) })
    }

    func file(_ path: String) -> Response {
        let a = assets.files[path]!
        return Response(status: .ok, headers: [.contentType: a.type], body: .init(byteBuffer: ByteBuffer(bytes: a.bytes)))
    }
}

struct StoreAnswer: Codable, Sendable { var store: String; var chains: [String]; var cases: [String] }

/// The query's parameters, percent-decoded; a repeated name keeps its last value.
func params(_ r: Request) -> [String: String] {
    var out: [String: String] = [:]
    for (k, v) in r.uri.queryParameters { out[String(k)] = String(v) }
    return out
}

func required(_ p: [String: String], _ name: String) throws -> String {
    guard let v = p[name], !v.isEmpty else { throw WorkbenchError.bad("\(name) is missing") }
    guard v.utf8.count <= 200 else { throw WorkbenchError.bad("\(name): at most 200 characters") }
    return v
}

func bounded(_ p: [String: String], _ name: String, _ fallback: Int, _ range: ClosedRange<Int>) throws -> Int {
    guard let v = p[name], !v.isEmpty else { return fallback }
    guard let n = Int(v), range.contains(n) else { throw WorkbenchError.bad("\(name): \(range.lowerBound) to \(range.upperBound)") }
    return n
}

func decode<T: Decodable>(_ type: T.Type, _ r: Request, limit: Int) async throws -> T {
    var request = r
    let body: ByteBuffer
    do { body = try await request.collectBody(upTo: limit) } catch { throw WorkbenchError(.contentTooLarge, "the body is larger than \(limit >> 20) MiB") }
    do { return try JSONDecoder().decode(T.self, from: Data(buffer: body)) } catch { throw WorkbenchError.bad("the body: \(CaseLibrary.reason(error))") }
}

func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                    body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
}

/// A file to save, never to render in the bench's own page (a report carries its own script and style).
func download(_ data: Data, type: String, name: String) -> Response {
    Response(status: .ok, headers: [.contentType: type, .contentDisposition: "attachment; filename=\"\(name)\""],
             body: .init(byteBuffer: ByteBuffer(bytes: data)))
}
