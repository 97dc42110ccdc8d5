import Foundation
import FundTraceIngest
import FundTraceStore
import FundTraceTaint

/// The demo's taint step: scores the store from the dataset's theft sources
/// under each policy and prints the most exposed addresses.
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
}
