import FundTraceModel

/// The JSON the workbench's API answers with. Amounts are exact base-unit decimal strings beside a
/// human `display`; times are Unix seconds.

/// An address with what the store's labels say of it.
public struct AddressCard: Codable, Sendable, Equatable {
    public var chain: String
    public var address: String
    public var label: String?
    public var category: String?
}

/// One transfer as the history and transaction views list it.
public struct TransferItem: Codable, Sendable, Equatable {
    public var chain: String
    public var txHash: String
    public var block: UInt64
    public var logIndex: UInt64
    public var time: Int64?
    public var kind: String
    public var from: AddressCard
    public var to: AddressCard
    public var asset: String
    public var symbol: String?
    public var decimals: Int?
    public var amount: String
    public var display: String
    public var success: Bool
}

/// What a search found: addresses (by address or label), transactions.
public struct SearchAnswer: Codable, Sendable {
    public var query: String
    public var addresses: [AddressCard]
    public var transactions: [TransactionAnswer]
}

/// A transaction's transfers.
public struct TransactionAnswer: Codable, Sendable {
    public var chain: String
    public var hash: String
    public var block: UInt64?
    public var transfers: [TransferItem]
}

/// An address: its labels and, per asset, what the loaded transfers moved.
public struct AddressAnswer: Codable, Sendable {
    public struct Label: Codable, Sendable { public var chain, label, category, source: String; public var actor: String? }
    public struct Balance: Codable, Sendable {
        public var chain: String
        public var asset: String
        public var symbol: String?
        public var decimals: Int?
        public var received: String
        public var sent: String
        public var feesPaid: String
        /// received − sent − fees, signed: what the loaded transfers leave (the balance before them is unknown).
        public var net: String
        public var display: String
        public var transfersIn: Int
        public var transfersOut: Int
    }
    public var address: String
    public var labels: [Label]
    public var balances: [Balance]
    /// Balances add up at most this many transfers per side, newest first; true when the address has more.
    public var sampled: Bool
    public var readLimit: Int
}

/// A page of history.
public struct HistoryPage: Codable, Sendable {
    public var address: String
    public var transfers: [TransferItem]
    /// Pass as `cursor` for the next page; absent on the last page.
    public var next: String?
}

/// A node's counterparties on one side, as edges to add to the view.
public struct Expansion: Codable, Sendable {
    public var chain: String
    public var address: String
    public var side: String
    public var nodes: [AddressCard]
    public var edges: [ExpansionEdge]
    /// Counterparty groups not returned (the smallest).
    public var more: Int
    /// Transfers read; `sampled` when the side has more than `readLimit` (the newest were read).
    public var read: Int
    public var sampled: Bool
    public var readLimit: Int
}

public struct ExpansionEdge: Codable, Sendable, Equatable {
    public var chain: String
    public var from: String
    public var to: String
    public var asset: String
    public var symbol: String?
    public var decimals: Int?
    public var amount: String
    public var display: String
    public var transfers: Int
    public var firstBlock: UInt64
    public var lastBlock: UInt64
    public var tainted: String?
    public var usd: Double?
}

/// A path between two addresses.
public struct PathAnswer: Codable, Sendable {
    public var found: Bool
    public var nodes: [AddressCard]
    public var edges: [ExpansionEdge]
    /// Addresses whose transfers were read, and those not followed for their degree.
    public var explored: Int
    public var skippedForDegree: [String]
}
