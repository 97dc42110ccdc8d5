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

    /// A DEX swap on the way: the trader's give leg and the pool's take leg, in one transaction.
    struct Swap {
        var give: OrderedTransferRow
        var take: OrderedTransferRow
        var poolLabel: String
    }

    var nodes: [StoreKey: Node] = [:]
    var queue: [StoreKey] = []
    /// Swaps crossed, by the give leg's transfer id.
    var swaps: [Int64: Swap] = [:]
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
            nodes[key] = Node(frontier: frontier, hop: hop, status: small ? .stopped(.belowMin) : .pending)
            if !small { queue.append(key) }
        }
    }

    mutating func next() -> StoreKey? {
        guard head < queue.count else { queue.removeAll(keepingCapacity: true); head = 0; return nil }
        head += 1
        return queue[head - 1]
    }

    func isFollowed(_ k: StoreKey) -> Bool { nodes[k]?.status == .followed }
}
