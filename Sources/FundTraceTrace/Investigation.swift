import Foundation
import FundTraceIngest
import FundTraceModel
import FundTraceStore
import FundTraceTaint

/// An investigation over a store (`fundtrace trace`): from theft sources,
/// follow value forward through hops to the endpoints where it can be acted
/// on, or backward to where it came from.
///
/// Forward, it works on the part of the store that matters: it discovers
/// every ledger key reachable from the sources along time-respecting
/// transfers (the set any policy's taint can reach), stopping at labelled
/// services, detected deposit addresses, the hop limit and hot wallets; then
/// it sweeps the complete in-window history of every key it followed through
/// the taint engine. For those keys the numbers equal a full-store
/// `fundtrace score`, except where value comes back from an endpoint (an
/// exchange withdrawal, a mixer payout): the trace sweeps it as clean and the
/// endpoint keeps the taint (counted as `reentries`).
public final class Investigation {
    public let store: TransferStore
    public let labels: LabelBook
    public let parameters: TraceParameters
    /// Progress in words, for a terminal line.
    public var progress: ((String) -> Void)?

    public init(store: TransferStore, labels: LabelBook, parameters: TraceParameters) {
        self.store = store; self.labels = labels; self.parameters = parameters
    }

    public func run(sources spec: SourceSpec) throws -> TraceResult {
        let started = Date()
        var result = try store.read { reader in
            let context = try Context(reader: reader, labels: labels, parameters: parameters, spec: spec)
            var result: TraceResult
            switch parameters.direction {
            case .forward:
                // UTXO chains are traced in the contract's UTXO model, account chains in the account model.
                let utxo = context.chains.filter { id, name in
                    ChainInfo.named(name).model == .utxo && spec.rules.contains { $0.chain == name }
                }.keys.sorted()
                var parts = try utxo.map { try UTXOTrace.run(context, chainID: $0) }
                if parts.isEmpty || spec.rules.contains(where: { ChainInfo.named($0.chain).model == .account }) {
                    parts.insert(try forward(context), at: 0)
                }
                result = Self.merged(parts)
            case .backward: result = try FundingTrace.run(context)
            }
            result.statistics.unresolvedSources = context.sources.unresolved
            result.statistics.unresolvedSourceRules = context.sources.unresolvedRules.map(\.description)
            return result
        }
        result.statistics.seconds = Date().timeIntervalSince(started)
        return result
    }

    /// One result from the per-model parts of a trace (account chains, then each UTXO chain).
    static func merged(_ parts: [TraceResult]) -> TraceResult {
        var r = parts[0]
        for x in parts.dropFirst() {
            r.nodes += x.nodes; r.flows += x.flows; r.endpoints += x.endpoints; r.totals += x.totals
            if let xs = x.crossings { r.crossings = (r.crossings ?? []) + xs }
            r.statistics.keysReached += x.statistics.keysReached
            r.statistics.addressesFollowed += x.statistics.addressesFollowed
            r.statistics.transfersRead += x.statistics.transfersRead
            r.statistics.transfersSwept += x.statistics.transfersSwept
        }
        return r
    }

    /// Store access and lookups shared by both directions.
    final class Context {
        let reader: StoreReader
        let queries: NeighbourhoodQueries
        let labels: LabelBook
        let parameters: TraceParameters
        let spec: SourceSpec
        let sources: ResolvedSources
        let deposits: DepositDetector
        let chains: [Int64: String]
        let assets: [Int64: (chainID: Int64, code: String, symbol: String?, decimals: Int?)]
        /// Per chain, the swept block window.
        var windows: [Int64: ClosedRange<UInt64>] = [:]
        /// The union of the windows, for queries across chains.
        var span: ClosedRange<UInt64> = 0...UInt64(Int64.max)
        let crossings: CrossingDetector
        /// The wallets of the actor behind the sources, followed rather than stopped at.
        let actorWallets: ActorWallets
        /// Why deposits into a bridge were not linked, by the bridge's address id.
        private(set) var bridgeNotes: [Int64: String] = [:]
        private var rowCache: [Int64: [OrderedTransferRow]] = [:]
        private var textCache: [Int64: String] = [:]
        private var degreeCache: [Int64: Int] = [:]
        private var timeCache: [Int64: Int64?] = [:]
        var transfersRead = 0

