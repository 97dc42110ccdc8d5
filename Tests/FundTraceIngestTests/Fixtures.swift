import Foundation
import XCTest
import FundTraceIngest
import FundTraceStore
import FundTraceCSV
import FundTraceTestSupport

/// Paths to the real data in `../shared/datasets-raw` (read in place, never copied).
enum Fixtures {
    /// A file of ethereum-etl's test resources (the test is skipped, or fails on CI, when it is absent).
    static func etl(_ p: String) throws -> String { try SharedData.url("ethereum-etl/tests/resources/\(p)").path }
    /// bitcoin-etl's exported blocks.
    static var btc: URL { get throws { try SharedData.url("bitcoin-etl/tests/resources/test_export_blocks_job") } }
    static var blocksCSV: String {
        get throws { try etl("test_export_blocks_job/blocks_with_transactions_and_withdrawals/expected_transactions.csv") }
    }
    static let streamDir = "test_stream/blocks_17173049_17173050/"

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

extension XCTestCase {
    /// A new empty store in a folder removed when the test ends.
    func newStore() throws -> (TransferStore, URL) {
        let dir = try newTemporaryDirectory("fundtrace-ingest")
        return (try TransferStore(path: dir.appendingPathComponent("t.sqlite").path), dir)
    }
}
