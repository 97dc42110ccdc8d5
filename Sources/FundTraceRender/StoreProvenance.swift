import Foundation
import FundTraceIngest
import FundTraceStore
import FundTraceTaint
import FundTraceTrace

/// What a report says of the store a trace was read from: every load and every label file, the file's size, and
/// its fingerprint (SHA-256 over the loaded files' SHA-256s, so two stores loaded from the same files match).
public struct StoreProvenance: Sendable {
    public var loads: [LoadRecord] = []
    public var labelFiles: [LabelFileRecord] = []
    public var bytes: Int64?
    public var fingerprint: String?

    /// None: the store is not at hand.
    public init() {}

    public init(store: TransferStore, path: String) throws {
        loads = try store.loads()
        labelFiles = try store.labelFiles()
        bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value
        fingerprint = FileDigest.sha256(of: Data(loads.map(\.sha256).sorted().joined(separator: "\n").utf8))
    }
}

extension CaseReport {
    /// ``make(trace:comparisons:loads:storeBytes:storeFingerprint:reportCommand:explorer:generated:prices:)`` with the
    /// store's provenance, label files included.
    public static func make(trace r: TraceResult, comparisons: [TaintPolicy: TraceResult], store: StoreProvenance, reportCommand: [String],
                            explorer: ExplorerLinks, prices: PriceTable = PriceTable()) -> CaseReport {
        var report = make(trace: r, comparisons: comparisons, loads: store.loads, storeBytes: store.bytes, storeFingerprint: store.fingerprint,
                          reportCommand: reportCommand, explorer: explorer, prices: prices)
        report.provenance.labelFiles = store.labelFiles
        return report
    }
}
