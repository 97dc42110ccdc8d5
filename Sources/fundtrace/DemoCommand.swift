import ArgumentParser
import Foundation
import FundTraceIngest
import FundTraceStore

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the main job on the dataset shipped in Datasets/: build a store, load it, summarise it, score taint from the theft sources, import its labels and trace the theft to its endpoints.",
        discussion: "Run from the repository root (or pass --dataset). Writes into --out, which is created.")

    @Option(help: "Directory for the demo's store and outputs.")
    var out: String = "out/demo"

    @Option(help: "Dataset directory holding ethereum-etl CSV files and sources.csv.")
    var dataset: String = "Datasets/sample-theft"

    func run() throws {
        let fm = FileManager.default
        guard fm.fileExists(atPath: dataset) else {
            throw ValidationError("dataset \(dataset) not found: run from the repository root or pass --dataset")
        }
        try fm.createDirectory(atPath: out, withIntermediateDirectories: true)
        let dbPath = (out as NSString).appendingPathComponent("demo.sqlite")
        for suffix in ["", "-journal", "-wal", "-shm"] { try? fm.removeItem(atPath: dbPath + suffix) }
        let store = try TransferStore(path: dbPath)
        let loader = Loader(store: store)
        let files = try fm.contentsOfDirectory(atPath: dataset).filter { $0.hasSuffix(".csv") && $0 != "sources.csv" }.sorted()
        print("FundTrace demo: loading \(files.count) files from \(dataset) into \(dbPath)")
        for f in files {
            let r = try loader.load(path: (dataset as NSString).appendingPathComponent(f)).record
            print("  \(f): \(r.format), \(r.rowsStored) rows stored")
        }
        let exportPath = (out as NSString).appendingPathComponent("transfers.csv")
        let writer = try CSVWriter(path: exportPath)
        let n = try CanonicalTransfersExporter.export(store: store, to: writer)
        try writer.close()
        print("exported \(n) transfers in the canonical CSV to \(exportPath)")
        try StatsCommand.parse(["--db", dbPath]).run()
        try DemoTaintStep.run(store: store, dataset: dataset, out: out)
        try DemoTaintStep.trace(store: store, dataset: dataset, out: out)

    }
}
