import ArgumentParser
import Foundation
import FundTraceFetch
import FundTraceStore

extension TraceCommand {
    /// The address-history fetch `--fetch` names, caching beside the store.
    func fetcher(_ source: String, chain: String, store st: TransferStore) throws -> (String) throws -> Void {
        var settings = HTTPTransport.Settings()
        settings.requestsPerSecond = fetchRate
        let cache = try FetchCache.beside(store: store.db)
        if source.hasPrefix("esplora:") {
            let client = EsploraClient(transport: HTTPTransport(endpoint: try ServiceEndpoint(String(source.dropFirst(8))), settings: settings))
            var job = EsploraFetch(client: client, cache: cache, store: st, chain: chain)
            job.progress = { Terminal.progress($0) }
            return { _ = try job.run(address: $0) }
        }
        if source.hasPrefix("rpc:") {
            guard let blocks = fetchBlocks else { throw ValidationError("--fetch rpc:URL needs --fetch-blocks FIRST-LAST: a node cannot list an address's history") }
            let range = try FetchCommand.RPCBlocks.range(blocks)
            let client = JSONRPCClient(transport: HTTPTransport(endpoint: try ServiceEndpoint(String(source.dropFirst(4))), settings: settings))
            return { address in
                var job = AddressActivityFetch(fetcher: AddressActivityFetcher(client: client), cache: cache, store: st, chain: chain)
                _ = try job.run(address: address, blocks: range)
            }
        }
        let url = source == "etherscan" ? "https://api.etherscan.io/v2/api" : source
        guard let id = fetchChainId ?? EtherscanChains.ids[chain] else {
            throw ValidationError("--fetch: no Etherscan chain id known for '\(chain)'; give --fetch-chain-id (0 for a single-chain explorer)")
        }
        let key = ProcessInfo.processInfo.environment[fetchKeyEnv].flatMap { $0.isEmpty ? nil : $0 }
        let client = EtherscanClient(transport: HTTPTransport(endpoint: try ServiceEndpoint(url), settings: settings),
                                     chainID: id == 0 ? nil : id, apiKey: key)
        var job = AddressHistoryFetch(client: client, cache: cache, store: st, chain: chain)
        job.progress = { Terminal.progress($0) }
        return { _ = try job.run(address: $0) }
    }
}
