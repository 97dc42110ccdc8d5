import ArgumentParser
import Foundation
import FundTraceIngest
import FundTraceModel
import FundTraceStore
import FundTraceTaint
import FundTraceCSV
import FundTraceTaintAdapters

struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Taint exposure of every address in the store (or a list) against theft / sanction sources.",
        discussion: """
            Sweeps every stored account transfer once, in order, under the chosen policy, and writes one row \
            per (chain, address, asset): balance, tainted_received, tainted_held, held_ratio, exposure, ... and \
            hops, the distance from the nearest source along tainted transfers. The numbers equal those of \
            `fundtrace taint account` run on `fundtrace export transfers` of the same store.

            UTXO chains (Bitcoin and the like) are swept too, transaction by transaction, with one row per \
            (chain, address) and the asset left empty; those rows equal `fundtrace taint utxo` run on \
            `fundtrace export utxo`. A UTXO chain whose data the contract rejects (say, inputs of unknown \
            history without a value) is left out and named, with the reason; the other chains are scored.
            """)

    @OptionGroup var store: StoreOption
    @Option(help: "Sources CSV (type,chain,id,asset,start_block); addresses and hashes are matched case-insensitively for EVM.")
    var sources: String
    @Option(help: "poison, haircut, fifo, lifo or tiho.") var policy: TaintPolicy = .haircut
    @Option(help: "Only report these addresses: a file with one address per line, or a comma-separated list.")
    var addresses: String?
    @Option(name: [.short, .customLong("output")], help: "Output CSV ('-' for standard output).")
    var output: String = "-"
    @Option(help: ArgumentHelp("Also write the sweep's totals as JSON: the keys of `taint account --summary` (decimal strings), plus policy, transfers, utxo_transactions, ledger_keys, skipped_chains, held_by_asset, unresolved_sources (rules naming what the store does not hold), inapplicable_sources (rules of a kind their chain does not have) and, with --addresses, unmatched_addresses.", valueName: "file"))
    var summary: String?

    func run() throws {
        var spec = SourceSpec(rules: [])
        try reportingInvalidInput { spec = try SourceSpec.readForStore(path: sources) }
        var only: Set<String>?
        if let addresses {
            let text = FileManager.default.fileExists(atPath: addresses) ? try String(contentsOfFile: addresses, encoding: .utf8) : addresses
            only = Set(text.split(whereSeparator: { $0 == "\n" || $0 == "," || $0 == "\r" })
                .map { Address.storeForm(String($0).trimmingCharacters(in: .whitespaces)) }.filter { !$0.isEmpty })
        }
        let st = try store.open()
        let out = try CSVWriter(path: output)
        let start = Date()
        let result = try StoreScorer.score(store: st, sources: spec, policy: policy, addresses: only, to: out) { n in
            Terminal.progress("scored \(Terminal.grouped(n)) transfers and transactions, \(Int(Double(n) / Date().timeIntervalSince(start)))/s")
        }
        try out.close()
        Terminal.endProgress()
        if result.transfers == 0 && result.utxoTransactions == 0 {
            Terminal.error("note: the store holds no transfers or UTXO transactions, so there is nothing to score; `fundtrace load` adds them")
        } else if !result.unresolvedSources.isEmpty {
            Terminal.error("note: \(result.unresolvedSources.count) of the \(spec.rules.count) source rules name a chain, address or transaction "
                           + "the store does not hold, so they taint nothing: " + Terminal.shortList(result.unresolvedSources.map(\.description), separator: "; "))
        }
        if !result.inapplicableSources.isEmpty {
            Terminal.error("note: \(result.inapplicableSources.count) source rules are of a kind their chain does not have (transfer and whole_balance "
                           + "are for account chains, outpoint for UTXO chains), so they taint nothing: "
                           + Terminal.shortList(result.inapplicableSources.map(\.description), separator: "; "))
        }
        for (chain, reason) in result.skippedUTXOChains {
            Terminal.error("note: \(chain) was not scored, because the contract rejects its data: \(reason)")
        }
        if !result.unmatchedAddresses.isEmpty {
            Terminal.error("note: \(result.unmatchedAddresses.count) of the \(only?.count ?? 0) listed addresses have no transfers in the store, so no rows: "
                           + Terminal.shortList(result.unmatchedAddresses, separator: ", "))
        }
        if let summary { try (summaryJSON(result) + Data("\n".utf8)).write(to: URL(fileURLWithPath: summary)) }
        if output != "-" {
            let utxo = result.utxoTransactions == 0 ? "" : " and \(Terminal.grouped(result.utxoTransactions)) UTXO transactions"
            print("\(policy.rawValue): swept \(Terminal.grouped(result.transfers)) transfers\(utxo) over \(Terminal.grouped(result.keys)) ledger keys; wrote \(output)")
            let units = try assetUnits(st)
            for a in result.heldByAsset {
                // A UTXO chain's rows have no asset: its units are the chain's native coin.
                let native = ChainInfo.named(a.chain)
                let unit = a.asset.isEmpty ? (symbol: native.nativeSymbol, decimals: native.nativeDecimals) : units[a.chain + "\u{0}" + a.asset]
                let code = a.asset.isEmpty ? native.nativeSymbol : a.asset
                let amount = AssetText.amount(a.held, symbol: unit?.symbol, code: code, decimals: unit?.decimals ?? nil)
                let name = AssetText.name(symbol: unit?.symbol, code: code)
                print("  " + Terminal.printable("\(a.chain) \(name): \(amount) of taint held by \(Terminal.grouped(a.holders)) keys"))
            }
            if result.heldByAsset.isEmpty { print("  no taint held") }
        }
    }

    /// Symbol and decimals of every asset the store knows, by chain name and
    /// asset code, so the printed totals read in human units too.
    func assetUnits(_ store: TransferStore) throws -> [String: (symbol: String?, decimals: Int?)] {
        try store.read { reader in
            let chains = try reader.chainNames()
            var units: [String: (symbol: String?, decimals: Int?)] = [:]
            for a in try reader.assetDetails().values {
                if let chain = chains[a.chainID] { units[chain + "\u{0}" + a.code] = (a.symbol, a.decimals) }
            }
            return units
        }
    }

    /// The totals for `--summary`: every amount a decimal string, as the conformance summary writes them.
    func summaryJSON(_ result: StoreScorer.Result) throws -> Data {
        var object: [String: Any] = Dictionary(uniqueKeysWithValues: result.summaryFields.map { ($0.key, $0.value as Any) })
        object["policy"] = policy.rawValue
        object["transfers"] = result.transfers
        object["utxo_transactions"] = result.utxoTransactions
        object["ledger_keys"] = result.keys
        if addresses != nil { object["unmatched_addresses"] = result.unmatchedAddresses }
        func rule(_ r: SourceSpec.Rule) -> [String: String] {
            var o = ["type": r.kind.rawValue, "chain": r.chain, "id": r.id]
            if let a = r.asset { o["asset"] = a }
            return o
        }
        object["unresolved_sources"] = result.unresolvedSources.map(rule)
        object["inapplicable_sources"] = result.inapplicableSources.map(rule)
        object["skipped_chains"] = result.skippedUTXOChains.map { ["chain": $0.chain, "reason": $0.reason] }
        object["held_by_asset"] = result.heldByAsset.map { ["chain": $0.chain, "asset": $0.asset, "held": $0.held, "holders": $0.holders] as [String: Any] }
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])
    }

}