        init(reader: StoreReader, labels: LabelBook, parameters: TraceParameters, spec: SourceSpec) throws {
            self.reader = reader; self.labels = labels; self.parameters = parameters; self.spec = spec
            queries = try NeighbourhoodQueries(reader: reader)
            sources = try ResolvedSources(spec, reader: reader)
            deposits = DepositDetector(labels: labels, window: parameters.depositWindow, share: parameters.depositShare)
            chains = try reader.chainNames()
            assets = try reader.assetDetails()
            crossings = try CrossingDetector(labels: labels, reader: reader, chains: chains)
            actorWallets = ActorWallets(labels: labels, sources: spec.rules.filter { $0.kind == .address || $0.kind == .wholeBalance }
                .map { (chain: $0.chain, address: $0.id) })
            for id in chains.keys {
                func resolve(_ b: TraceBound?, first: Bool) throws -> UInt64? {
                    switch b {
                    case nil: return nil
                    case .block(let n): return n
                    case .time(let t):
                        return first ? (try reader.firstBlock(chainID: id, atOrAfter: t) ?? UInt64(Int64.max))
                                     : (try reader.lastBlock(chainID: id, atOrBefore: t) ?? 0)
                    }
                }
                let lo = try resolve(parameters.since, first: true) ?? 0
                let hi = try resolve(parameters.until, first: false) ?? UInt64(Int64.max)
                windows[id] = lo...max(lo, hi)
            }
            if let lo = windows.values.map(\.lowerBound).min(), let hi = windows.values.map(\.upperBound).max() { span = lo...hi }
        }

        func inWindow(_ r: TransferRow) -> Bool { windows[r.chainID]?.contains(r.block) ?? false }
        func chain(of asset: Int64) -> String { chains[assets[asset]?.chainID ?? -1] ?? "" }

        /// Every transfer `address` sent or received in the window (cached).
        func rows(of address: Int64) throws -> [OrderedTransferRow] {
            if let r = rowCache[address] { return r }
            var out: [OrderedTransferRow] = []
            try queries.transfers(of: address, .outgoing, blocks: span) { if inWindow($0.row) { out.append($0) } }
            try queries.transfers(of: address, .incoming, blocks: span) {
                if inWindow($0.row) && $0.row.fromID != address { out.append($0) }
            }
            transfersRead += out.count
            rowCache[address] = out
            noteTimes(out)
            return out
        }

        /// Keeps the transaction times rows carry, so ``times(_:)`` need not look them up.
        private func noteTimes(_ rows: [OrderedTransferRow]) {
            for r in rows { if let t = r.time { timeCache[r.row.txID] = t } }
        }

        func hasRows(_ address: Int64) -> Bool { rowCache[address] != nil }

        /// Reads together the rows of those `keys` whose rows the trace will
        /// read when it reaches them (``rows(of:)`` then finds them cached):
        /// the same rows, read in id order on two connections (see
        /// ``NeighbourhoodQueries/transfers(of:blocks:maxDegree:)`` and
        /// BENCHMARKS.md). Keys stopped by a label, hot wallets and keys past
        /// the hop limit with nothing to examine are left out, so nothing is
        /// read that would not be.
        func prefetch(_ keys: some Sequence<(key: StoreKey, hop: Int)>, limit: Int = 4096) throws {
            var wanted: [Int64] = [], chosen = Set<Int64>()
            for (key, hop) in keys where wanted.count < limit && rowCache[key.address] == nil && !chosen.contains(key.address) {
                chosen.insert(key.address)
                guard try stoppingLabel(key) == nil, (degreeCache[key.address] ?? 0) <= parameters.maxDegree,
                      hop < parameters.maxHops || parameters.stopAt.contains(.exchangeDeposit) else { continue }
                wanted.append(key.address)
            }
            guard wanted.count > 1 else { return }
            // The id reads give each address's degree too: hot wallets come back with a degree and no rows.
            let found = try queries.transfers(of: wanted, blocks: span, maxDegree: parameters.maxDegree)
            for (address, d) in found.degrees { degreeCache[address] = d }
            for (address, sides) in found.rows {
                var out: [OrderedTransferRow] = []
                out.reserveCapacity(sides.outgoing.count + sides.incoming.count)
                for r in sides.outgoing where inWindow(r.row) { out.append(r) }
                for r in sides.incoming where inWindow(r.row) && r.row.fromID != address { out.append(r) }
                transfersRead += out.count
                rowCache[address] = out
                noteTimes(out)
            }
        }

