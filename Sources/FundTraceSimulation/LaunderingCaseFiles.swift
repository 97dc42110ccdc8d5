import Foundation
import FundTraceIngest
import FundTraceModel
import FundTraceCSV

/// The files a ``LaunderingScenario`` writes, in the formats `fundtrace load`,
/// `labels import`, `trace` and `evaluate` read.
extension LaunderingWorld {
    /// Canonical account CSV with the optional `gas_price` column, chain by chain in block order.
    func writeTransfers(to path: String) throws {
        let w = try CSVWriter(path: path)
        try w.write(FormatDetector.canonicalTransfersHeader + ["gas_price"])
        let ordered = rows.sorted { ($0.chain, $0.time, $0.seq, $0.log) < ($1.chain, $1.time, $1.seq, $1.log) }
        var lastBlock: [Int: (block: UInt64, index: Int, tx: String)] = [:]
        for r in ordered {
            let ch = chains[r.chain]
            let block = ch.firstBlock + UInt64((r.time - start) / ch.blockTime)
            var position = lastBlock[r.chain] ?? (block, -1, "")
            if position.block != block { position = (block, -1, "") }
            if position.tx != r.tx { position.index += 1; position.tx = r.tx }
            lastBlock[r.chain] = position
            try w.write([ch.name, r.tx, String(block), String(position.index), String(r.log), String(r.time), r.from, r.to, r.asset,
                         r.amount.description, r.fee?.description ?? "", r.gasPrice.map(String.init) ?? ""])
        }
        try w.close()
    }

    func writePoolEvents(to path: String) throws {
        let w = try CSVWriter(path: path)
        try w.write(["chain", "tx_hash", "pool", "action", "account", "amount", "gas_price", "timestamp"])
        for e in poolEvents.sorted(by: { ($0.time, $0.tx) < ($1.time, $1.tx) }) {
            try w.write([chains[e.chain].name, e.tx, e.pool, e.action, e.account, e.amount.description, String(e.gas), String(e.time)])
        }
        try w.close()
    }

    /// The services only: exchange hot wallets, DEX pools, bridges and mixer pools (never the attacker, never deposit addresses).
    func writeLabels(to path: String) throws {
        let w = try CSVWriter(path: path)
        try w.write(["chain", "address", "label", "category", "source"])
        for l in labels { try w.write([chains[l.chain].name, l.address, l.label, l.category, "laundering-scenario"]) }
        try w.close()
    }

    /// The theft transfers, as the taint contract's `transfer` sources.
    func writeSources(to path: String) throws {
        let w = try CSVWriter(path: path)
        try w.write(["type", "chain", "id", "asset", "start_block"])
        for t in theft { try w.write(["transfer", chains[t.chain].name, "\(t.tx):\(t.log)", "", ""]) }
        try w.close()
    }

    func truth() -> GroundTruth {
        var seen = Set<String>()
        let attackerList = attackers.compactMap { a -> GroundTruth.AttackerAddress? in
            seen.insert("\(a.chain)|\(a.address)").inserted ? .init(chain: chains[a.chain].name, address: a.address, role: a.role) : nil
        }
        let cashoutList = cashouts.values.sorted { ($0.chain, $0.address, $0.asset) < ($1.chain, $1.address, $1.asset) }.map { c in
            return GroundTruth.Cashout(chain: chains[c.chain].name, address: c.address, exchange: c.exchange, asset: c.asset, symbol: c.asset,
                                       decimals: priceAndDecimals(c.chain, c.asset).decimals, stolenAmount: c.amount, deposits: c.deposits)
        }
        return GroundTruth(attackers: attackerList, cashouts: cashoutList)
    }
}
