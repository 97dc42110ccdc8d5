import Foundation
import FundTraceModel
import FundTraceStore

/// Search, an address's card, its history and a transaction: what the side panel shows.
extension WorkbenchStore {
    /// An address (any chain it appears on), a transaction hash, or a label's text.
    func search(_ raw: String, limit: Int = 50) throws -> SearchAnswer {
        let q = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !q.isEmpty, q.count <= 200 else { throw WorkbenchError.bad("q: what to search for, 1 to 200 characters") }
        return try store.read { r in
            var answer = SearchAnswer(query: q, addresses: [], transactions: [])
            let form = Address.storeForm(q)
            if let id = try r.addressID(form) {
                answer.addresses += try chainsOf(id, r).map { card($0, form) }
            }
            for tx in try r.transactions(hash: form) {
                answer.transactions.append(try transaction(tx.id, chainID: tx.chainID, hash: form, block: tx.block, r))
            }
            var seen = Set(answer.addresses.map { $0.chain + "\u{0}" + $0.address })
            for l in try r.labels(matching: q, limit: limit) where seen.insert(l.chain + "\u{0}" + l.address).inserted {
                answer.addresses.append(AddressCard(chain: l.chain, address: l.address, label: l.label, category: l.category.rawValue))
            }
            return answer
        }
    }

    /// The chains on which address `id` sent or received (its newest transfer on each side tells).
    func chainsOf(_ id: Int64, _ r: StoreReader) throws -> [String] {
        let activity = AddressActivity(reader: r)
        var found = Set<String>()
        for chainID in chainNames.keys {
            var f = ActivityFilter()
            f.chainID = chainID
            if !(try activity.page(of: id, side: nil, filter: f, after: nil, limit: 1).rows.isEmpty) { found.insert(chainNames[chainID]!) }
        }
        return found.sorted()
    }

    func transaction(_ id: Int64, chainID: Int64, hash: String, block: UInt64?, _ r: StoreReader) throws -> TransactionAnswer {
        let rows = OrderedTransferRow.sortedInStoreOrder(try NeighbourhoodQueries(reader: r).transfers(inTransaction: id))
        return TransactionAnswer(chain: chainNames[chainID] ?? "?", hash: hash, block: block, transfers: try items(rows, r))
    }

    /// Labels and, per asset, what the address's loaded transfers add up to (at most `readLimit` per side, newest first).
    func address(_ text: String, chain: String?, readLimit: Int = 20_000) throws -> AddressAnswer {
        let form = Address.storeForm(text)
        return try store.read { r in
            guard let id = try r.addressID(form) else { throw WorkbenchError.notFound("the store holds no address \(form)") }
            var f = ActivityFilter()
            f.chainID = try chainID(chain)
            let activity = AddressActivity(reader: r)
            let incoming = try activity.newest(of: id, side: .incoming, filter: f, limit: readLimit + 1)
            let outgoing = try activity.newest(of: id, side: .outgoing, filter: f, limit: readLimit + 1)
            let labels = try r.labels(address: form).filter { chain == nil || $0.chain == chain }.map {
                AddressAnswer.Label(chain: $0.chain, label: $0.label, category: $0.category.rawValue, source: $0.source, actor: $0.actor)
            }
            return AddressAnswer(address: form, labels: labels,
                                 balances: balances(incoming.prefix(readLimit), outgoing.prefix(readLimit), owner: id),
                                 sampled: incoming.count > readLimit || outgoing.count > readLimit, readLimit: readLimit)
        }
    }

    /// Per asset: received, sent, fees paid (charged to the chain's native asset), and the signed net.
    func balances(_ incoming: ArraySlice<OrderedTransferRow>, _ outgoing: ArraySlice<OrderedTransferRow>, owner id: Int64) -> [AddressAnswer.Balance] {
        struct Sum { var received = Amount.zero, sent = Amount.zero, fees = Amount.zero, inCount = 0, outCount = 0 }
        var sums: [Int64: Sum] = [:]
        for o in incoming where o.row.toID == id { sums[o.row.assetID, default: Sum()].received += o.row.amount; sums[o.row.assetID, default: Sum()].inCount += 1 }
        for o in outgoing where o.row.fromID == id {
            sums[o.row.assetID, default: Sum()].sent += o.row.amount
            sums[o.row.assetID, default: Sum()].outCount += 1
            if !o.row.fee.isZero, let native = natives[o.row.chainID] { sums[native, default: Sum()].fees += o.row.fee }
        }
        return sums.sorted { $0.key < $1.key }.map { assetID, s in
            let u = unit(assetID)
            let out = s.sent + s.fees
            let (sign, magnitude) = s.received >= out ? ("", s.received - out) : ("-", out - s.received)
            return AddressAnswer.Balance(chain: u.chain, asset: u.code, symbol: u.symbol, decimals: u.decimals,
                                         received: s.received.description, sent: s.sent.description, feesPaid: s.fees.description,
                                         net: sign + magnitude.description, display: sign + u.display(magnitude.description),
                                         transfersIn: s.inCount, transfersOut: s.outCount)
        }
    }

    /// A page of the address's history, newest first.
    func history(_ text: String, _ q: ActivityQuery) throws -> HistoryPage {
        let form = Address.storeForm(text)
        return try store.read { r in
            guard let id = try r.addressID(form) else { throw WorkbenchError.notFound("the store holds no address \(form)") }
            let page = try AddressActivity(reader: r).page(of: id, side: q.side, filter: try q.filter(in: self, r), after: q.cursor, limit: q.limit)
            return HistoryPage(address: form, transfers: try items(page.rows, r), next: page.next?.text)
        }
    }
}
