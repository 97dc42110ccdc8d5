/// Counts that summarise a store (`fundtrace stats`).
public struct StoreStatistics: Codable, Sendable, Equatable {
    public struct Chain: Codable, Sendable, Equatable {
        public var name: String
        public var model: String
        public var transactions: Int
        public var transfers: Int
        public var nativeTransfers: Int
        public var internalTransfers: Int
        public var tokenTransfers: Int
        public var utxoOutputs: Int
        public var utxoInputs: Int
        public var assets: Int
        public var firstBlock: Int64?
        public var lastBlock: Int64?
    }
    public var chains: [Chain] = []
    public var addresses = 0
    public var transactions = 0
    public var transfers = 0
    public var utxoOutputs = 0
    public var utxoInputs = 0
    public var loads = 0
}
