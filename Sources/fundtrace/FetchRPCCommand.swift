import ArgumentParser
import Foundation
import FundTraceFetch
import FundTraceModel
import FundTraceStore

extension FetchCommand {
    struct RPCBlocks: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rpc",
            abstract: "A block range from an Ethereum JSON-RPC node, as ethereum-etl's stream exports it.",
            discussion: """
                Blocks with their transactions, each transaction's receipt (status, gas used, effective gas price: \
                fees and failures), Transfer logs as token transfers, internal transfers from trace_block where the \
                node has it (otherwise a note says they are missing), and each token's symbol, name and decimals \
                by eth_call. Calls are sent in JSON-RPC batches. The URL may carry a key; it is never printed or stored.
                """)

        @OptionGroup var store: StoreOption
        @OptionGroup var service: Service
        @Option(help: "JSON-RPC endpoint (http or https).")
        var url: String
        @Option(help: "Blocks to fetch: FIRST-LAST (inclusive) or one number.")
        var blocks: String
        @Option(help: ArgumentHelp("Instead of whole blocks, the activity of this address in them: its Transfer logs (eth_getLogs), "
                                   + "its calls (trace_filter, where the node has it), and every transaction these belong to, whole.", valueName: "ADDRESS"))
        var address: String?
        @Option(help: "What to fetch: any of tx, receipts, traces, tokens, comma-separated.")
        var parts: String = "tx,receipts,traces,tokens"
        @Option(help: "Blocks per cached file (and per load).")
        var window: UInt64 = 50
        @Option(help: "Calls per JSON-RPC batch.")
        var batch: Int = 100

        func run() throws {
            let range = try Self.range(blocks)
            let parts = try Self.parts(parts)
            let summary = try service.leavingNoEmptyStore(db: store.db) { try fetch(range, parts) }
            try service.report(summary)
        }

        func fetch(_ range: ClosedRange<UInt64>, _ parts: BlockRangeFetcher.Parts) throws -> FetchSummary {
            let fetchStore = try store.openOrCreate()
            let transport = HTTPTransport(endpoint: try ServiceEndpoint(url), settings: service.settings)
            let client = JSONRPCClient(transport: transport)
            client.batchSize = max(1, batch)
            if let address {
                guard case .success(let a) = Address.normalized(address), a.hasPrefix("0x"), a.count == 42 else {
                    throw ValidationError("--address: not an EVM address")
                }
                var fetcher = AddressActivityFetcher(client: client)
                fetcher.withTraces = parts.contains(.traces)
                var job = AddressActivityFetch(fetcher: fetcher, cache: try service.cacheFolder(db: store.db), store: fetchStore, chain: service.chain)
                return try job.run(address: a, blocks: range)
            }
            var job = BlockRangeFetch(fetcher: BlockRangeFetcher(client: client, parts: parts),
                                      cache: try service.cacheFolder(db: store.db), store: fetchStore, chain: service.chain)
            job.window = max(1, window)
            job.progress = { Terminal.progress($0) }
            return try job.run(range)
        }

        static func range(_ text: String) throws -> ClosedRange<UInt64> {
            let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            guard (1...2).contains(parts.count), let a = UInt64(parts[0]), let b = UInt64(parts.last!), a <= b else {
                throw ValidationError("--blocks \(text): expected FIRST-LAST with FIRST ≤ LAST, or one block number")
            }
            return a...b
        }

        static func parts(_ text: String) throws -> BlockRangeFetcher.Parts {
            var p: BlockRangeFetcher.Parts = []
            for name in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                switch name {
                case "tx", "transactions": p.insert(.transactions)
                case "receipts": p.insert(.receipts)
                case "traces": p.insert(.traces)
                case "tokens": p.insert(.tokens)
                default: throw ValidationError("--parts: '\(name)' is not one of tx, receipts, traces, tokens")
                }
            }
            if p.contains(.receipts) && !p.contains(.transactions) { throw ValidationError("--parts: receipts need tx (they are asked per transaction)") }
            if p.contains(.tokens) && !p.contains(.receipts) { throw ValidationError("--parts: tokens need receipts (their transfers come from receipt logs)") }
            guard !p.isEmpty else { throw ValidationError("--parts: name at least one of tx, receipts, traces, tokens") }
            return p
        }
    }
}
