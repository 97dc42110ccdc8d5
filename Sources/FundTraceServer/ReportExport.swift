import Foundation
import FundTraceIngest
import FundTraceRender
import FundTraceStore
import FundTraceTrace

extension WorkbenchStore {
    /// The case report of a bench trace, as `fundtrace report` writes report.html: the freeze list first, the
    /// diagram embedded, the store's loads and label files as provenance (no policy comparison: run
    /// `fundtrace report --compare` on the downloaded trace.json for that).
    func reportHTML(_ r: TraceResult) throws -> String {
        let loads = try store.loads()
        let fingerprint = FileDigest.sha256(of: Data(loads.map(\.sha256).sorted().joined(separator: "\n").utf8))
        let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value
        var options = TraceDiagram.Options(explorer: try ExplorerLinks())
        options.prices = prices
        var report = CaseReport.make(trace: r, comparisons: [:], loads: loads, storeBytes: bytes, storeFingerprint: fingerprint,
                                     reportCommand: ["fundtrace", "serve", "--db", path], explorer: options.explorer, prices: prices)
        report.provenance.labelFiles = try store.labelFiles()
        let svg = String(decoding: try GraphvizRenderer.render(dot: TraceDiagram.dot(for: r, options: options), format: .svg), as: UTF8.self)
        return HTMLReport.render(report, svg: svg)
    }
}
