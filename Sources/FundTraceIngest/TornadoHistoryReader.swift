import Foundation
import FundTraceModel
import FundTraceCSV

/// Reads published Tornado Cash pool histories in BERT4ETH's format
/// (`tornadoFullHistoryMixer_<denomination>ETH.csv`:
/// `index,timeStamp,txHash,action,account,amt,gasPrice`, action `d` or `w`,
/// `amt` in ETH for deposits and in wei, net of the relayer's fee, for
/// withdrawals), the real data mixer heuristics are evaluated on.
public enum TornadoHistoryReader {
    public static let header = ["index", "timeStamp", "txHash", "action", "account", "amt", "gasPrice"]

    /// The events of one pool file; the pool ("1 ETH") and its denomination come from the file name.
    public static func read(path: String) throws -> [MixerEvent] {
        let name = (path as NSString).lastPathComponent
        guard name.hasPrefix("tornadoFullHistoryMixer_"), name.hasSuffix("ETH.csv"),
              case .success(let denomination) = Amount.parseUnits(Substring(name.dropFirst(24).dropLast(7)), decimals: 18) else {
            throw IngestError(file: path, line: 0, .format("file name must be tornadoFullHistoryMixer_<denomination>ETH.csv"))
        }
        let pool = String(name.dropFirst(24).dropLast(7)) + " ETH"
        let reader = try CSVReader(path: path)
        guard try reader.readHeader() == header else {
            throw IngestError(file: path, line: 1, .header(expected: header))
        }
        var out: [MixerEvent] = []
        while try reader.next() {
            func bad(_ column: Int, _ why: String) -> IngestError {
                IngestError(file: path, line: reader.line, column: column, columnName: header[column - 1], .value(why))
            }
            guard reader.fieldCount == header.count else { throw bad(1, "expected \(header.count) fields, found \(reader.fieldCount)") }
            let f = (0..<header.count).map { reader.string($0) ?? "" }
            guard let time = Int64(f[1]) else { throw bad(2, "not an integer") }
            guard f[3] == "d" || f[3] == "w" else { throw bad(4, "must be d or w") }
            guard !f[5].isEmpty, f[5].allSatisfy({ $0.isNumber || $0 == "." }) else { throw bad(6, "not an amount") }
            guard let gas = Amount(f[6]) else { throw bad(7, "not an integer") }
            out.append(MixerEvent(pool: pool, action: f[3] == "d" ? .deposit : .withdrawal, time: time,
                                  txHash: f[2].lowercased(), account: f[4].lowercased(), denomination: denomination, gasPrice: gas))
        }
        return out
    }
}
