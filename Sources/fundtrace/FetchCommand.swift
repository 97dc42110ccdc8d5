import ArgumentParser
import Foundation
import FundTraceFetch
import FundTraceModel
import FundTraceStore

struct FetchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Fetch transfers from a node or an explorer API into the store.",
        discussion: """
            What is fetched is kept as ethereum-etl JSON lines in <db>.fetched/ (or --cache) and loaded like an \
            export, with its provenance (endpoint without secrets, query, requests, time) in the store's fetch \
            records: a query already answered is not sent again, so an interrupted fetch resumes and a repeated \
            one sends nothing. Requests are paced (--rate), time out (--timeout) and are retried with backoff on \
            rate limits, 5xx answers and dropped connections; a malformed answer stops the fetch, naming the \
            endpoint and the query, with nothing of it stored.
            """,
        subcommands: [RPCBlocks.self, EtherscanAddress.self, EsploraHistory.self])

    struct Service: ParsableArguments {
        @Option(help: "Requests per second at most.")
        var rate: Double = 5
        @Option(help: "Seconds before a request times out.")
        var timeout: Double = 30
        @Option(help: "Retries of a failed request (backoff doubles from 1 s).")
        var retries: Int = 5
        @Option(help: "Folder of fetched files (default: <db>.fetched).")
        var cache: String?
        @Option(help: "Chain the fetched transfers belong to.")
        var chain: String = "ethereum"
        @Flag(help: "Print the fetch summary as JSON.")
        var json = false

        var settings: HTTPTransport.Settings {
            var s = HTTPTransport.Settings()
            s.requestsPerSecond = rate; s.timeoutSeconds = timeout; s.retries = retries
            return s
        }

        func cacheFolder(db: String) throws -> FetchCache {
            try cache.map { try FetchCache(directory: URL(fileURLWithPath: $0)) } ?? FetchCache.beside(store: db)
        }

        /// Runs `body`; when it fails, a store and cache folder it created and left empty are removed, so that a
        /// failed first fetch leaves no empty store behind (other commands would read it as "nothing happened").
        func leavingNoEmptyStore<T>(db: String, _ body: () throws -> T) throws -> T {
            let fm = FileManager.default
            let storeExisted = fm.fileExists(atPath: db)
            let cachePath = cache ?? db + ".fetched"
            let cacheExisted = fm.fileExists(atPath: cachePath)
            do { return try body() } catch {
                if !storeExisted, (try? TransferStore(path: db, create: false).loads().isEmpty) == true {
                    for suffix in ["", "-wal", "-shm"] { try? fm.removeItem(atPath: db + suffix) }
                }
                if !cacheExisted, (try? fm.subpathsOfDirectory(atPath: cachePath).isEmpty) == true { try? fm.removeItem(atPath: cachePath) }
                throw error
            }
        }

        func report(_ summary: FetchSummary) throws {
            Terminal.endProgress()
            if json {
                let e = JSONEncoder(); e.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try e.encode(summary), as: UTF8.self))
                return
            }
            let cached = summary.queries.filter(\.cached).count
            print("\(Terminal.printable(summary.endpoint)): \(summary.queries.count) queries (\(cached) from the cache), "
                  + "\(Terminal.grouped(summary.requests)) requests, \(Terminal.grouped(summary.rowsStored)) transfers stored")
            for note in summary.notes { print("note: \(note)") }
        }
    }

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

    struct EsploraHistory: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "esplora",
            abstract: "Bitcoin transactions from an Esplora server (Blockstream's API, mempool.space, your own electrs).",
            discussion: """
                --address: the address's confirmed transactions (paged 25 at a time). --tx: one transaction, and with \
                --spenders every transaction spending one of its outputs: the next hop of a trace. Each transaction \
                keeps its inputs' spent outputs (address and value) and its position in its block (from its Merkle \
                proof), and is stored as bitcoin-etl records; unconfirmed transactions are left out.
                """)

        @OptionGroup var store: StoreOption
        @OptionGroup var service: Service
        @Option(help: "Esplora API base URL.")
        var url: String = "https://blockstream.info/api"
        @Option(help: "Address whose confirmed history to fetch.")
        var address: String?
        @Option(help: "Transaction id to fetch.")
        var tx: String?
        @Flag(help: "With --tx: also the transactions spending its outputs.")
        var spenders = false
        @Flag(help: "Ask again even when the query is in the cache.")
        var refresh = false

        func validate() throws {
            guard (address == nil) != (tx == nil) else { throw ValidationError("give one of --address and --tx") }
            if let address, case .failure = Address.utxo(address) { throw ValidationError("--address: not a Bitcoin address") }
            if let tx, tx.count != 64 || !tx.utf8.allSatisfy({ hexDigitValue($0) != nil }) { throw ValidationError("--tx: not a transaction id (64 hex digits)") }
        }

        func run() throws {
            let chain = service.chain == "ethereum" ? "bitcoin" : service.chain
            let summary = try service.leavingNoEmptyStore(db: store.db) { () -> FetchSummary in
                let fetchStore = try store.openOrCreate()
                let client = EsploraClient(transport: HTTPTransport(endpoint: try ServiceEndpoint(url), settings: service.settings))
                var job = EsploraFetch(client: client, cache: try service.cacheFolder(db: store.db), store: fetchStore, chain: chain)
                job.refresh = refresh
                job.progress = { Terminal.progress($0) }
                if let address { return try job.run(address: address) }
                return try job.run(transaction: tx!.lowercased(), spenders: spenders)
            }
            try service.report(summary)
        }
    }
}
