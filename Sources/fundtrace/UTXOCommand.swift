import ArgumentParser
import Foundation
import FundTraceIngest
import FundTraceModel
import FundTraceStore
import FundTraceTrace
import FundTraceCSV

struct UTXOCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "utxo",
        abstract: "UTXO heuristics: CoinJoins, multi-input address clusters and peel chains.",
        subcommands: [UTXOAnalyzeCommand.self])
}

struct UTXOAnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Find CoinJoins, cluster addresses by the multi-input heuristic (skipping CoinJoins) and find peel chains.",
        discussion: """
            CoinJoin: at least 2 inputs and 3 outputs; with p = ⌊(outputs + 1) / 2⌋ participants, at least p inputs from \
            p distinct addresses and the most common non-dust output value appearing at least p times (BlockSci's rule). \
            Clusters: the input addresses of every other transaction belong to one owner. Peel chain: at least \
            --min-chain transactions of one input and two outputs, each spending the previous one's larger output. \
            Writes DIR/coinjoins.csv, DIR/clusters.csv and DIR/peel_chains.csv.
            """)

    @OptionGroup var store: StoreOption
    @Option(help: "The UTXO chain to analyse.") var chain = "bitcoin"
    @Option(help: "Outputs below this many base units are dust.") var dust: UInt64 = 1_000
    @Option(help: "The fewest transactions that make a peel chain.") var minChain = 3
    @Option(help: "Directory for the CSV files (created).") var outDir: String
    @Flag(help: "Print the summary as JSON.") var json = false

    func run() throws {
        let st = try store.open()
        try store.requireChain(chain, in: st)
        var txs: [UTXOTransaction] = []
        try st.read { try $0.forEachUTXOTransaction(chain: chain) { txs.append($0) } }
        if txs.isEmpty { Terminal.error("note: \(chain) holds no UTXO transactions in \(store.db) (an account chain?)") }
        let detector = CoinJoinDetector(dust: Amount(dust))
        let coinjoins = txs.compactMap(detector.examine)
        var clustering = AddressClustering()
        for tx in txs { clustering.add(tx, detector: detector) }
        let clusters = clustering.clusters()
        let chains = PeelChainDetector(minLength: minChain).chains(txs)

        try FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true)
        func path(_ f: String) -> String { (outDir as NSString).appendingPathComponent(f) }
        let cj = try CSVWriter(path: path("coinjoins.csv"))
        try cj.write(["chain", "tx_hash", "inputs", "outputs", "participants", "denomination", "equal_outputs"])
        for c in coinjoins { try cj.write([chain, c.txHash, String(c.inputs), String(c.outputs), String(c.participants), c.denomination.description, String(c.equalOutputs)]) }
        try cj.close()
        let cl = try CSVWriter(path: path("clusters.csv"))
        try cl.write(["chain", "cluster", "size", "address"])
        for (i, c) in clusters.enumerated() { for a in c { try cl.write([chain, String(i + 1), String(c.count), a]) } }
        try cl.close()
        let pc = try CSVWriter(path: path("peel_chains.csv"))
        try pc.write(["chain", "peel_chain", "hop", "tx_hash", "peel_address", "peel_value", "remainder_address", "remainder_value"])
        for (i, c) in chains.enumerated() {
            for (j, h) in c.enumerated() {
                try pc.write([chain, String(i + 1), String(j + 1), h.txHash, h.peel.address, h.peel.value.description,
                              h.remainder.address, h.remainder.value.description])
            }
        }
        try pc.close()
        struct Summary: Encodable { var chain: String; var transactions: Int; var coinjoins: Int; var clusters: Int; var clusteredAddresses: Int; var peelChains: Int }
        let s = Summary(chain: chain, transactions: txs.count, coinjoins: coinjoins.count, clusters: clusters.count,
                        clusteredAddresses: clusters.reduce(0) { $0 + $1.count }, peelChains: chains.count)
        if json {
            let e = JSONEncoder()
            e.outputFormatting = [.sortedKeys]
            e.keyEncodingStrategy = .convertToSnakeCase
            print(String(decoding: try e.encode(s), as: UTF8.self))
        } else {
            print("\(chain): \(Terminal.grouped(s.transactions)) transactions; \(s.coinjoins) CoinJoins; \(s.clusters) multi-input clusters "
                  + "(\(Terminal.grouped(s.clusteredAddresses)) addresses); \(s.peelChains) peel chains → \(outDir)/{coinjoins,clusters,peel_chains}.csv")
        }
    }
}
