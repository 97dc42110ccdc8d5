import Foundation
import FundTraceIngest
import FundTraceModel
import FundTraceRender
import FundTraceStore
import FundTraceTaint
import FundTraceTrace
import FundTraceTaintAdapters
import FundTraceFetch

/// One parsing entry point of FundTrace, chosen by an input's first byte; the rest of the input is the file.
///
/// Every path a user's file takes is here: the loaders (auto-detected and each format forced), the label
/// readers (by the file names they recognise), sources files, price tables, and a trace.json read and drawn as
/// DOT. An input may fail with any error FundTrace reports; it may not trap, hang or exhaust memory.
enum FuzzTarget: CaseIterable, Equatable {
    case load(DataFormat?, ext: String)
    case labels(name: String)
    case sources
    case prices
    case trace
    /// A service's answer, as the fetchers read it: an explorer page, a node's block, trace list or answer, an Esplora transaction.
    case answer(ServiceAnswerReader.Kind)

    /// New targets go at the end: an input's first byte keeps selecting the target it was found on
    /// (the regression inputs in Tests/FuzzRegressions).
    static let allCases: [FuzzTarget] = [.load(nil, ext: "csv"), .load(nil, ext: "json")]
        + DataFormat.allCases.filter { !$0.isCryo }.map { .load($0, ext: $0.isJSON ? "json" : "csv") }
        + ["labels.csv", "pack.yaml", "sanctioned_addresses_ETH.txt", "sanctioned_addresses_USDT.json", "combined.json",
           "accounts.csv", "forta.csv"].map { .labels(name: $0) }
        + [.sources, .prices, .trace]
        + DataFormat.allCases.filter(\.isCryo).map { .load($0, ext: $0 == .cryoJSON ? "json" : "csv") }
        + ServiceAnswerReader.Kind.allCases.map { .answer($0) }

    /// The target an input's first byte selects.
    static func chosen(by byte: UInt8) -> FuzzTarget { allCases[Int(byte) % allCases.count] }

    /// The first byte that selects `self` (for writing seeds).
    var selector: UInt8 { UInt8(Self.allCases.firstIndex(of: self)!) }

    var fileName: String {
        switch self {
        case .load(_, let ext): return "input." + ext
        case .labels(let name): return name
        case .sources: return "sources.csv"
        case .prices: return "prices.csv"
        case .trace: return "trace.json"
        case .answer: return "answer.json"
        }
    }

    /// Runs the entry point on `file` (in `workspace`, which holds a store). Errors are the expected outcome of
    /// most inputs and are dropped; only a trap or a hang is a finding.
    func run(file: String, store: TransferStore) {
        do {
            switch self {
            case .load(let format, _):
                var options = Loader.Options()
                options.format = format
                options.chain = "ethereum"
                _ = try Loader(store: store).load(path: file, options: options)
            case .labels:
                let labels = try LabelFileReader.read(path: file)
                for l in labels.prefix(100) { _ = l.entity; _ = DOTText.quoted(l.label); _ = MarkupText.html(l.label) }
            case .sources:
                _ = try SourceSpec.read(path: file)
            case .prices:
                _ = try PriceTable.read(path: file)
            case .trace:
                let result = try TraceWriter.read(file)
                var options = TraceDiagram.Options(explorer: try ExplorerLinks())
                options.maxNodes = 40
                _ = TraceDiagram.dot(for: result, options: options)
                options.layout = .overview
                _ = TraceDiagram.dot(for: result, options: options)
                _ = FreezeList(result, units: AssetUnits(result))
            case .answer(let service):
                try ServiceAnswerReader.read(service, Array(try Data(contentsOf: URL(fileURLWithPath: file))))
            }
        } catch {}
    }
}
