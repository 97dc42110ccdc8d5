import FundTraceModel
import FundTraceCSV
import FundTraceTaint

/// What is tainted at the start: the sources CSV of the taint contract
/// (§3.5, §4.3), header `type,chain,id,asset,start_block`.
///
/// Rows: `address` (every unit received by `id` at or after `start_block`),
/// `transfer` (`id` = `tx_hash:log_index`), `whole_balance` (the address's
/// entire holdings), `outpoint` (`id` = `tx_hash:n`, UTXO). An empty `asset`
/// or `*` means every asset of the chain.
public struct SourceSpec: Sendable {
    public enum Kind: String, Sendable { case address, transfer, wholeBalance = "whole_balance", outpoint }

    public struct Rule: Sendable, Equatable, CustomStringConvertible {
        public var kind: Kind
        public var chain: String
        public var id: String
        /// nil: every asset.
        public var asset: String?
        public var startBlock: UInt64?

        public init(kind: Kind, chain: String, id: String, asset: String? = nil, startBlock: UInt64? = nil) {
            self.kind = kind; self.chain = chain; self.id = id; self.asset = asset; self.startBlock = startBlock
        }

        func matches(asset a: String) -> Bool { asset == nil || asset == a }

        /// A `transfer` or `outpoint` id, `tx_hash:index`, split at its last colon (in UTF-8, not by Characters: a
        /// hash is ASCII, and a Character-wise search cost 700 instructions a rule); nil without a colon. The index
        /// is as written: readers check it is a number.
        public var hashAndIndex: (hash: Substring, index: Substring)? { Self.hashAndIndex(id) }

        static func hashAndIndex(_ id: String) -> (hash: Substring, index: Substring)? {
            guard let colon = id.utf8.lastIndex(of: UInt8(ascii: ":")) else { return nil }
            return (id[..<colon], Substring(id.utf8[id.utf8.index(after: colon)...]))
        }

        /// The rule as its row gives it: `type chain id`, then the asset if any.
        public var description: String { "\(kind.rawValue) \(chain) \(id)" + (asset.map { " \($0)" } ?? "") }
    }

    public private(set) var rules: [Rule] = []
    /// A rule's chain and id: a key of two strings, where one string of both built for every rule and every lookup
    /// allocated (3,180 `transfer` rules took about 10 ms to read; callgrind).
    private struct RuleKey: Hashable { var chain: String, id: String }
    private var addressRules: [RuleKey: [Rule]] = [:]
    private var transferRules: [RuleKey: [Rule]] = [:]
    private var wholeBalanceRules: [RuleKey: [Rule]] = [:]
    private var outpointRules: Set<RuleKey> = []

    public static let header = ["type", "chain", "id", "asset", "start_block"]

    public init(rules: [Rule]) {
        for r in rules { add(r) }
    }

    private mutating func add(_ r: Rule) {
        rules.append(r)
        let k = RuleKey(chain: r.chain, id: r.id)
        switch r.kind {
        case .address: addressRules[k, default: []].append(r)
        case .transfer: transferRules[k, default: []].append(r)
        case .wholeBalance: wholeBalanceRules[k, default: []].append(r)
        case .outpoint: outpointRules.insert(k)
        }
    }

    /// Reads a sources CSV, ids compared exactly (the conformance interface).
    public static func read(path: String) throws -> SourceSpec {
        try read(path: path, normalize: { $0 })
    }

    /// Reads a sources CSV whose ids are matched against a store, where EVM
    /// addresses and hashes are lower-cased (``Address/storeForm(_:)``).
    public static func readForStore(path: String) throws -> SourceSpec {
        try read(path: path, normalize: Address.storeForm)
    }

