import FundTraceModel
import FundTraceStore

/// A ledger key of the store: address and asset ids (the asset implies the chain).
public struct StoreKey: Hashable, Sendable {
    public var address: Int64
    public var asset: Int64
}

/// What an investigation discovered before sweeping: the ledger keys it
/// reached, which it followed and why it stopped at the others.
struct TraceGraph {
    enum Status: Equatable {
        case pending
        case followed
        case stopped(EndpointReason)
    }

    struct Node {
        /// The earliest block at which the key can have received taint
        /// (forward) or the latest at which its funds matter (backward).
        var frontier: UInt64
        var hop: Int
        var status: Status
        var isSource = false
        var label: AddressLabel?
        var evidence = ""
    }

    /// Where value crosses a service the trace carries taint across
    /// (docs/CROSSINGS.md): the entry leg into it and the exit leg out of it.
    struct Crossing {
        enum Kind: String { case swap, bridge, mixer }
        var kind: Kind
        var entry: OrderedTransferRow
        var exit: OrderedTransferRow
        /// The service's label (pool, bridge, mixer).
        var via: String
        var evidence: String
        /// Share of the converted taint carried on, in thousandths.
        var confidence: Int = 1000
    }

    var nodes: [StoreKey: Node] = [:]
    var queue: [StoreKey] = []
    /// Crossings, by the entry leg's transfer id.
    var crossings: [Int64: Crossing] = [:]
    private var head = 0

    /// Records that `key` can be reached at `frontier` after `hop` hops and
    /// queues it when that is news. `improves` says which frontier is better.
    /// A key reached only through small transfers stays `below_min` until a
    /// full-size transfer reaches it.
    mutating func reach(_ key: StoreKey, frontier: UInt64, hop: Int, small: Bool = false,
                        improves: (UInt64, UInt64) -> Bool) {
        if var n = nodes[key] {
            if small || n.isSource { return }
            if n.status == .stopped(.belowMin) {
                n.status = .pending; n.frontier = frontier; n.hop = hop
                nodes[key] = n; queue.append(key); return
            }
            let better = improves(frontier, n.frontier) || hop < n.hop
            guard better else { return }
            n.frontier = improves(frontier, n.frontier) ? frontier : n.frontier
            n.hop = min(n.hop, hop)
            nodes[key] = n
            queue.append(key)
        } else {
            nodes[key] = Node(frontier: frontier, hop: hop, status: small ? .stopped(.belowMin) : .pending,
                              evidence: small ? "stop rule --min-value: reached only by transfers below it" : "")
            if !small { queue.append(key) }
        }
    }

    mutating func next() -> StoreKey? {
        guard head < queue.count else { queue.removeAll(keepingCapacity: true); head = 0; return nil }
        head += 1
        return queue[head - 1]
    }

    /// The keys queued and not yet taken by ``next()``, in queue order.
    var pending: ArraySlice<StoreKey> { queue[head...] }

    func isFollowed(_ k: StoreKey) -> Bool { nodes[k]?.status == .followed }
}
