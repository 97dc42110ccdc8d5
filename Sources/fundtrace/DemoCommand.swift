import ArgumentParser
import Foundation
import FundTraceEvaluation
import FundTraceRender
import FundTraceSimulation
import FundTraceTrace

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the main job on the case shipped in Datasets/: load, label, trace the theft, draw it, write the report.",
        discussion: """
            On Datasets/coinstats-2024 (a synthetic reconstruction of the June 2024 CoinStats theft, with ground truth): \
            creates a store, loads every chain's ethereum-etl files, imports the services' labels, traces from the theft \
            transfers (haircut), renders the flow graph as SVG, writes the report (HTML, Markdown, JSON, CSV) and, as the \
            case has ground truth, scores the trace against it. Each step is the fundtrace command of the same name; \
            the commands are printed so you can re-run any of them. Run from the repository root (or pass --dataset).
            """)

    @Option(help: "Directory for the demo's store and outputs (created).") var out: String = "out/demo"
    @Option(help: ArgumentHelp("Case folder: ethereum-etl CSV in one sub-folder per chain (or at the top for --chain), labels.csv, sources.csv, truth/.",
                               discussion: "Default: Datasets/coinstats-2024 in the current directory, else in the checkout the fundtrace binary was built in."))
    var dataset: String?
    @Option(help: "Chain of CSV files at the top of the dataset folder.") var chain = "ethereum"
    @Option(help: "Taint policy of the trace.") var policy = "haircut"

    static let shippedCasePath = "Datasets/coinstats-2024"

    /// The shipped case: in the current directory, or in the checkout whose
    /// `.build/<triple>/<configuration>/` holds this binary, so that
    /// `.build/release/fundtrace demo` works from anywhere.
    static func shippedCase() -> String? {
        if FileManager.default.fileExists(atPath: shippedCasePath) { return shippedCasePath }
        var dir = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            dir.deleteLastPathComponent()
            let candidate = dir.appendingPathComponent(shippedCasePath).path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
        }
        return nil
    }

    func run() throws {
        let fm = FileManager.default
        guard let dataset = dataset ?? Self.shippedCase() else {
            throw ValidationError("\(Self.shippedCasePath) not found here or beside the fundtrace binary: run from the repository root or pass --dataset")
        }
        guard fm.fileExists(atPath: dataset) else { throw ValidationError("dataset \(dataset) not found") }
        try fm.createDirectory(atPath: out, withIntermediateDirectories: true)
        func path(_ parts: String...) -> String { parts.reduce(out) { ($0 as NSString).appendingPathComponent($1) } }
        func inDataset(_ name: String) -> String { (dataset as NSString).appendingPathComponent(name) }
        let db = path("demo.sqlite")
        for suffix in ["", "-journal", "-wal", "-shm"] { try? fm.removeItem(atPath: db + suffix) }
        let started = Date()

        /// Runs `fundtrace NAME ARGS…` in-process, printing the command first.
        func step(_ title: String, _ name: [String], _ args: [String], _ command: ParsableCommand.Type) throws {
            print("\n== \(title)\n$ fundtrace \((name + args).map(Self.quoted).joined(separator: " "))")
            var c = try command.parseAsRoot(args)
            try c.run()
            fflush(nil)  // every C stream (standard output among them): the next step's output follows in order
        }

        // Load: CSV at the top (--chain), and one folder per chain.
        let entries = try fm.contentsOfDirectory(atPath: dataset).sorted()
        let skip: Set<String> = ["labels.csv", "sources.csv", "prices.csv"]
        let top = entries.filter { $0.hasSuffix(".csv") && !skip.contains($0) }.map(inDataset)
        if !top.isEmpty { try step("load", ["load"], ["--db", db, "--chain", chain] + top, LoadCommand.self) }
        for sub in entries where sub != "truth" && sub != "labels" {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: inDataset(sub), isDirectory: &isDir), isDir.boolValue else { continue }
            let files = try fm.contentsOfDirectory(atPath: inDataset(sub)).filter { $0.hasSuffix(".csv") }.sorted()
                .map { (inDataset(sub) as NSString).appendingPathComponent($0) }
            if !files.isEmpty { try step("load \(sub)", ["load"], ["--db", db, "--chain", sub] + files, LoadCommand.self) }
        }
        // Labels: labels.csv, or every file in labels/.
        var labelFiles = fm.fileExists(atPath: inDataset("labels.csv")) ? [inDataset("labels.csv")] : []
        labelFiles += ((try? fm.contentsOfDirectory(atPath: inDataset("labels"))) ?? []).sorted().map { (inDataset("labels") as NSString).appendingPathComponent($0) }
        if !labelFiles.isEmpty { try step("labels", ["labels", "import"], ["--db", db] + labelFiles, LabelsImportCommand.self) }
        guard fm.fileExists(atPath: inDataset("sources.csv")) else {
            try step("stats", ["stats"], ["--db", db], StatsCommand.self)
            return
        }
        let traceDir = path("trace"), traceJSON = path("trace", "trace.json")
        try step("trace", ["trace"], ["--db", db, "--from", inDataset("sources.csv"), "--policy", policy, "--out-dir", traceDir], TraceCommand.self)
        let prices = (dataset as NSString).appendingPathComponent("prices.csv")
        let priceArgs = FileManager.default.fileExists(atPath: prices) ? ["--prices", prices] : []
        try step("render", ["render"], [traceJSON, "-o", path("trace.svg")] + priceArgs, RenderCommand.self)
        try step("render for print", ["render"], [traceJSON, "-o", path("trace.pdf")] + priceArgs, RenderCommand.self)
        try step("report", ["report"], [traceJSON, "-o", path("report")] + priceArgs, ReportCommand.self)
        if fm.fileExists(atPath: inDataset("truth")) {
            try step("evaluate against the ground truth", ["evaluate"], ["--truth", dataset, traceDir], EvaluateCommand.self)
        }
        let result = try TraceWriter.read(traceJSON)
        print("\n== where the stolen funds went (\(policy); amounts in each asset's units)")
        print(Self.outcome(result))
        print(String(format: "\nDone in %.1f s. Open %@ (report) and %@ (diagram; %@ to print).", Date().timeIntervalSince(started),
                     path("report", "report.html"), path("trace.svg"), path("trace.pdf")))
    }

    /// Per asset: stolen, and how much went to exchanges, mixers, bridges, is still held, or was swapped or bridged on.
    static func outcome(_ r: TraceResult) -> String {
        let units = AssetUnits(r)
        var rows = [["chain", "asset", "stolen", "from crossings", "to exchanges", "in mixers", "at bridges", "still held", "into crossings"]]
        for t in r.totals {
            var sums: [String: TaintSum] = [:]
            for e in r.endpoints where e.chain == t.chain && e.asset == t.asset {
                let bucket: String
                switch e.reason {
                case .exchangeDeposit: bucket = "exchange"
                case .service: bucket = e.category == "exchange" ? "exchange" : "held"
                case .mixer: bucket = "mixer"
                case .bridge: bucket = "bridge"
                default: bucket = "held"
                }
                sums[bucket, default: TaintSum()].add(e.taintedAmount)
            }
            func human(_ v: String?) -> String {
                guard let v, v != "0" else { return "–" }
                return Terminal.printable(units.display(v, chain: t.chain, asset: t.asset, maxFraction: 2))
            }
            rows.append([t.chain, Terminal.printable(units.name(chain: t.chain, asset: t.asset)), human(t.created), human(t.crossedIn),
                         human(sums["exchange"]?.text), human(sums["mixer"]?.text), human(sums["bridge"]?.text),
                         human(sums["held"]?.text), human(t.crossedOut)])
        }
        let widths = rows[0].indices.map { i in rows.map { $0[i].count }.max()! }
        return rows.map { row in
            row.enumerated().map { i, cell in i < 2 ? cell.padding(toLength: widths[i], withPad: " ", startingAt: 0) : cell.leftPad(widths[i]) }
                .joined(separator: "  ")
        }.joined(separator: "\n")
    }

    static func quoted(_ s: String) -> String {
        s.allSatisfy { $0.isLetter || $0.isNumber || "-_./,=:".contains($0) } ? s : "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