    static func read(path: String, normalize: (String) -> String) throws -> SourceSpec {
        let reader = try CSVReader(path: path)
        let header = try reader.readHeader()
        guard header == Self.header else {
            throw IngestError(file: path, line: 1, .header(expected: Self.header, note: "(sources)"))
        }
        var spec = SourceSpec(rules: [])
        while try reader.next() {
            func fail(_ col: Int, _ why: String) -> IngestError { IngestError(file: path, line: reader.line, column: col, columnName: header[col - 1], .value(why)) }
            // Missing trailing fields read as empty: `asset` and `start_block` are optional.
            guard reader.fieldCount <= header.count else {
                throw IngestError(file: path, line: reader.line, column: header.count + 1,
                                  .fieldCount(expected: header.count, found: reader.fieldCount))
            }
            let f = (0..<header.count).map { String(decoding: trimmedField(reader, $0), as: UTF8.self) }
            guard let kind = Kind(rawValue: f[0]) else { throw fail(1, "unknown source type '\(f[0].prefix(30))' (address, transfer, whole_balance, outpoint)") }
            let asset: String? = (f[3].isEmpty || f[3] == "*") ? nil : f[3]
            var start: UInt64?
            if !f[4].isEmpty {
                guard let s = UInt64(f[4]) else { throw fail(5, "start_block must be a non-negative integer") }
                if kind == .wholeBalance { throw fail(5, "whole_balance sources take no start_block") }
                start = s
            }
            var id = f[2]
            if id.isEmpty { throw fail(3, "empty id") }
            switch kind {
            case .address, .wholeBalance: id = normalize(id)
            case .transfer, .outpoint:
                guard let (hash, index) = Rule.hashAndIndex(id), UInt64(index) != nil else {
                    throw fail(3, "\(kind.rawValue) id must be tx_hash:index")
                }
                id = normalize(String(hash)) + ":" + index
            }
            spec.add(Rule(kind: kind, chain: f[1], id: id, asset: asset, startBlock: start))
        }
        return spec
    }

    /// How many rules, by kind, name a kind that `model` does not have:
    /// `transfer` and `whole_balance` are account-model only, `outpoint` is
    /// UTXO only (§4.3). One sources file may serve both models, so such rules
    /// are ignored rather than rejected; callers say so.
    public func rulesIgnored(by model: LedgerModel) -> [(kind: Kind, count: Int)] {
        let foreign: [Kind] = model == .account ? [.outpoint] : [.transfer, .wholeBalance]
        return foreign.compactMap { k in
            let n = rules.count { $0.kind == k }
            return n == 0 ? nil : (k, n)
        }
    }

    /// Whether an account transfer is *marked* (§3.5), ignoring whole-balance recipients.
    @inline(__always)
    public func isMarked(chain: String, txHash: String, logIndex: UInt64, to: String, asset: String, block: UInt64) -> Bool {
        if let rs = addressRules[RuleKey(chain: chain, id: to)] {
            for r in rs where r.matches(asset: asset) && block >= (r.startBlock ?? 0) { return true }
        }
        return isMarkedByTransferRule(chain: chain, txHash: txHash, logIndex: logIndex, asset: asset)
    }

    /// Whether a `transfer` rule marks an account transfer (§3.5).
    func isMarkedByTransferRule(chain: String, txHash: String, logIndex: UInt64, asset: String) -> Bool {
        if !transferRules.isEmpty, let rs = transferRules[RuleKey(chain: chain, id: txHash + ":" + String(logIndex))] {
            for r in rs where r.matches(asset: asset) { return true }
        }
        return false
    }

    /// Whether `(chain, address, asset)` is a `whole_balance` source key.
    public func isWholeBalance(chain: String, address: String, asset: String) -> Bool {
        wholeBalanceRules[RuleKey(chain: chain, id: address)]?.contains { $0.matches(asset: asset) } ?? false
    }

    /// Whether `(chain, address, asset)` is an `address` source key.
    public func isAddressSource(chain: String, address: String, asset: String) -> Bool {
        addressRules[RuleKey(chain: chain, id: address)]?.contains { $0.matches(asset: asset) } ?? false
    }

    /// Whether a UTXO output is marked (§4.3).
    public func isMarkedOutput(chain: String, txHash: String, n: Int, address: String, block: UInt64) -> Bool {
        if outpointRules.contains(RuleKey(chain: chain, id: txHash + ":" + String(n))) { return true }
        if let rs = addressRules[RuleKey(chain: chain, id: address)] {
            for r in rs where block >= (r.startBlock ?? 0) { return true }
        }
        return false
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let c = s.first, set.contains(c) { s.removeFirst() }
        while let c = s.last, set.contains(c) { s.removeLast() }
        return String(s)
    }
}
