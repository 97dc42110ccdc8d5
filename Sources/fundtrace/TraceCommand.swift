import ArgumentParser
import Foundation
import FundTraceIngest
import FundTraceModel
import FundTraceStore
import FundTraceTaint
import FundTraceTrace
import FundTraceCSV
import FundTraceTaintAdapters

extension TraceDirection: ExpressibleByArgument {}
extension MixerMode: ExpressibleByArgument {}

extension SourceRole: ExpressibleByArgument {}

struct TraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Trace stolen funds from theft addresses or transfers to the endpoints where they can be acted on.",
        discussion: """
            Forward (default): follows the value leaving the sources through hops, under the taint policy, and stops \
            at labelled exchanges, exchange deposit addresses (labelled, or detected: an address that forwards what it \
            receives to one exchange's wallets within --deposit-window), bridges, mixers, DEX pools and sanctioned \
            addresses, at the hop limit, below --min-value, and at hot wallets above --max-degree (flagged incomplete). \
            It carries taint across DEX swaps (a trader's leg into a labelled pool and the pool's leg back in the same \
            transaction) and bridges (a deposit into a labelled bridge and the best matching payout of the same symbol \
            on another chain within --bridge-window, with its confidence), and links mixer deposits to withdrawals by \
            the de-anonymisation heuristics (--mixer), converted at the crossing's own rate (docs/CROSSINGS.md). An \
            address given with --from is the perpetrator's (--role): everything it sends is stolen. Only the \
            relevant part of the store is read: keys reachable from the sources along time-respecting transfers, and \
            the complete in-window history of every key followed, swept in order by the taint engine.
            Backward: where the funds of the given addresses came from (value, not taint).

            Writes DIR/trace.json (sources, parameters, the flow graph, per-key taint, endpoints, totals), \
            DIR/flows.csv and DIR/endpoints.csv (chain,address,category,label,asset,tainted_amount,first_tx,last_tx,\
            first_time,last_time,reason). Amounts are base units. Totals reconcile per asset: taint created + taint \
            out of crossings = at endpoints + fees + returned to sources + taint into crossings.
            """)

    @OptionGroup var store: StoreOption
    @Option(name: .customLong("from"), help: ArgumentHelp(
        "An address, a tx_hash:log_index (tx_hash:output on UTXO chains), or a sources CSV (type,chain,id,asset,start_block). Repeatable.",
        valueName: "SPEC"))
    var from: [String]
    @Option(help: ArgumentHelp(
        "What the addresses given with --from are: perpetrator (everything they send in the window is stolen, however they "
            + "got it: a whole_balance source) or victim (only what they receive from the start of the window on is tainted: "
            + "an address source). Sources files say this per row.", valueName: "role"))
    var role: SourceRole = .perpetrator
    @Option(help: "Chain of addresses and transfers given with --from (default: every chain in the store).")
    var chain: String?
    @Option(help: "Taint policy: poison, haircut, fifo, lifo or tiho.") var policy: TaintPolicy = .haircut
    @Option(help: "forward (where the funds went) or backward (where they came from).") var direction: TraceDirection = .forward
    @Option(help: "Stop following after this many hops.") var maxHops = 20
    @Option(help: ArgumentHelp("Fetch what the trace needs as it goes, from 'etherscan' (Etherscan V2), an explorer's API URL, "
                               + "'rpc:URL' (a JSON-RPC node; with --fetch-blocks) or 'esplora:URL' (Bitcoin). Needs --chain.", valueName: "SOURCE"))
    var fetch: String?
    @Option(help: "With --fetch rpc:URL, the blocks to search: FIRST-LAST.") var fetchBlocks: String?
    @Option(help: "Etherscan V2 chain id for --fetch (default: from --chain; 0 for single-chain explorers).") var fetchChainId: Int?
    @Option(help: "Environment variable holding the --fetch API key.") var fetchKeyEnv = "ETHERSCAN_API_KEY"
    @Option(help: "Requests per second at most, with --fetch.") var fetchRate: Double = 5
    @Option(help: "Do not follow transfers smaller than this many base units (wei, satoshi, token units).")
    var minValue = "0"
    @Option(help: "Start of the window: a block number or a UTC time (2024-06-22 or 2024-06-22T18:00:00Z).")
    var since: String?
    @Option(help: "End of the window: a block number or a UTC time.") var until: String?
    @Option(help: "Categories to stop at, comma-separated, or 'none'.")
    var stopAt = "exchange,exchange_deposit,bridge,mixer,sanctioned,dex"
    @Option(help: "Addresses with more transfers than this in the window are not followed (flagged incomplete).")
    var maxDegree = 5_000
    @Option(help: ArgumentHelp("Stop with an error when the trace reaches more (address, asset) keys than this (memory bound; about "
                               + "5 KB each end to end).", valueName: "n"))
    var maxAddresses = 500_000
    @Option(help: ArgumentHelp("Stop with an error when the trace would sweep more transfers than this (memory bound).", valueName: "n"))
    var maxTransfers = 2_000_000
    @Option(help: "How soon a deposit address must forward to its exchange: seconds, or with a unit (90m, 24h, 3d).")
    var depositWindow = "3d"
    @Option(help: ArgumentHelp("Mixer pools: link (deposits linked to withdrawals by the de-anonymisation heuristics go on, "
                               + "taint scaled by the link's confidence; the rest stops at the pool), stop (the pool is an endpoint) "
                               + "or pool (an ordinary address: taint dilutes in it).", valueName: "mode"))
    var mixer: MixerMode = .link
    @Option(help: "How soon after a bridge deposit its payout on another chain must come: seconds, or 90m, 24h, 3d.")
    var bridgeWindow = "2h"
    @Option(help: ArgumentHelp("The largest bridge fee, as a share of the deposit, for a payout to match it (the best match is linked: "
                               + "lowest fee, shortest delay, to the depositor's own or a fresh address)."))
    var bridgeMaxFee = 0.05
    @Option(help: ArgumentHelp("Decimals of an asset the store has no metadata for, as ASSET=N or CHAIN:ASSET=N (asset code, "
                               + "contract or symbol); repeatable. Bridges compare amounts in whole units when both sides' decimals are known.",
                               valueName: "asset=n"))
    var decimals: [String] = []
    @Option(help: "Directory for trace.json, flows.csv and endpoints.csv (created).") var outDir: String
    @Flag(help: "Print the summary as JSON.") var json = false

    func parameters() throws -> TraceParameters {
        var p = TraceParameters()
        p.policy = policy
        p.direction = direction
        guard (0...100_000).contains(maxHops) else { throw ValidationError("--max-hops: a number of hops from 0 to 100,000") }
        guard (1...1_000_000_000).contains(maxDegree) else { throw ValidationError("--max-degree: a number of transfers from 1 to 1,000,000,000") }
        p.maxHops = maxHops
        p.maxDegree = maxDegree
        guard (1...1_000_000_000).contains(maxAddresses) else { throw ValidationError("--max-addresses: a number of keys from 1 to 1,000,000,000") }
        guard (1...10_000_000_000).contains(maxTransfers) else { throw ValidationError("--max-transfers: a number of transfers from 1 to 10,000,000,000") }
        p.maxAddresses = maxAddresses
        p.maxTransfers = maxTransfers
        guard let mv = Amount(minValue) else { throw ValidationError("--min-value must be a non-negative integer of base units") }
        p.minValue = mv
        try usage {
            p.since = try since.map { try TraceInputText.bound($0, "--since") }
            p.until = try until.map { try TraceInputText.bound($0, "--until") }
            p.stopAt = try TraceInputText.stopCategories(stopAt, "--stop-at")
        }
        guard let w = TraceInputText.seconds(depositWindow) else { throw ValidationError("--deposit-window: a number of seconds, or 90m, 24h, 3d, up to 100 years") }
        p.depositWindow = w
        guard let bw = TraceInputText.seconds(bridgeWindow) else { throw ValidationError("--bridge-window: a number of seconds, or 90m, 24h, 3d, up to 100 years") }
        p.bridgeWindow = bw
        guard (0..<1).contains(bridgeMaxFee) else { throw ValidationError("--bridge-max-fee: a share between 0 and 1") }
        p.bridgeMaxFee = bridgeMaxFee
        p.mixerMode = mixer
        for d in decimals {
            guard let eq = d.lastIndex(of: "="), let n = Int(d[d.index(after: eq)...]), (0...77).contains(n), eq > d.startIndex else {
                throw ValidationError("--decimals expects ASSET=N or CHAIN:ASSET=N with N from 0 to 77, got '\(d)'")
            }
            p.decimals[Address.storeForm(String(d[..<eq]))] = n
        }
        return p
    }

    /// Restates the trace layer's input errors as usage errors.
    func usage(_ body: () throws -> Void) throws {
        do { try body() } catch let e as TraceInputText.Invalid { throw ValidationError(e.description) }
    }

    /// The sources the --from specs name: files as the contract's sources CSV,
    /// `hash:index` as transfer rules, anything else as an address, on `chains`.
    /// A spec that reads as a file path but names no file, or starts with
    /// `0x` but is neither an EVM address nor `hash:index`, is an error: traced
    /// as an address, it would taint nothing and only earn a note.
    static func sources(_ specs: [String], chains: [String], role: SourceRole = .perpetrator) throws -> SourceSpec {
        var rules: [SourceSpec.Rule] = []
        for spec in specs {
            let exists = FileManager.default.fileExists(atPath: spec)
            if !exists && (spec.contains("/") || spec.lowercased().hasSuffix(".csv")) {
                throw IngestError(file: spec, line: 0, .unreadable("no such sources file"))
            }
            if exists {
                var s = SourceSpec(rules: [])
                try reportingInvalidInput { s = try SourceSpec.readForStore(path: spec) }
                rules += s.rules
            } else {
                do { rules += try TraceInputText.rules(spec, chains: chains, role: role) } catch let e as TraceInputText.Invalid {
                    throw ValidationError(e.description)
                }
            }
        }
        return SourceSpec(rules: rules)
    }

    func investigate(_ st: TransferStore, _ params: TraceParameters, _ spec: SourceSpec) throws -> TraceResult {
        let investigation = Investigation(store: st, labels: try LabelBook(store: st), parameters: params)
        investigation.progress = { Terminal.progress($0) }
        return try investigation.run(sources: spec)
    }

    func run() throws {
        let params = try parameters()
        let st = fetch == nil ? try store.open() : try store.openOrCreate()
        var result: TraceResult
        let spec: SourceSpec
        if let fetch {
            guard let chain else { throw ValidationError("--fetch: name the chain to fetch and trace with --chain") }
            spec = try Self.sources(from, chains: [chain], role: role)
            let crawl = TraceCrawl(fetch: try fetcher(fetch, chain: chain, store: st), chain: chain, maxHops: params.maxHops,
                                   progress: { Terminal.progress($0) })
            let addresses = spec.rules.filter { $0.kind == .address || $0.kind == .wholeBalance }.map(\.id)
            (result, _) = try crawl.run(sources: addresses) { try investigate(st, params, spec) }
        } else {
            if let chain { try store.requireChain(chain, in: st) }
            let chains = try chain.map { [$0] } ?? st.read { Array(try $0.chainNames().values).sorted() }
            spec = try Self.sources(from, chains: chains, role: role)
            result = try investigate(st, params, spec)
        }
        result.command = CommandLine.arguments
        result.store = store.db
        Terminal.endProgress()
        if params.direction == .forward, result.totals.allSatisfy({ $0.created == "0" && $0.crossedIn == nil }) {
            let rules = result.statistics.unresolvedSourceRules ?? []
            Terminal.error("error: the sources taint nothing: "
                           + (rules.isEmpty ? "none of them sent or received value in the window the store holds"
                                            : "the store holds no \(Terminal.shortList(rules, separator: "; "))")
                           + ". Nothing was written; check the chain (--chain), the window (--since/--until), what was loaded (fundtrace stats)"
                           + (role == .victim ? ", and --role (a victim address taints only what it receives in the window)" : "") + ".")
            throw ExitCode.failure
        }
        try TraceWriter.write(result, to: outDir)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            encoder.keyEncodingStrategy = .convertToSnakeCase
            struct Summary: Encodable { var outDir: String; var totals: [AssetTotals]; var endpoints: Int; var statistics: TraceStatistics }
            print(String(decoding: try encoder.encode(Summary(outDir: outDir, totals: result.totals, endpoints: result.endpoints.count,
                                                              statistics: result.statistics)), as: UTF8.self))
            return
        }
        Terminal.say(TraceSummary.text(result, outDir: outDir))
        if result.statistics.unresolvedSources > 0 {
            let rules = result.statistics.unresolvedSourceRules ?? []
            Terminal.error("note: \(result.statistics.unresolvedSources) of the \(spec.rules.count) source rules name a chain, address or transaction "
                           + "the store does not hold, so they taint nothing: "
                           + Terminal.shortList(rules, separator: "; "))
        }
    }
}
