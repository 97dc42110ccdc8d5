import Foundation
import FundTraceIngest
import FundTraceStore
import FundTraceModel
import FundTraceTaint
import FundTraceTrace

/// The demo's taint steps: scores the store from the dataset's theft sources
/// under each policy, then imports the dataset's labels and traces the theft
/// to its endpoints.
enum DemoTaintStep {
    static func run(store: TransferStore, dataset: String, out: String) throws {
        let sourcesPath = (dataset as NSString).appendingPathComponent("sources.csv")
        guard FileManager.default.fileExists(atPath: sourcesPath) else { return }
        let sources = try SourceSpec.readForStore(path: sourcesPath)
        print("taint from \(sources.rules.count) theft sources (\(sourcesPath)):")
        for policy in TaintPolicy.allCases {
            let path = (out as NSString).appendingPathComponent("scores-\(policy.rawValue).csv")
            let w = try CSVWriter(path: path)
            let r = try StoreScorer.score(store: store, sources: sources, policy: policy, to: w)
            try w.close()
            let held = r.heldByAsset.map { "\($0.asset) \($0.held) in \($0.holders) addresses" }.joined(separator: "; ")
            print("  \(policy.rawValue): tainted and still held (base units): \(held) → \(path)")
        }
    }

    static func trace(store: TransferStore, dataset: String, out: String) throws {
        let sourcesPath = (dataset as NSString).appendingPathComponent("sources.csv")
        guard FileManager.default.fileExists(atPath: sourcesPath) else { return }
        let labelsDir = (dataset as NSString).appendingPathComponent("labels")
        for f in ((try? FileManager.default.contentsOfDirectory(atPath: labelsDir)) ?? []).sorted() {
            let added = try store.insertLabels(try LabelFileReader.read(path: (labelsDir as NSString).appendingPathComponent(f)))
            print("labels: \(f): \(added) imported")
        }
        let dir = (out as NSString).appendingPathComponent("trace")
        let result = try Investigation(store: store, labels: try LabelBook(store: store), parameters: TraceParameters())
            .run(sources: try SourceSpec.readForStore(path: sourcesPath))
        try TraceWriter.write(result, to: dir)
        print(TraceSummary.text(result, outDir: dir))
        for e in result.endpoints where e.reason != .held {
            print("  endpoint \(e.reason.rawValue): \(e.address) \(Terminal.printable(e.asset)) \(Terminal.printable(e.label)) — \(Terminal.printable(e.evidence))")
        }
    }
}
