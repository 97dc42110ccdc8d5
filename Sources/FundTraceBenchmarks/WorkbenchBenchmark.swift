import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The workbench on the 10 M-transfer store of ``TraceBenchmark``, as a browser uses it: `fundtrace serve` in
/// its own process, requests over HTTP on loopback, each timed from send to the last byte. For addresses of
/// every kind of degree (the busiest background address down to a cold one, and the theft's splitters, deposit
/// addresses and hot wallets): expanding its receivers and its senders, its card (labels and per-asset sums), and
/// the first two pages of its history. Then a trace from the 1,590 theft transfers through the API: when its
/// first progress line shows and when its answer is complete.
enum WorkbenchBenchmark {
    struct Timing { var name: String; var seconds: [Double] }

    static func run(transfers: Int, addresses: Int, reps: Int, fundtrace: String, workDir: String) throws -> String {
        let (db, built) = try TraceBenchmark.store(transfers: transfers, addresses: addresses, fundtrace: fundtrace, workDir: workDir)
        let cases = (workDir as NSString).appendingPathComponent("workbench-bench-cases")
        let (server, base) = try start(fundtrace, db: db, cases: cases)
        defer { server.terminate(); server.waitUntilExit() }
        let layout = TraceBenchmark.Layout(background: UInt32(addresses))
        let picks: [(String, UInt32)] = [("busiest background", 0), ("background #1,000", 1_000), ("background #250,000", 250_000),
                                         ("background #900,000", 900_000), ("splitter", layout.splitters.lowerBound),
                                         ("deposit address", layout.deposits.lowerBound), ("hot wallet", layout.hotWallets.lowerBound)]
        var rows: [String] = []
        var all: [Double] = []
        for (kind, a) in picks {
            let address = layout.text(a)
            var timings: [Timing] = []
            for (name, path) in [("expand receivers", "/api/expand?chain=ethereum&side=out&address=\(address)"),
                                 ("expand senders", "/api/expand?chain=ethereum&side=in&address=\(address)"),
                                 ("address card", "/api/address?chain=ethereum&address=\(address)"),
                                 ("history page 1", "/api/history?chain=ethereum&limit=50&address=\(address)"),
                                 ("history, one week", "/api/history?chain=ethereum&limit=50&since=2024-07-01&until=2024-07-08&address=\(address)")] {
                timings.append(Timing(name: name, seconds: try (0..<reps).map { _ in try time(base + path).seconds }))
            }
            let first = try time(base + "/api/history?chain=ethereum&limit=50&address=\(address)")
            let next = (try JSONSerialization.jsonObject(with: first.body) as? [String: Any])?["next"] as? String
            if let next {
                timings.append(Timing(name: "history page 2", seconds: try (0..<reps).map { _ in
                    try time(base + "/api/history?chain=ethereum&limit=50&address=\(address)&cursor=\(next)").seconds }))
            }
            let degree = try degreeText(base, address)
            for t in timings {
                all += t.seconds
                rows.append("| \(kind) | \(degree) | \(t.name) | \(ms(median(t.seconds))) | \(ms(t.seconds.max()!)) |")
            }
        }
        let trace = try traceThroughAPI(base, workDir: workDir)
        let drawn = try (0..<reps).map { _ in try time(base + "/api/view/svg", method: "POST", body: trace.graph).seconds }
        return """
            \(built.map { String(format: "store built by `fundtrace load` in %.1f s\n", $0) } ?? "")\
            | address | transfers (out / in) | request | median ms | max ms (of \(reps), first cold) |
            | --- | --- | --- | --- | --- |
            \(rows.joined(separator: "\n"))

            every request: median \(ms(median(all))) ms, max \(ms(all.max() ?? 0)) ms, \(all.filter { $0 >= 0.2 }.count) of \(all.count) at 200 ms or more
            trace of the 1,590 theft transfers through the API: first progress line after \(ms(trace.firstProgress)) ms, answer complete after \(ms(trace.done)) ms (\(trace.endpoints) endpoints)
            its \(trace.edges) biggest flow edges drawn as SVG by Graphviz (what the canvas shows): median \(ms(median(drawn))) ms, max \(ms(drawn.max()!)) ms
            """
    }

