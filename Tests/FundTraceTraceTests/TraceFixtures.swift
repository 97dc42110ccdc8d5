import Foundation
import FundTraceIngest
import FundTraceModel
import FundTraceStore
import FundTraceTaint

/// Builds stores from canonical-CSV rows for investigation tests.
enum TraceFixtures {
    struct Row {
        var from: String, to: String, amount: String
        var block: UInt64
        var asset = "ETH"
        var fee = ""
        var time: Int64? = nil
        var tx: String? = nil
        var log: UInt64 = 0
        var chain = "eth"
    }

    /// A store holding `rows` (transaction hashes derived from the row number unless given).
    static func store(_ rows: [Row], labels: [AddressLabel] = [], in dir: URL) throws -> TransferStore {
        var csv = FormatDetector.canonicalTransfersHeader.joined(separator: ",") + "\n"
        for (i, r) in rows.enumerated() {
            let tx = r.tx ?? String(format: "0x%064x", i + 1)
            csv += "\(r.chain),\(tx),\(r.block),0,\(r.log),\(r.time.map(String.init) ?? ""),\(r.from),\(r.to),\(r.asset),\(r.amount),\(r.fee)\n"
        }
        let path = dir.appendingPathComponent("transfers.csv").path
        try csv.write(toFile: path, atomically: true, encoding: .utf8)
        let store = try TransferStore(path: dir.appendingPathComponent("t.sqlite").path)
        _ = try Loader(store: store).load(path: path)
        try store.insertLabels(labels)
        return store
    }


}