        /// The label that stops the trace at `key`, if any. The actor's own
        /// wallets are followed whatever list names them (``ActorWallets``).
        func stoppingLabel(_ key: StoreKey) throws -> AddressLabel? {
            let chain = chain(of: key.asset), address = try text(key.address)
            guard let label = labels.primary(chain: chain, address: address),
                  parameters.stopAt.contains(label.category),
                  !(label.category == .mixer && parameters.mixerMode == .pool) else { return nil }
            if actorWallets.isActorWallet(chain: chain, address: address) { return nil }
            return label
        }

        func note(bridge address: Int64, _ text: String) { bridgeNotes[address] = text }

        /// Payouts already linked to a bridge deposit (each continues one deposit).
        var linkedExits = Set<Int64>()
        /// Inferred decimal-digit offsets between bridged assets, by "deposit asset|payout asset" (nil inside: none inferred).
        var scaleCache: [String: Int?] = [:]

        /// Crossings considered and not made, with why (reported in trace.json).
        private(set) var notMade: [(kind: TraceGraph.Crossing.Kind, entry: OrderedTransferRow, reason: String)] = []
        func noteNotMade(_ kind: TraceGraph.Crossing.Kind, _ entry: OrderedTransferRow, _ reason: String) {
            notMade.append((kind, entry, reason))
        }

        /// The Unix time of a row (its own, or its transaction's).
        func time(of r: OrderedTransferRow) throws -> Int64? {
            if let t = r.time { return t }
            return try times([r.row.txID])[r.row.txID]
        }

        /// Symbol and decimals of an asset as a crossing compares it: the
        /// store's token metadata, else ``KnownToken``, else `--decimals`, else
        /// the asset code itself as symbol with decimals unknown.
        func assetInfo(_ id: Int64) -> BridgeMatcher.AssetInfo {
            guard let a = assets[id] else { return .init(symbol: "?", decimals: nil) }
            let chain = chains[a.chainID] ?? ""
            let known = KnownToken.lookup(chain: chain, contract: a.code)
            let symbol = a.symbol ?? known?.symbol ?? a.code
            let info = ChainInfo.named(chain)
            let native = info.nativeSymbol == a.code.uppercased() ? info.nativeDecimals : nil
            let given = parameters.decimals[chain + ":" + a.code] ?? parameters.decimals[a.code] ?? parameters.decimals[symbol]
            return .init(symbol: symbol, decimals: a.decimals ?? known?.decimals ?? given ?? native)
        }

        /// Whether `address` has no transfer on `chainID` before `block` (a fresh address).
        func isFresh(_ address: Int64, chainID: Int64, before block: UInt64) throws -> Bool {
            guard block > 0 else { return true }
            var seen = false
            for side in [TransferSide.incoming, .outgoing] where !seen {
                try queries.transfers(of: address, side, blocks: 0...(block - 1)) { r in if r.row.chainID == chainID { seen = true } }
            }
            return !seen
        }

        private var patterns: [Int64: MixerPoolPattern?] = [:]
        /// Recipients of round amounts: the only addresses that can be unlabelled pools.
        private var roundRecipients = Set<Int64>()

        func note(roundRecipient address: Int64) { roundRecipients.insert(address) }

        /// The mixer-pool pattern of an unlabelled address of at most `maxDegree` transfers (cached), when
        /// mixers are not followed as ordinary addresses; a pool found is added to the pools mixer links are computed on.
        func mixerPattern(_ address: Int64, chainID: Int64) throws -> MixerPoolPattern? {
            guard parameters.mixerMode != .pool, parameters.stopAt.contains(.mixer) else { return nil }
            if let p = patterns[address] { return p }
            var found: MixerPoolPattern?
            let chain = chains[chainID] ?? ""
            if labels.primary(chain: chain, address: try text(address)) == nil {
                let degree = try self.degree(address)
                if degree >= MixerPoolPattern.minDeposits, degree <= parameters.maxDegree {
                    found = MixerPoolPattern.examine(address, rows: try rows(of: address).filter { $0.row.chainID == chainID })
                }
            }
            patterns[address] = found
            if found != nil { crossings.mixers.add(pool: address, chainID: chainID) }
            return found
        }

