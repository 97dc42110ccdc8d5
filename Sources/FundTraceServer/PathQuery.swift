import FundTraceModel
import FundTraceStore
import FundTraceTrace

extension WorkbenchStore {
    /// The shortest chain of transfers from `from` to `to` on `chain` (``AddressPathSearch``), each hop as the
    /// edges of its transfers per asset.
    func path(from: String, to: String, chain: String, _ q: ActivityQuery, depth: Int, maxDegree: Int, taint: TaintIndex?) throws -> PathAnswer {
        let (a, b) = (Address.storeForm(from), Address.storeForm(to))
        return try store.read { r in
            guard let start = try r.addressID(a) else { throw WorkbenchError.notFound("the store holds no address \(a)") }
            guard let end = try r.addressID(b) else { throw WorkbenchError.notFound("the store holds no address \(b)") }
            var query = q
            query.chain = chain
            let filter = try query.filter(in: self, r)
            let found = try AddressPathSearch(filter: filter, maxDepth: depth, maxDegree: maxDegree).shortest(from: start, to: end, reader: r)
            let texts = try r.addressTexts(lookingUp: found.path + found.skippedForDegree)
            var edges: [ExpansionEdge] = []
            let activity = AddressActivity(reader: r)
            for (u, v) in zip(found.path, found.path.dropFirst()) {
                let rows = try activity.newest(of: u, side: .outgoing, filter: filter, limit: maxDegree + 1).filter { $0.row.toID == v }
                edges += try self.edges(groups(rows, side: .outgoing), side: .outgoing, chain: chain, owner: texts[u] ?? "", taint: taint, r)
            }
            return PathAnswer(found: !found.path.isEmpty, nodes: found.path.map { card(chain, texts[$0] ?? "") }, edges: edges,
                              explored: found.explored, skippedForDegree: found.skippedForDegree.compactMap { texts[$0] })
        }
    }
}