    static func ms(_ s: Double) -> String { String(format: "%.1f", s * 1000) }

    /// "out / in" from one large expansion each way (the `read` count; "≥ 100,000" when capped).
    static func degreeText(_ base: String, _ address: String) throws -> String {
        try ["out", "in"].map { side -> String in
            let r = try time(base + "/api/expand?chain=ethereum&side=\(side)&limit=1&readLimit=100000&address=\(address)")
            let j = try JSONSerialization.jsonObject(with: r.body) as? [String: Any] ?? [:]
            let read = j["read"] as? Int ?? -1
            return (j["sampled"] as? Bool == true ? "≥ " : "") + String(read)
        }.joined(separator: " / ")
    }

    static func start(_ fundtrace: String, db: String, cases: String) throws -> (Process, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: fundtrace)
        p.arguments = ["serve", "--db", db, "--port", "0", "--cases", cases]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        var text = ""
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let chunk = pipe.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
            if let r = text.range(of: #"http://127\.0\.0\.1:\d+"#, options: .regularExpression) { return (p, String(text[r])) }
        }
        p.terminate()
        throw NSError(domain: "bench", code: 1, userInfo: [NSLocalizedDescriptionKey: "fundtrace serve did not start: \(text)"])
    }

    /// One request, timed from send to the last byte of the answer.
    static func time(_ url: String, method: String = "GET", body: Data? = nil) throws -> (seconds: Double, body: Data) {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        if let body { request.httpBody = body; request.setValue("application/json", forHTTPHeaderField: "Content-Type") }
        let done = DispatchSemaphore(value: 0)
        final class Box: @unchecked Sendable { var data: Data?; var status = 0; var error: Error? }
        let box = Box()
        let start = Date()
        URLSession.shared.dataTask(with: request) { data, response, error in
            box.data = data; box.error = error; box.status = (response as? HTTPURLResponse)?.statusCode ?? 0
            done.signal()
        }.resume()
        done.wait()
        let seconds = Date().timeIntervalSince(start)
        if let e = box.error { throw e }
        guard (200..<300).contains(box.status) else {
            throw NSError(domain: "bench", code: box.status, userInfo: [NSLocalizedDescriptionKey: "\(url): \(box.status) \(String(decoding: box.data ?? Data(), as: UTF8.self))"])
        }
        return (seconds, box.data ?? Data())
    }

    static func traceThroughAPI(_ base: String, workDir: String) throws -> (firstProgress: Double, done: Double, endpoints: Int, graph: Data, edges: Int) {
        let sources = try String(contentsOfFile: (workDir as NSString).appendingPathComponent("trace-bench-sources.csv"), encoding: .utf8)
        let from = sources.split(separator: "\n").dropFirst().map { String($0.split(separator: ",", omittingEmptySubsequences: false)[2]) }
        let body = try JSONSerialization.data(withJSONObject: ["from": from, "chain": "ethereum", "maxHops": 6])
        let start = Date()
        let started = try time(base + "/api/traces", method: "POST", body: body)
        let id = (try JSONSerialization.jsonObject(with: started.body) as? [String: Any])?["id"] as? String ?? ""
        var first: Double?
        while true {
            let r = try JSONSerialization.jsonObject(with: try time(base + "/api/traces/\(id)").body) as? [String: Any] ?? [:]
            if first == nil, let p = r["progress"] as? [Any], !p.isEmpty { first = Date().timeIntervalSince(start) }
            if r["state"] as? String != "running" {
                guard r["state"] as? String == "done" else { throw NSError(domain: "bench", code: 1, userInfo: [NSLocalizedDescriptionKey: "trace failed: \(r["error"] ?? "")"]) }
                let done = Date().timeIntervalSince(start)
                let graph = r["graph"] as? [String: Any] ?? [:]
                return (first ?? done, done, r["endpointCount"] as? Int ?? 0, try JSONSerialization.data(withJSONObject: graph),
                        (graph["edges"] as? [Any])?.count ?? 0)
            }
            usleep(20_000)
        }
    }
}
