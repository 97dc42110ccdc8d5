import Foundation
import FundTraceModel
import FundTraceRender
import FundTraceStore
import FundTraceTrace

/// What a trace found tainted, per transfer, so that an edge drawn from the store shows the taint of exactly the
/// transfers it adds up. Whole base units (haircut's fractions of a wei are not money).
public struct TaintIndex: Sendable {
    private var tainted: [String: Amount] = [:]

    public init(_ r: TraceResult) {
        for f in r.flows {
            let whole = f.tainted.split(separator: ".").first.map(String.init) ?? f.tainted
            if let a = Amount(whole), !a.isZero { tainted[Self.key(f.chain, f.txHash, f.logIndex, f.from, f.to, f.asset), default: .zero] += a }
        }
    }

    static func key(_ chain: String, _ tx: String, _ log: UInt64, _ from: String, _ to: String, _ asset: String) -> String {
        [chain, tx, String(log), from, to, asset].joined(separator: "\u{0}")
    }

    func amount(_ chain: String, _ tx: String, _ log: UInt64, _ from: String, _ to: String, _ asset: String) -> Amount? {
        tainted[Self.key(chain, tx, log, from, to, asset)]
    }
}

extension WorkbenchStore {
    /// The counterparties of `text` on `chain` on one side, as edges: the transfers of each (counterparty, asset)
    /// added up, ranked by their share of the asset's total on that side, the first `limit` returned. Reads at
    /// most `readLimit` transfers, newest first, and says so when there were more; with `taint`, each edge's
    /// tainted amount is the trace's taint on exactly the transfers it adds up.
    func expand(_ text: String, chain: String, side: TransferSide, _ q: ActivityQuery, limit: Int, readLimit: Int,
                taint: TaintIndex?) throws -> Expansion {
        let form = Address.storeForm(text)
        return try store.read { r in
            guard let id = try r.addressID(form) else { throw WorkbenchError.notFound("the store holds no address \(form)") }
            var query = q
            query.chain = chain
            let rows = try AddressActivity(reader: r).newest(of: id, side: side, filter: try query.filter(in: self, r), limit: readLimit + 1)
            let read = Array(rows.prefix(readLimit))
            let groups = try edgeGroups(read, side: side, chain: chain, owner: form, taint: taint, r)
            let ranked = rank(groups)
            let shown = Array(ranked.prefix(limit))
            let nodes = [card(chain, form)] + shown.map { card(chain, side == .outgoing ? $0.to : $0.from) }
            return Expansion(chain: chain, address: form, side: side == .outgoing ? "out" : "in", nodes: nodes, edges: shown,
                             more: ranked.count - shown.count, read: read.count, sampled: rows.count > readLimit, readLimit: readLimit)
        }
    }

    /// The rows added up per (counterparty, asset).
    func edgeGroups(_ rows: [OrderedTransferRow], side: TransferSide, chain: String, owner: String, taint: TaintIndex?,
                    _ r: StoreReader) throws -> [ExpansionEdge] {
        let texts = try r.addressTexts(lookingUp: Array(Set(rows.map { side == .outgoing ? $0.row.toID : $0.row.fromID })))
        let txs = taint == nil && prices.isEmpty ? [:] : try r.transactionInfo(Array(Set(rows.map(\.row.txID))))
        var groups: [String: ExpansionEdge] = [:]
        var order: [String] = []
        for o in rows where o.row.success {
            let row = o.row
            let other = texts[side == .outgoing ? row.toID : row.fromID] ?? ""
            let (from, to) = side == .outgoing ? (owner, other) : (other, owner)
            let a = assets[row.assetID]
            let key = other + "\u{0}" + String(row.assetID)
            if groups[key] == nil {
                let filled = KnownToken.fill(chain: chain, code: a?.code ?? "", symbol: a?.symbol, decimals: a?.decimals)
                groups[key] = ExpansionEdge(chain: chain, from: from, to: to, asset: a?.code ?? "", symbol: filled.symbol, decimals: filled.decimals,
                                            amount: "0", display: "", transfers: 0, firstBlock: row.block, lastBlock: row.block,
                                            tainted: taint == nil ? nil : "0", usd: prices.isEmpty ? nil : 0)
                order.append(key)
            }
            var e = groups[key]!
            e.amount = ((Amount(e.amount) ?? .zero) + row.amount).description
            e.transfers += 1
            e.firstBlock = min(e.firstBlock, row.block); e.lastBlock = max(e.lastBlock, row.block)
            let tx = txs[row.txID]
            if let taint, let hash = tx?.hash, let t = taint.amount(chain, hash, row.logIndex, from, to, e.asset) {
                e.tainted = ((Amount(e.tainted ?? "0") ?? .zero) + t).description
            }
            if e.usd != nil {
                let time = o.time ?? tx?.timestamp
                let price = time.flatMap { prices.price(chain: chain, asset: e.asset, symbol: e.symbol, at: $0) }
                if let price, let d = e.decimals { e.usd! += row.amount.doubleValue / pow(10, Double(d)) * price } else { e.usd = nil }
            }
            groups[key] = e
        }
        return order.map { key in
            var e = groups[key]!
            e.display = HumanAmount.display(e.amount, decimals: e.decimals, name: e.symbol ?? e.asset)
            return e
        }
    }

    /// Biggest first by share of their asset's total, so that one token's large numbers do not bury another's.
    func rank(_ edges: [ExpansionEdge]) -> [ExpansionEdge] {
        var totals: [String: Double] = [:]
        for e in edges { totals[e.asset, default: 0] += Amount(e.amount)?.doubleValue ?? 0 }
        func share(_ e: ExpansionEdge) -> Double {
            let t = totals[e.asset] ?? 0
            return t > 0 ? (Amount(e.amount)?.doubleValue ?? 0) / t : 0
        }
        return edges.enumerated().sorted { a, b in
            let (x, y) = (share(a.element), share(b.element))
            return x != y ? x > y : a.offset < b.offset
        }.map(\.element)
    }
}
