import Foundation
import FundTraceIngest
import FundTraceModel
import FundTraceTrace
import FundTraceCSV

/// Mixer heuristics on the real Tornado Cash pool histories (BERT4ETH:
/// 0.1 / 1 / 10 / 100 ETH, Dec 2019 – Apr 2020): per pool and heuristic, how
/// many deposits FundTrace links, and how its links agree with the heuristic
/// pairs published beside the histories and by lambdaclass.
enum TornadoEvaluation {
    static let pools = ["0.1", "1", "10", "100"]

    struct Pair: Hashable { var deposit: String; var withdrawal: String }

    static func run(data: String) throws -> String {
        let bert = (data as NSString).appendingPathComponent("bert4eth/tornado_raw_data")
        let lambda = (data as NSString).appendingPathComponent("lambdaclass-tornado-heuristics")
        var events: [MixerEvent] = []
        for p in pools { events += try TornadoHistoryReader.read(path: "\(bert)/tornadoFullHistoryMixer_\(p)ETH.csv") }
        let hashes = Set(events.map(\.txHash))
        let poolOf = Dictionary(events.map { ($0.txHash, $0.pool) }, uniquingKeysWith: { a, _ in a })

        // Published pairs.
        func csvPairs(_ path: String, deposit: String, withdrawal: String) throws -> Set<Pair> {
            let r = try CSVReader(path: path)
            let h = try r.readHeader()
            guard let di = h.firstIndex(of: deposit), let wi = h.firstIndex(of: withdrawal) else { return [] }
            var out = Set<Pair>()
            while try r.next() { out.insert(Pair(deposit: (r.string(di) ?? "").lowercased(), withdrawal: (r.string(wi) ?? "").lowercased())) }
            return out
        }
        var bertPairs: [Int: Set<Pair>] = [:]
        for h in 1...3 {
            for p in pools { bertPairs[h, default: []].formUnion(try csvPairs("\(bert)/heuristic\(h)Mixer_\(p)ETH.csv", deposit: "depHash", withdrawal: "withdHash")) }
        }
        let lambdaGas = try csvPairs("\(lambda)/linked_transactions_same_gas_price_heuristic.csv", deposit: "deposit_hash", withdrawal: "withdrawl_hash")
            .union(try csvPairs("\(lambda)/linked_transactions_same_gas_price_heuristic_by_pool.csv", deposit: "deposit_hash", withdrawal: "withdraw_hash"))
            .filter { hashes.contains($0.deposit) && hashes.contains($0.withdrawal) }
        let lambdaMulti = try multiDenominationPairs("\(lambda)/heuristic_5_linked_txs.json").filter { hashes.contains($0.deposit) && hashes.contains($0.withdrawal) }

        let links = MixerLinker().links(events)
        var ours: [MixerLinker.Heuristic: Set<Pair>] = [:]
        for l in links { ours[l.heuristic, default: []].insert(Pair(deposit: l.deposit.txHash, withdrawal: l.withdrawal.txHash)) }

        var lines = ["Events: " + pools.map { p in
            let e = events.filter { $0.pool == p + " ETH" }
            return "\(p) ETH \(e.filter { $0.action == .deposit }.count) deposits / \(e.filter { $0.action == .withdrawal }.count) withdrawals"
        }.joined(separator: "; "), ""]
        let published: [(String, MixerLinker.Heuristic, Set<Pair>)] = [
            ("BERT4ETH heuristic 1", .addressMatch, bertPairs[1]!),
            ("BERT4ETH heuristic 2", .uniqueGasPrice, bertPairs[2]!),
            ("lambdaclass same gas price", .uniqueGasPrice, lambdaGas),
            ("lambdaclass heuristic 5 (multi-denomination)", .multiDenomination, lambdaMulti),
            ("BERT4ETH heuristic 3", .timing, bertPairs[3]!),
        ]
        lines.append("| pool | heuristic | deposits | linked by FundTrace | " + published.map { "vs \($0.0): theirs / both" }.joined(separator: " | ") + " |")
        lines.append("|---|---|---|---|" + String(repeating: "---|", count: published.count))
        for p in pools.map({ $0 + " ETH" }) {
            let deposits = events.filter { $0.pool == p && $0.action == .deposit }.count
            for h in MixerLinker.Heuristic.allCases {
                let mine = (ours[h] ?? []).filter { poolOf[$0.deposit] == p }
                let linked = Set(mine.map(\.deposit)).count
                var cells = ["\(p)", h.rawValue, "\(deposits)",
                             h == .linkedAddresses ? "n/a (no transfers outside the pool in these histories)"
                                 : String(format: "%d (%.1f %%)", linked, 100 * Double(linked) / Double(max(deposits, 1)))]
                for (_, ph, theirs) in published {
                    let t = theirs.filter { poolOf[$0.deposit] == p }
                    cells.append(ph == h ? "\(t.count) / \(t.intersection(mine).count)" : "")
                }
                lines.append("| " + cells.joined(separator: " | ") + " |")
            }
        }
        let any = Set(links.map(\.deposit.txHash)).count
        let total = events.filter { $0.action == .deposit }.count
        lines.append("")
        lines.append(String(format: "Any heuristic: %d of %d deposits linked (%.1f %%).", any, total, 100 * Double(any) / Double(total)))
        return lines.joined(separator: "\n")
    }

    /// lambdaclass `heuristic_5_linked_txs.json`: {"D": {depositor: {deposit tx: [[withdraw tx, address, …], …]}}, "W": …}.
    static func multiDenominationPairs(_ path: String) throws -> Set<Pair> {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let d = root["D"] as? [String: [String: [[Any]]]] else { return [] }
        var out = Set<Pair>()
        for (_, txs) in d {
            for (dep, linked) in txs {
                for l in linked { if let w = l.first as? String { out.insert(Pair(deposit: dep.lowercased(), withdrawal: w.lowercased())) } }
            }
        }
        return out
    }
}
