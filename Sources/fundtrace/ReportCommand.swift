import ArgumentParser
import Foundation
import FundTraceIngest
import FundTraceModel
import FundTraceRender
import FundTraceStore
import FundTraceTaint
import FundTraceTrace
import FundTraceTaintAdapters

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the investigation report of a trace: HTML (self-contained, diagram embedded), Markdown, JSON and CSV.",
        discussion: """
            Sections: case summary (sources, stolen amount per asset, policy and parameters, reconciliation); endpoints \
            (category, label, chain, address, tainted amount, first and last transaction with time, and the rule that \
            attributes it); hop-by-hop flows; mixer, bridge and deposit crossings with heuristic, evidence and confidence; \
            a policy comparison (the same trace re-run under --compare policies on the store); provenance (SHA-256 of every \
            loaded file, the store's fingerprint, tool version and the exact commands) so anyone can reproduce it.
            """)

    @Argument(help: "A trace.json written by `fundtrace trace`.") var trace: String
    @Option(name: [.short, .customLong("output")], help: "Directory for report.html, report.md, report.json, report-endpoints.csv, report-flows.csv.")
    var output: String
    @Option(help: "The store the trace was computed from (default: the one trace.json names).") var db: String?
    @Option(help: "Policies to compare endpoints under, comma-separated, or 'none'.") var compare = "poison,haircut,fifo"
    @OptionGroup var diagram: DiagramOptions

    func run() throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw ValidationError("-o \(output) is a file: the report is a directory of files (report.html, report.md …)")
        }
        let result = try TraceWriter.read(trace)
        let storePath = db ?? result.store
        // A store named on the command line must exist; the one trace.json
        // names may have moved, and the report then goes without its provenance.
        if let db, !FileManager.default.fileExists(atPath: db) { throw StoreError.missing(path: db) }
        var provenance = StoreProvenance()
        var comparisons: [TaintPolicy: TraceResult] = [:]
        let policies = compare == "none" ? [] : try compare.split(separator: ",").map { name -> TaintPolicy in
            guard let p = TaintPolicy(rawValue: name.trimmingCharacters(in: .whitespaces)) else { throw ValidationError("--compare: unknown policy '\(name)'") }
            return p
        }
        if let storePath, FileManager.default.fileExists(atPath: storePath) {
            let store = try TransferStore(path: storePath)
            provenance = try StoreProvenance(store: store, path: storePath)
            if result.direction == .forward {
                let spec = SourceSpec(rules: result.sources.compactMap { s in
                    SourceSpec.Kind(rawValue: s.type).map { SourceSpec.Rule(kind: $0, chain: s.chain, id: s.id, asset: s.asset, startBlock: s.startBlock) }
                })
                let labels = try LabelBook(store: store)
                for p in policies where p != result.parameters.policy {
                    var params = result.parameters
                    params.policy = p
                    Terminal.progress("re-running the trace under \(p.rawValue) …")
                    comparisons[p] = try Investigation(store: store, labels: labels, parameters: params).run(sources: spec)
                }
                Terminal.endProgress()
            }
        } else if !policies.isEmpty {
            Terminal.error("note: store \(storePath ?? "(unknown)") not found: no policy comparison or load provenance (pass --db)")
        }
        let options = try diagram.options()
        let report = CaseReport.make(trace: result, comparisons: comparisons, store: provenance, reportCommand: CommandLine.arguments,
                                     explorer: options.explorer, prices: options.prices)
        let svg = String(decoding: try GraphvizRenderer.render(dot: TraceDiagram.dot(for: result, options: options), format: .svg,
                                                                      isolation: FundTrace.layoutIsolation), as: UTF8.self)
        let files = try ReportFiles.write(report, svg: svg, to: output)
        print("wrote " + files.joined(separator: ", "))
    }
}