        /// `rows` (in store order) with the chains interleaved by time, each
        /// chain's own order kept, so a bridge payout is swept after the deposit
        /// it continues. A row without a time keeps its predecessor's.
        func timeMerged(_ rows: [OrderedTransferRow]) throws -> [OrderedTransferRow] {
            let times = try self.times(Array(Set(rows.map(\.row.txID))))
            var byChain: [Int64: [OrderedTransferRow]] = [:]
            for r in rows { byChain[r.row.chainID, default: []].append(r) }
            let lanes = byChain.sorted { $0.key < $1.key }.map { _, rs -> [(time: Int64, row: OrderedTransferRow)] in
                var last = Int64.min
                return rs.map { r in last = max(last, times[r.row.txID] ?? last); return (last, r) }
            }
            var heads = [Int](repeating: 0, count: lanes.count)
            var out: [OrderedTransferRow] = []
            out.reserveCapacity(rows.count)
            while true {
                var best = -1
                for (i, lane) in lanes.enumerated() where heads[i] < lane.count {
                    if best < 0 || lane[heads[i]].time < lanes[best][heads[best]].time { best = i }
                }
                if best < 0 { return out }
                out.append(lanes[best][heads[best]].row)
                heads[best] += 1
            }
        }

        func symbol(_ asset: Int64) -> String { assets[asset]?.symbol ?? assets[asset]?.code ?? "?" }

        func text(_ address: Int64) throws -> String {
            if let t = textCache[address] { return t }
            let t = try queries.address(address)
            textCache[address] = t
            return t
        }

        func degree(_ address: Int64) throws -> Int {
            if let d = degreeCache[address] { return d }
            let d = try queries.degree(of: address, blocks: span, limit: parameters.maxDegree)
            degreeCache[address] = d
            return d
        }

        /// Unix times of transactions (cached: deposit detection asks for the same ones again).
        func times(_ txIDs: [Int64]) throws -> [Int64: Int64] {
            let missing = txIDs.filter { timeCache[$0] == nil }
            if !missing.isEmpty {
                let found = try reader.transactionInfo(missing).compactMapValues(\.timestamp)
                for id in missing { timeCache[id] = .some(found[id]) }  // nil inside: known to have no time
            }
            var out: [Int64: Int64] = [:]
            for id in txIDs { if let t = timeCache[id] ?? nil { out[id] = t } }
            return out
        }

        /// Why the trace stops at `key` (nil: follow it), with the label that decided.
        func stop(_ key: StoreKey, hop: Int) throws -> (EndpointReason, AddressLabel?, String)? {
            let chain = chain(of: key.asset)
            let address = try text(key.address)
            if let label = try stoppingLabel(key) {
                let reason: EndpointReason
                switch label.category {
                case .mixer: reason = .mixer
                case .bridge: reason = .bridge
                case .exchangeDeposit: reason = .exchangeDeposit
                default: reason = .service
                }
                let note = reason == .bridge ? bridgeNotes[key.address].map { "; " + $0 } ?? "" : ""
                return (reason, label, "stop rule --stop-at \(label.category.rawValue): labelled \(label.category.rawValue) by \(label.source)" + note)
            }
            if roundRecipients.contains(key.address), labels.primary(chain: chain, address: address) == nil,
               let pool = try mixerPattern(key.address, chainID: assets[key.asset]?.chainID ?? -1) {
                let label = AddressLabel(chain: chain, address: address,
                                         label: "Mixer pool (detected): \(pool.deposits) deposits of \(pool.denomination)", category: .mixer,
                                         sourceCategory: "detected", source: "fundtrace mixer pool detection")
                return (.mixer, label, "stop rule mixer pool detection: \(pool.deposits) deposits of one round amount from \(pool.depositors) senders; "
                        + "\(pool.payouts) payouts of 90–100 % of it")
            }
            // A deposit address is named as such even at the hop limit; hot wallets are never examined.
            let degree = try degree(key.address)
            if degree <= parameters.maxDegree, parameters.stopAt.contains(.exchangeDeposit) {
                if let f = try deposits.examine(address: key.address, chain: chain, rows: try rows(of: key.address),
                                                text: text, time: times) {
                    let label = AddressLabel(chain: chain, address: address, label: "\(f.exchange) deposit",
                                             category: .exchangeDeposit, sourceCategory: "detected",
                                             source: "fundtrace deposit detection", actor: f.exchange)
                    return (.exchangeDeposit, label, "stop rule deposit detection: " + f.evidence)
                }
            }
            if hop >= parameters.maxHops {
                return (.hopLimit, labels.primary(chain: chain, address: address), "stop rule --max-hops \(parameters.maxHops): reached after \(hop) hops")
            }
            if degree > parameters.maxDegree {
                return (.incomplete, labels.primary(chain: chain, address: address),
                        "stop rule --max-degree \(parameters.maxDegree): more than \(parameters.maxDegree) transfers in the window, not followed")
            }
            return nil
        }

