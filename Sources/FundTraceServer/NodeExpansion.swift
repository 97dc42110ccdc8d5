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
            if let a = Amount(Amount.wholePart(of: f.tainted)), !a.isZero { tainted[Self.key(f.chain, f.txHash, f.logIndex, f.from, f.to, f.asset), default: .zero] += a }
        }
    }

    static func key(_ chain: String, _ tx: String, _ log: UInt64, _ from: String, _ to: String, _ asset: String) -> String {
        [chain, tx, String(log), from, to, asset].joined(separator: "\u{0}")
    }

    func amount(_ chain: String, _ tx: String, _ log: UInt64, _ from: String, _ to: String, _ asset: String) -> Amount? {
        tainted[Self.key(chain, tx, log, from, to, asset)]
    }
}

/// The transfers between an address and one counterparty in one asset, added up exactly, before any text is looked up.
struct EdgeGroup {
    var counterparty: Int64
    var assetID: Int64
    var amount = Amount.zero
    var transfers = 0
    var firstBlock: UInt64
    var lastBlock: UInt64
    var tainted: Amount?
    var usd: Double?
    /// The group's rows, for looking up their hashes when a trace's taint is wanted.
    var rows: [OrderedTransferRow] = []
}

extension WorkbenchStore {
    /// The counterparties of `text` on `chain` on one side, as edges: the transfers of each (counterparty, asset)
    /// added up, ranked by their share of the asset's total on that side, the first `limit` returned. Reads at
    /// most `readLimit` transfers, newest first, and says so when there were more; with `taint`, each edge's
    /// tainted amount is the trace's taint on exactly the transfers it adds up. Addresses' texts and
    /// transactions' hashes are looked up for the returned edges only.
    func expand(_ text: String, chain: String, side: TransferSide, _ q: ActivityQuery, limit: Int, readLimit: Int,
                taint: TaintIndex?) throws -> Expansion {
        let form = Address.storeForm(text)
        return try store.read { r in
            guard let id = try r.addressID(form) else { throw WorkbenchError.notFound("the store holds no address \(form)") }
            var query = q
            query.chain = chain
            let rows = try AddressActivity(reader: r).newest(of: id, side: side, filter: try query.filter(in: self, r), limit: readLimit + 1)
            let read = Array(rows.prefix(readLimit))
            let ranked = rank(groups(read, side: side))
            let shown = try edges(Array(ranked.prefix(limit)), side: side, chain: chain, owner: form, taint: taint, r)
            let nodes = [card(chain, form)] + shown.map { card(chain, side == .outgoing ? $0.to : $0.from) }
            return Expansion(chain: chain, address: form, side: side == .outgoing ? "out" : "in", nodes: nodes, edges: shown,
                             more: ranked.count - shown.count, read: read.count, sampled: rows.count > readLimit, readLimit: readLimit)
        }
    }

    /// The rows added up per (counterparty, asset), in the order first met. Failed transfers move nothing and are left out.
    func groups(_ rows: [OrderedTransferRow], side: TransferSide) -> [EdgeGroup] {
        var index: [Int64: [Int64: Int]] = [:]
        var out: [EdgeGroup] = []
        for o in rows where o.row.success {
            let t = o.row
            let other = side == .outgoing ? t.toID : t.fromID
            let i: Int
            if let found = index[other]?[t.assetID] { i = found } else {
                i = out.count
                index[other, default: [:]][t.assetID] = i
                out.append(EdgeGroup(counterparty: other, assetID: t.assetID, firstBlock: t.block, lastBlock: t.block))
            }
            out[i].amount += t.amount
            out[i].transfers += 1
            out[i].firstBlock = min(out[i].firstBlock, t.block); out[i].lastBlock = max(out[i].lastBlock, t.block)
            out[i].rows.append(o)
        }
        return out
    }

    /// Biggest first by share of their asset's total, so that one token's large numbers do not bury another's.
    func rank(_ groups: [EdgeGroup]) -> [EdgeGroup] {
        var totals: [Int64: Double] = [:]
        for g in groups { totals[g.assetID, default: 0] += g.amount.doubleValue }
        func share(_ g: EdgeGroup) -> Double { (totals[g.assetID] ?? 0) > 0 ? g.amount.doubleValue / totals[g.assetID]! : 0 }
        return groups.enumerated().sorted { a, b in
            let (x, y) = (share(a.element), share(b.element))
            return x != y ? x > y : a.offset < b.offset
        }.map(\.element)
    }

    /// The groups as the API's edges: texts, the trace's taint of exactly their transfers, USD at each transfer's day.
    func edges(_ groups: [EdgeGroup], side: TransferSide, chain: String, owner: String, taint: TaintIndex?,
               _ r: StoreReader) throws -> [ExpansionEdge] {
        let texts = try r.addressTexts(lookingUp: groups.map(\.counterparty))
        let rows = groups.flatMap(\.rows)
        let txs = taint == nil && prices.isEmpty ? [:] : try r.transactionInfo(Array(Set(rows.map(\.row.txID))))
        return groups.map { g in
            let u = unit(g.assetID)
            let other = texts[g.counterparty] ?? ""
            let (from, to) = side == .outgoing ? (owner, other) : (other, owner)
            var tainted: Amount?
            if let taint {
                tainted = g.rows.reduce(Amount.zero) { sum, o in
                    sum + (txs[o.row.txID].flatMap { taint.amount(chain, $0.hash, o.row.logIndex, from, to, u.code) } ?? .zero)
                }
            }
            return ExpansionEdge(chain: chain, from: from, to: to, asset: u.code, symbol: u.symbol, decimals: u.decimals,
                                 amount: g.amount.description, display: u.display(g.amount.description),
                                 transfers: g.transfers, firstBlock: g.firstBlock, lastBlock: g.lastBlock, tainted: tainted?.description,
                                 usd: usd(g.rows, chain: chain, asset: u.code, symbol: u.symbol, decimals: u.decimals, txs))
        }
    }

    /// The rows' value in USD, each at its own day's price; nil unless every row has a time and a price and the decimals are known.
    func usd(_ rows: [OrderedTransferRow], chain: String, asset: String, symbol: String?, decimals: Int?,
             _ txs: [Int64: (hash: String, timestamp: Int64?)]) -> Double? {
        guard !prices.isEmpty, let decimals else { return nil }
        var total = 0.0
        for o in rows {
            guard let time = o.time ?? txs[o.row.txID]?.timestamp, let price = prices.price(chain: chain, asset: asset, symbol: symbol, at: time) else { return nil }
            total += o.row.amount.doubleValue / pow(10, Double(decimals)) * price
        }
        return total
    }
}
