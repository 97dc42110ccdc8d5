import ArgumentParser
import Foundation
import FundTraceFetch
import FundTraceModel
import FundTraceStore

extension FetchCommand {
    struct EtherscanAddress: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "etherscan",
            abstract: "An address's history from an Etherscan-compatible API (Etherscan V2, BscScan, PolygonScan …).",
            discussion: """
                Normal transactions (txlist), internal transactions (txlistinternal) and token transfers (tokentx), \
                paged past the API's result cap by block cursor. The API key is read from the environment variable \
                named by --key-env (ETHERSCAN_API_KEY by default); it is never printed or stored. A query already \
                fetched is answered from the cache; --refresh asks again for activity since.
                """)

        @OptionGroup var store: StoreOption
        @OptionGroup var service: Service
        @Option(help: "API base URL.")
        var url: String = "https://api.etherscan.io/v2/api"
        @Option(help: "Etherscan V2 chain id (1 Ethereum, 56 BNB Chain, 137 Polygon …); 0 for single-chain explorers.")
        var chainId: Int = 1
        @Option(help: "Environment variable holding the API key.")
        var keyEnv: String = "ETHERSCAN_API_KEY"
        @Option(help: "Address whose history to fetch.")
        var address: String
        @Option(help: "First block.")
        var fromBlock: UInt64 = 0
        @Option(help: "Last block.")
        var toBlock: UInt64 = 999_999_999
        @Option(help: "Rows per page (Etherscan: at most 10,000; 1,000 on free keys).")
        var pageSize: Int = 1000
        @Flag(help: "Ask again even when the query is in the cache.")
        var refresh = false

        func run() throws {
            guard case .success(let normalized) = Address.normalized(address), normalized.hasPrefix("0x"), normalized.count == 42 else {
                throw ValidationError("--address \(Terminal.printable(String(address.prefix(80)))): not an EVM address")
            }
            let summary = try service.leavingNoEmptyStore(db: store.db) { try fetch(normalized) }
            try service.report(summary)
        }

        func fetch(_ normalized: String) throws -> FetchSummary {
            let fetchStore = try store.openOrCreate()
            let transport = HTTPTransport(endpoint: try ServiceEndpoint(url), settings: service.settings)
            let key = ProcessInfo.processInfo.environment[keyEnv].flatMap { $0.isEmpty ? nil : $0 }
            let client = EtherscanClient(transport: transport, chainID: chainId == 0 ? nil : chainId, apiKey: key)
            client.pageSize = max(1, min(pageSize, 10_000))
            var job = AddressHistoryFetch(client: client, cache: try service.cacheFolder(db: store.db), store: fetchStore, chain: service.chain)
            job.refresh = refresh
            job.progress = { Terminal.progress($0) }
            return try job.run(address: normalized, startBlock: fromBlock, endBlock: toBlock)
        }
    }
}