        func sourceList() -> [TraceSource] {
            spec.rules.map { TraceSource(type: $0.kind.rawValue, chain: $0.chain, id: $0.id, asset: $0.asset, startBlock: $0.startBlock) }
        }

        func windowList() -> [ChainWindow] {
            windows.map { ChainWindow(chain: chains[$0.key] ?? "", firstBlock: $0.value.lowerBound, lastBlock: min($0.value.upperBound, UInt64(Int64.max))) }
                .sorted { $0.chain < $1.chain }
        }
    }

    // MARK: Forward

    /// The exchange deposit addresses the case's funds fill: at least half of what each received (in the asset
    /// it was reached in) is tainted. Deposit addresses that took only a little taint (an innocent customer's,
    /// reached through haircut dust) do not vouch for anyone.
    func attributedDeposits(_ result: TraceResult, _ graph: TraceGraph, _ c: Context) throws -> Set<Int64> {
        var received: [String: Double] = [:]
        for n in result.nodes { received[n.chain + "|" + n.address + "|" + n.asset] = Double(n.taintedReceived) ?? 0 }
        var out = Set<Int64>()
        for (key, node) in graph.nodes where node.status == .stopped(.exchangeDeposit) {
            let code = c.assets[key.asset]?.code ?? ""
            guard let tainted = received[c.chain(of: key.asset) + "|" + (try c.text(key.address)) + "|" + code], tainted > 0 else { continue }
            var total = 0.0
            for r in try c.rows(of: key.address) where r.row.toID == key.address && r.row.assetID == key.asset { total += r.row.amount.doubleValue }
            if total > 0, tainted >= 0.5 * total { out.insert(key.address) }
        }
        return out
    }

