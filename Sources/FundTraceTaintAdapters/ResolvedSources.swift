import FundTraceModel
import FundTraceStore
import FundTraceTaint
import FundTraceCSV

/// A ``SourceSpec`` resolved to store ids, so marking a transfer costs hash
/// lookups on integers. Shared by store scoring and investigations.
public struct ResolvedSources {
    public struct Rule: Sendable { public var chainID: Int64; public var assetID: Int64?; public var startBlock: UInt64 }
    /// `address` rules by address id.
    public private(set) var address: [Int64: [Rule]] = [:]
    /// `whole_balance` rules by address id.
    public private(set) var wholeBalance: [Int64: [Rule]] = [:]
    /// `transfer` rules by transaction id.
    public private(set) var transfers: [Int64: [(logIndex: UInt64, chainID: Int64, assetID: Int64?)]] = [:]
    /// `outpoint` rules: output indices by transaction id.
    public private(set) var outpoints: [Int64: [Int]] = [:]
    /// A rule naming an asset the store does not have matches nothing.
    static let noAsset: Int64 = -1

    /// Rules naming chains, addresses or transactions the store lacks are dropped
    /// (they can mark nothing); ``unresolved`` counts them.
    public var unresolved: Int { unresolvedRules.count }
    /// Those rules, in the spec's order, so a user can see which source was
    /// mistyped or names another chain.
    public private(set) var unresolvedRules: [SourceSpec.Rule] = []
    /// Rules naming what the store holds, but of a kind the chain's model does not have — `transfer` or
    /// `whole_balance` on a UTXO chain, `outpoint` on an account chain — in
    /// the spec's order: they taint nothing either (most likely the other
    /// kind was meant).
    public private(set) var inapplicableRules: [SourceSpec.Rule] = []

    public init(_ spec: SourceSpec, reader: StoreReader) throws {
        let chains = try reader.chainNames()
        let assets = try reader.assetCodes()
        let chainByName = Dictionary(chains.map { ($0.value, $0.key) }, uniquingKeysWith: { a, _ in a })
        var assetByCode: [String: Int64] = [:]
        for (id, a) in assets { assetByCode["\(a.chainID)\u{0}\(a.code)"] = id }
        let utxoChains = Set(try reader.utxoChainIDs())
        for r in spec.rules {
            guard let chainID = chainByName[r.chain] else { unresolvedRules.append(r); continue }
            let assetID = r.asset.map { assetByCode["\(chainID)\u{0}\($0)"] ?? Self.noAsset }
            switch r.kind {
            case .address, .wholeBalance:
                guard let a = try reader.addressID(r.id) else { unresolvedRules.append(r); continue }
                if r.kind == .wholeBalance && utxoChains.contains(chainID) { inapplicableRules.append(r); continue }
                let rule = Rule(chainID: chainID, assetID: assetID, startBlock: r.startBlock ?? 0)
                if r.kind == .address { address[a, default: []].append(rule) } else { wholeBalance[a, default: []].append(rule) }
            case .transfer:
                guard let (hash, index) = r.hashAndIndex, let log = UInt64(index),
                      let tx = try reader.transactionID(chainID: chainID, hash: String(hash)) else { unresolvedRules.append(r); continue }
                if utxoChains.contains(chainID) { inapplicableRules.append(r); continue }
                transfers[tx, default: []].append((log, chainID, assetID))
            case .outpoint:
                guard let (hash, index) = r.hashAndIndex, let n = Int(index),
                      let tx = try reader.transactionID(chainID: chainID, hash: String(hash)) else { unresolvedRules.append(r); continue }
                if !utxoChains.contains(chainID) { inapplicableRules.append(r); continue }
                outpoints[tx, default: []].append(n)
            }
        }
    }

    /// Whether the transfer is marked (§3.5), by ids.
    @inline(__always)
    public func isMarked(_ t: TransferRow) -> Bool {
        if let rs = address[t.toID] {
            for r in rs where r.chainID == t.chainID && (r.assetID == nil || r.assetID == t.assetID) && t.block >= r.startBlock { return true }
        }
        if !transfers.isEmpty, let rs = transfers[t.txID] {
            for r in rs where r.logIndex == t.logIndex && r.chainID == t.chainID && (r.assetID == nil || r.assetID == t.assetID) { return true }
        }
        return false
    }

    /// Whether output `n` of UTXO transaction `txID` (in `block` of `chainID`),
    /// paying `address`, is marked (§4.3). UTXO outputs have no asset, so an
    /// `address` rule's asset does not restrict it (as in the conformance command).
    public func isMarkedOutput(txID: Int64, n: Int, address: Int64, chainID: Int64, block: UInt64) -> Bool {
        if let ns = outpoints[txID], ns.contains(n) { return true }
        return self.address[address]?.contains { $0.chainID == chainID && block >= $0.startBlock } ?? false
    }

    /// Whether `rules` name the ledger key `(address, asset)` of `chainID`.
    public func matches(_ rules: [Int64: [Rule]], address: Int64, chainID: Int64, assetID: Int64) -> Bool {
        rules[address]?.contains { $0.chainID == chainID && ($0.assetID == nil || $0.assetID == assetID) } ?? false
    }
}
