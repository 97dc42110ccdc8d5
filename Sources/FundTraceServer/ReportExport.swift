import Foundation
import FundTraceRender
import FundTraceStore
import FundTraceTrace

extension WorkbenchStore {
    /// The case report of a bench trace, as `fundtrace report` writes report.html: the freeze list first, the
    /// diagram embedded, the store's loads and label files as provenance (no policy comparison: run
    /// `fundtrace report --compare` on the downloaded trace.json for that).
    func reportHTML(_ r: TraceResult) throws -> String {
        var options = TraceDiagram.Options(explorer: try ExplorerLinks())
        options.prices = prices
        let report = CaseReport.make(trace: r, comparisons: [:], store: try StoreProvenance(store: store, path: path),
                                     reportCommand: ["fundtrace", "serve", "--db", path], explorer: options.explorer, prices: prices)
        let svg = String(decoding: try GraphvizRenderer.render(dot: TraceDiagram.dot(for: r, options: options), format: .svg), as: UTF8.self)
        return HTMLReport.render(report, svg: svg)
    }
}