    func forward(_ c: Context) throws -> TraceResult {
        let started = Date()
        var graph = TraceGraph()
        var marked: [OrderedTransferRow] = []
        let earlier: (UInt64, UInt64) -> Bool = { $0 < $1 }
        // Sources: address and whole_balance keys from their first block; marked transfers' recipients.
        try c.prefetch(Set(c.sources.address.keys).union(c.sources.wholeBalance.keys).sorted().map {
            (key: StoreKey(address: $0, asset: -1), hop: 0)
        })
        for (rules, isWhole) in [(c.sources.address, false), (c.sources.wholeBalance, true)] {
            for (address, rs) in rules.sorted(by: { $0.key < $1.key }) {
                for row in try c.rows(of: address) {
                    for r in rs where r.chainID == row.row.chainID && (r.assetID == nil || r.assetID == row.row.assetID) {
                        let key = StoreKey(address: address, asset: row.row.assetID)
                        let start = isWhole ? 0 : r.startBlock
                        if var n = graph.nodes[key] {
                            n.frontier = min(n.frontier, start); n.hop = 0; n.isSource = true; n.status = .pending
                            graph.nodes[key] = n
                        } else {
                            graph.nodes[key] = TraceGraph.Node(frontier: start, hop: 0, status: .pending, isSource: true)
                            graph.queue.append(key)
                        }
                    }
                }
            }
        }
        for (tx, _) in c.sources.transfers.sorted(by: { $0.key < $1.key }) {
            for row in try c.queries.transfers(inTransaction: tx) where c.sources.isMarked(row.row) && c.inWindow(row.row) {
                marked.append(row)
                graph.reach(StoreKey(address: row.row.toID, asset: row.row.assetID), frontier: row.row.block, hop: 1, improves: earlier)
            }
        }
        // Discovery, then deposit-address reuse for mixer deposits no heuristic linked, until it links nothing new.
        var processed = 0
        var unlinkedMixerDeposits: [Int64: OrderedTransferRow] = [:]
        func discover() throws {
        while let key = graph.next() {
            guard var node = graph.nodes[key] else { continue }
            if !c.hasRows(key.address) {
                let ahead = graph.pending.prefix(8192).compactMap { k in graph.nodes[k].flatMap { $0.status == .pending ? (key: k, hop: $0.hop) : nil } }
                try c.prefetch([(key: key, hop: node.hop)] + ahead)
            }
            if !node.isSource, node.status != .followed {
                if let (reason, label, evidence) = try c.stop(key, hop: node.hop) {
                    node.status = .stopped(reason); node.label = label; node.evidence = evidence
                    graph.nodes[key] = node
                    continue
                }
            }
            node.status = .followed
            if node.label == nil { node.label = c.labels.displayed(chain: c.chain(of: key.asset), address: try c.text(key.address)).first }
            graph.nodes[key] = node
            for r in try c.rows(of: key.address) {
                let t = r.row
                guard t.fromID == key.address, t.assetID == key.asset, t.block >= node.frontier, !t.amount.isZero, t.toID != key.address else { continue }
                graph.reach(StoreKey(address: t.toID, asset: t.assetID), frontier: t.block, hop: node.hop + 1,
                            small: t.amount < c.parameters.minValue, improves: earlier)
                if let x = try c.crossings.crossing(entering: r, c) {
                    graph.crossings[t.id] = x
                    graph.reach(StoreKey(address: x.exit.row.toID, asset: x.exit.row.assetID), frontier: x.exit.row.block,
                                hop: node.hop + 1, improves: earlier)
                } else if c.parameters.mixerMode == .link, c.crossings.mixers.isPool(t.toID, chainID: t.chainID) {
                    unlinkedMixerDeposits[t.id] = r
                }
            }
            processed += 1
            if processed % 1000 == 0 { progress?("trace: \(processed) keys followed, \(graph.nodes.count) reached, \(c.transfersRead) transfers read") }
        }
        }
        // The sweep set: the complete history of every followed key, and the marked transfers.
        func sweep() throws -> TraceResult {
            var seen = Set<Int64>()
            var rows: [OrderedTransferRow] = []
            for r in marked where seen.insert(r.row.id).inserted { rows.append(r) }
            for x in graph.crossings.values where seen.insert(x.exit.row.id).inserted { rows.append(x.exit) }
            for (key, node) in graph.nodes where node.status == .followed {
                for r in try c.rows(of: key.address) where r.row.assetID == key.asset && seen.insert(r.row.id).inserted { rows.append(r) }
            }
            rows = OrderedTransferRow.sortedInStoreOrder(rows)
            if graph.crossings.values.contains(where: { $0.entry.row.chainID != $0.exit.row.chainID }) { rows = try c.timeMerged(rows) }
            progress?("trace: sweeping \(rows.count) transfers")
            switch c.parameters.policy {
            case .poison: return try TaintSweep<PoisonPolicy>(c, graph, rows).result()
            case .haircut: return try TaintSweep<HaircutPolicy>(c, graph, rows).result()
            case .fifo: return try TaintSweep<FIFOPolicy>(c, graph, rows).result()
            case .lifo: return try TaintSweep<LIFOPolicy>(c, graph, rows).result()
            case .tiho: return try TaintSweep<TIHOPolicy>(c, graph, rows).result()
            }
        }
        try discover()
        var discovered = Date()
        var result = try sweep()
        // Deposit-address reuse needs to know which deposit addresses the case's funds fill: sweep, link, and go on.
        for _ in 0..<4 where c.parameters.mixerMode == .link && !unlinkedMixerDeposits.isEmpty {
            let deposits = try attributedDeposits(result, graph, c)
            let pending = unlinkedMixerDeposits.values.filter { graph.crossings[$0.row.id] == nil }.sorted { $0.row.id < $1.row.id }
            let taken = Set(graph.crossings.values.map(\.exit.row.id))
            let found = try DepositReuseLinker().links(unlinked: pending, depositAddresses: deposits, taken: taken, c)
            if found.isEmpty { break }
            for x in found {
                graph.crossings[x.entry.row.id] = x
                let hop = graph.nodes[StoreKey(address: x.entry.row.fromID, asset: x.entry.row.assetID)]?.hop ?? 0
                graph.reach(StoreKey(address: x.exit.row.toID, asset: x.exit.row.assetID), frontier: x.exit.row.block,
                            hop: hop + 1, improves: earlier)
            }
            try discover()
            discovered = Date()
            result = try sweep()
        }
        result.statistics.discoverySeconds = discovered.timeIntervalSince(started)
        result.statistics.sweepSeconds = Date().timeIntervalSince(discovered)
        return result
    }
}
