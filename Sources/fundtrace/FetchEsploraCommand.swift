import ArgumentParser
import Foundation
import FundTraceFetch
import FundTraceModel
import FundTraceStore

extension FetchCommand {
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
            if let tx, !HexText.isDigits(tx.utf8, count: 64) { throw ValidationError("--tx: not a transaction id (64 hex digits)") }
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
