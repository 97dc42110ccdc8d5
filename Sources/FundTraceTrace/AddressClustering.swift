import FundTraceModel

/// The multi-input (common-input-ownership) heuristic: the addresses spent
/// together as inputs of one transaction belong to one owner — except in
/// CoinJoins, whose inputs belong to different participants and are skipped.
///
/// Union–find with path halving and union by size, hand-written: it is ten
/// lines and runs once per input (nearly O(1) amortised each).
public struct AddressClustering: Sendable {
    private var index: [String: Int] = [:]
    private var parent: [Int] = []
    private var size: [Int] = []
    private(set) public var addresses: [String] = []
    /// CoinJoins seen (their inputs were not merged).
    private(set) public var skippedCoinJoins = 0

    public init() {}

    /// Merges the input addresses of `tx`, unless `detector` calls it a CoinJoin.
    public mutating func add(_ tx: UTXOTransaction, detector: CoinJoinDetector = CoinJoinDetector()) {
        if detector.examine(tx) != nil { skippedCoinJoins += 1; return }
        var ids: [Int] = []
        for a in tx.inputs.compactMap(\.address) { ids.append(id(a)) }
        guard let first = ids.first else { return }
        for other in ids.dropFirst() { union(first, other) }
    }

    /// The clusters with more than one address, largest first, addresses sorted.
    public mutating func clusters() -> [[String]] {
        var groups: [Int: [String]] = [:]
        for i in parent.indices { groups[find(i), default: []].append(addresses[i]) }
        return groups.values.filter { $0.count > 1 }.map { $0.sorted() }.sorted { ($0.count, $1.first ?? "") > ($1.count, $0.first ?? "") }
    }

    /// Whether `a` and `b` are in one cluster.
    public mutating func sameOwner(_ a: String, _ b: String) -> Bool {
        guard let x = index[a], let y = index[b] else { return a == b }
        return find(x) == find(y)
    }

    private mutating func id(_ address: String) -> Int {
        if let i = index[address] { return i }
        let i = parent.count
        index[address] = i; parent.append(i); size.append(1); addresses.append(address)
        return i
    }

    private mutating func find(_ x: Int) -> Int {
        var x = x
        while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
        return x
    }

    private mutating func union(_ a: Int, _ b: Int) {
        var (x, y) = (find(a), find(b))
        guard x != y else { return }
        if size[x] < size[y] { swap(&x, &y) }
        parent[y] = x
        size[x] += size[y]
    }
}
