/// What the workbench shows: the addresses and aggregated transfers an investigator has put on the canvas, with
/// their notes. The browser keeps it; the server draws it (``ViewDiagram``) and a case file holds it.
///
/// Every string in it came from the chain, a label file or a person: it is escaped wherever it is drawn.
public struct ViewGraph: Codable, Sendable, Equatable {
    public struct Node: Codable, Sendable, Equatable {
        public var chain: String
        public var address: String
        /// The label the store gives the address, when it has one.
        public var label: String?
        public var category: String?
        /// source, endpoint, or nil: how the node came on the canvas.
        public var role: String?
        public var pinned: Bool?
        /// Kept in the case, not drawn.
        public var hidden: Bool?
        /// The node whose expansion brought this one (collapsing that node removes it unless pinned), as "chain address".
        public var expandedFrom: String?
        public var note: String?
        public init(chain: String, address: String, label: String? = nil, category: String? = nil, role: String? = nil,
                    pinned: Bool? = nil, note: String? = nil) {
            self.chain = chain; self.address = address; self.label = label; self.category = category; self.role = role
            self.pinned = pinned; self.note = note
        }
    }

    /// The transfers from one address to another in one asset, added up.
    public struct Edge: Codable, Sendable, Equatable {
        public var chain: String
        public var from: String
        public var to: String
        public var asset: String
        public var symbol: String?
        public var decimals: Int?
        /// Base units, exact.
        public var amount: String
        public var transfers: Int
        /// Base units of the amount a trace found tainted, when a trace is open.
        public var tainted: String?
        public var usd: Double?
        public var note: String?
        public init(chain: String, from: String, to: String, asset: String, symbol: String? = nil, decimals: Int? = nil, amount: String,
                    transfers: Int, tainted: String? = nil, usd: Double? = nil, note: String? = nil) {
            self.chain = chain; self.from = from; self.to = to; self.asset = asset; self.symbol = symbol; self.decimals = decimals
            self.amount = amount; self.transfers = transfers; self.tainted = tainted; self.usd = usd; self.note = note
        }
    }

    public var title: String?
    public var nodes: [Node]
    public var edges: [Edge]

    public init(title: String? = nil, nodes: [Node] = [], edges: [Edge] = []) {
        self.title = title; self.nodes = nodes; self.edges = edges
    }

    /// The most a view may hold: a drawing a person can read is far smaller, and the bound keeps a request's layout cheap.
    public static let maxNodes = 2_000
    public static let maxEdges = 5_000

    /// Why the view cannot be drawn as sent, or nil.
    public func problem() -> String? {
        if nodes.count > Self.maxNodes { return "a view holds at most \(Self.maxNodes) nodes (this one \(nodes.count))" }
        if edges.count > Self.maxEdges { return "a view holds at most \(Self.maxEdges) edges (this one \(edges.count))" }
        let keys = Set(nodes.map { $0.chain + "\u{0}" + $0.address })
        for e in edges {
            guard keys.contains(e.chain + "\u{0}" + e.from), keys.contains(e.chain + "\u{0}" + e.to) else {
                return "an edge joins an address the view does not hold (\(e.chain) \(e.from) → \(e.to))"
            }
        }
        return nil
    }
}
