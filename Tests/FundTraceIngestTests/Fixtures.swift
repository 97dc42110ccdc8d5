import Foundation
import FundTraceIngest
import FundTraceStore
import FundTraceCSV
import FundTraceTestSupport

/// Paths to the real data in `../shared/datasets-raw` (read in place, never copied).
enum Fixtures {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let raw = SharedData.raw
    static let etl = raw.appendingPathComponent("ethereum-etl/tests/resources")
    static let btc = raw.appendingPathComponent("bitcoin-etl/tests/resources/test_export_blocks_job")

    static func etl(_ p: String) -> String { etl.appendingPathComponent(p).path }
    static let blocksCSV = etl("test_export_blocks_job/blocks_with_transactions_and_withdrawals/expected_transactions.csv")
    static let streamDir = "test_stream/blocks_17173049_17173050/"

    /// A new empty store in a temporary directory.
    static func newStore() throws -> (TransferStore, URL) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fundtrace-ingest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return (try TransferStore(path: dir.appendingPathComponent("t.sqlite").path), dir)
    }

    /// The store's account transfers as exported canonical CSV text.
    static func export(_ store: TransferStore) throws -> String {
        let w = CSVWriter(formulaGuard: false)  // as `fundtrace export` writes it
        try CanonicalTransfersExporter.export(store: store, to: w)
        return w.text
    }

    /// Splits simple CSV (no quoted fields) into header-keyed rows.
    static func rows(_ text: String) -> [[String: String]] {
        let lines = text.split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init))) }
    }
}
