import Foundation
import FundTraceModel
import FundTraceRender
import FundTraceTaint
import FundTraceTrace

/// Diagram generation and Graphviz rendering (in-process, and in the fresh `fundtrace` process `render` uses) of
/// traces of 100, 1,000 and 10,000 addresses, against the `dot -Tsvg` command on the same DOT, in the same run.
enum RenderBenchmark {
    /// A hop-layered trace of `addresses` addresses: victims → collectors → splits → deposits / mixers / held.
    static func trace(addresses: Int) -> TraceResult {
        var seed: UInt64 = UInt64(addresses)
        func next(_ n: Int) -> Int { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return Int((seed >> 33) % UInt64(n)) }
        func address(_ i: Int) -> String { "0x" + String(repeating: "0", count: 40 - String(i, radix: 16).count) + String(i, radix: 16) }
        let victims = addresses / 3
        var layers: [[Int]] = [Array(0..<victims)]
        var i = victims
        let hops = 6
        let per = (addresses - victims) / hops
        for _ in 0..<hops { layers.append(Array(i..<(i + per))); i += per }
        var nodes: [TraceNode] = [], flows: [TraceFlow] = [], endpoints: [TraceEndpoint] = []
        for (h, layer) in layers.enumerated() where h > 0 {
            for a in layer {
                for _ in 0..<(1 + next(2)) {
                    let from = layers[h - 1][next(layers[h - 1].count)]
                    let amount = String(1_000_000_000_000_000 + next(1_000_000_000) * 1_000_000_000)
                    flows.append(TraceFlow(chain: "ethereum", txHash: "0x" + String(flows.count, radix: 16), block: UInt64(h * 100), time: 1_719_079_200 + Int64(h * 3600),
                                           logIndex: 0, kind: "native", from: address(from), to: address(a), asset: "ETH", amount: amount, tainted: amount, hop: h))
                }
                let last = h == hops
                let reason: EndpointReason? = last ? [.exchangeDeposit, .mixer, .held, .hopLimit][next(4)] : nil
                let label: String? = reason == .exchangeDeposit ? "Exchange \(next(10)) deposit" : (reason == .mixer ? "Mixer pool \(next(4))" : nil)
                nodes.append(TraceNode(chain: "ethereum", address: address(a), asset: "ETH", symbol: "ETH", decimals: 18, role: last ? .endpoint : .followed,
                                       reason: reason == .held ? nil : reason, hop: h, category: reason == .mixer ? .mixer : (reason == .exchangeDeposit ? .exchangeDeposit : nil),
                                       label: label, taintedReceived: "1000000000000000000", taintedSent: "0", taintedHeld: "500000000000000000", balance: "1000000000000000000"))
                if let reason {
                    endpoints.append(TraceEndpoint(chain: "ethereum", address: address(a), category: "", label: label ?? "", asset: "ETH",
                                                   taintedAmount: "500000000000000000", firstTx: "", lastTx: "", firstTime: nil, lastTime: nil, reason: reason, evidence: ""))
                }
            }
        }
        return TraceResult(direction: .forward, parameters: TraceParameters(), sources: [], windows: [], nodes: nodes, flows: flows, endpoints: endpoints,
                           totals: [AssetTotals(chain: "ethereum", asset: "ETH", symbol: "ETH", decimals: 18, created: "1000000000000000000000",
                                                atEndpoints: "0", feeSink: "0", returnedToSources: "0", reconciled: true)],
                           statistics: TraceStatistics())
    }

    static func run(reps: Int, workDir: String) throws -> String {
        var out = """
            | trace addresses | diagram | addresses drawn | DOT generation ms | in-process SVG ms (libgvc) | fresh-process SVG ms (`fundtrace`'s worker) | `dot -Tsvg` ms | ratio dot ÷ fresh process |
            | --- | --- | --- | --- | --- | --- | --- | --- |

            """
        // `render` and `report` lay out in a fresh process of `fundtrace` (identical bytes): the sibling executable.
        let fundtrace = (GraphvizWorker.currentExecutable as NSString).deletingLastPathComponent + "/fundtrace"
        let cases: [(Int, Int?)] = [(100, nil), (1_000, nil), (10_000, nil), (100, 100), (1_000, 1_000)]
        for (size, budget) in cases {
            let result = trace(addresses: size)
            var options = TraceDiagram.Options(explorer: try ExplorerLinks())
            if let budget { options.maxNodes = budget; options.collapseMin = .max }
            var gen: [Double] = [], inproc: [Double] = [], fresh: [Double] = [], command: [Double] = []
            var dot = ""
            let dotPath = (workDir as NSString).appendingPathComponent("render-\(size)-\(budget ?? 0).dot")
            for _ in 0..<reps {
                var t = Date()
                dot = TraceDiagram.dot(for: result, options: options)
                gen.append(Date().timeIntervalSince(t) * 1000)
                t = Date()
                _ = try GraphvizRenderer.render(dot: dot, format: .svg)
                inproc.append(Date().timeIntervalSince(t) * 1000)
                t = Date()
                _ = try GraphvizRenderer.render(dot: dot, format: .svg, isolation: .freshProcess(executable: fundtrace))
                fresh.append(Date().timeIntervalSince(t) * 1000)
                try dot.write(toFile: dotPath, atomically: true, encoding: .utf8)
                let c = try ChildProcess.run(["dot", "-Tsvg", dotPath], stdoutTo: dotPath + ".svg")
                command.append(c.seconds * 1000)
            }
            // Addresses drawn: nodes, plus each table's rows (a table is one node with a row per address).
            let lines = dot.split(separator: "\n").filter { !$0.contains("->") }
            let drawn = lines.filter { $0.hasPrefix("  n") }.count + lines.map { $0.components(separatedBy: "PORT=\"p").count - 1 }.reduce(0, +)
            let row = String(format: "| %d | %@ | %d | %.1f | %.0f | %.0f | %.0f | %.2f |\n", size, budget == nil ? "default (collapse, 60-node budget)" : "everything (no collapse)",
                             drawn, median(gen), median(inproc), median(fresh), median(command), median(command) / median(fresh))
            print(row, terminator: "")
            out += row
        }
        return out
    }
}
