/// Etherscan V2's `chainid` for the chains FundTrace names (https://docs.etherscan.io/etherscan-v2, "supported chains").
public enum EtherscanChains {
    public static let ids: [String: Int] = [
        "ethereum": 1, "eth": 1, "bsc": 56, "polygon": 137, "matic": 137, "arbitrum": 42161, "optimism": 10, "base": 8453,
        "avalanche": 43114, "avax": 43114, "linea": 59144, "gnosis": 100,
    ]
}
