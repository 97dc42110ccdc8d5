import Foundation
import FundTraceIngest
import FundTraceModel
import FundTraceStore
import FundTraceTaint
import FundTraceTaintAdapters

extension Investigation {
    /// Store access, caches and lookups an investigation shares between its phases: windows, rows of an address,
    /// times, texts, degrees, asset details, and the notes crossings leave.
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
        let window: ChainWindows
        /// The union of the windows, for queries across chains.
        var span: ClosedRange<UInt64> { window.span }
        let crossings: CrossingDetector
        /// The wallets of the actor behind the sources, followed rather than stopped at.
        let actorWallets: ActorWallets
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
            window = try ChainWindows(reader: reader, chains: chains, since: parameters.since, until: parameters.until)
        }

        func inWindow(_ r: TransferRow) -> Bool { window.contains(r) }
        func chain(of asset: Int64) -> String { chains[assets[asset]?.chainID ?? -1] ?? "" }

        /// Every transfer `address` sent or received in the window (cached).
        func rows(of address: Int64) throws -> [OrderedTransferRow] {
            if let r = rowCache[address] { return r }
            // With --max-degree above --max-transfers, one address could hold more rows than the trace may sweep:
            // counted first (cheap), refused before its rows are read.
            if parameters.maxDegree > parameters.maxTransfers {
                let d = try degree(address)
                guard d <= parameters.maxTransfers else {
                    throw TraceTooLarge(what: "transfers at one address (\(try text(address)))", reached: d,
                                        limit: parameters.maxTransfers, option: "--max-transfers")
                }
            }
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
            let found = try queries.transfers(of: wanted, blocks: span, maxDegree: min(parameters.maxDegree, parameters.maxTransfers))
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

        /// Payouts already linked to a bridge deposit (each continues one deposit).
        var linkedExits = Set<Int64>()
        /// Inferred decimal-digit offsets between bridged assets, by "deposit asset|payout asset" (nil inside: none inferred).
        var scaleCache: [String: Int?] = [:]

        /// Crossings considered and not made, with why (reported in trace.json).
        private(set) var notMade: [(kind: TraceGraph.Crossing.Kind, entry: OrderedTransferRow, reason: String)] = []
        /// Why the latest deposit into the service at `address` was not carried across, if one was not.
        func notMadeReason(into address: Int64, kind: TraceGraph.Crossing.Kind) -> String? {
            notMade.last { $0.kind == kind && $0.entry.row.toID == address }?.reason
        }

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
            let stored = KnownToken.fill(chain: chain, code: a.code, symbol: a.symbol, decimals: a.decimals)
            let symbol = stored.symbol ?? a.code
            let given = parameters.decimals[chain + ":" + a.code] ?? parameters.decimals[a.code] ?? parameters.decimals[symbol]
            return .init(symbol: symbol, decimals: a.decimals ?? given ?? stored.decimals)
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

        var patterns: [Int64: MixerPoolPattern?] = [:]
        /// Recipients of round amounts: the only addresses that can be unlabelled pools.
        var roundRecipients = Set<Int64>()

        /// `rows` (in store order) with the chains interleaved by time (``TimeMerge``).
        func timeMerged(_ rows: [OrderedTransferRow]) throws -> [OrderedTransferRow] {
            TimeMerge.merged(rows, times: try times(Array(Set(rows.map(\.row.txID)))))
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

        func sourceList() -> [TraceSource] {
            spec.rules.map { TraceSource(type: $0.kind.rawValue, chain: $0.chain, id: $0.id, asset: $0.asset, startBlock: $0.startBlock) }
        }

        func windowList() -> [ChainWindow] { window.list(chains) }
    }
}
