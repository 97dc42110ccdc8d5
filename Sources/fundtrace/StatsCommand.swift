import ArgumentParser
import Foundation
import FundTraceStore

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "Summarise what the store holds.",
        discussion: """
            First runs SQLite's quick check over the whole store (about a second per few million transfers): a damaged \
            store is reported as such, with exit status 1, rather than summarised with wrong numbers.
            """)

    @OptionGroup var store: StoreOption
    @Flag(help: "Print JSON.") var json = false
    @Flag(help: "Skip SQLite's quick check of the whole store (faster on a very large store).") var noCheck = false

    func run() throws {
        let st = try store.open()
        if !noCheck {
            let damage = try st.damage()
            if !damage.isEmpty { throw StoreError.damaged(path: store.db, findings: damage) }
        }
        let (stats, volumes, labels) = try st.read { r in (try r.statistics(), try r.volumeByAsset(), try r.labelCounts()) }
        let loads = try st.loads()
        let fetches = try st.fetches()
        if json {
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys]
            enc.keyEncodingStrategy = .convertToSnakeCase
            struct Volume: Encodable { var chain: String; var asset: String; var symbol: String?; var decimals: Int?; var transfers: Int; var total: String }
            struct Output: Encodable { var store: String; var statistics: StoreStatistics; var volumes: [Volume]; var loads: [LoadRecord]; var fetches: [FetchRecord]; var labels: [String: Int] }
            let out = Output(store: store.db, statistics: stats,
                             volumes: volumes.map { Volume(chain: $0.chain, asset: $0.asset, symbol: $0.symbol, decimals: $0.decimals, transfers: $0.transfers,
                                                           total: $0.total.description) },
                             loads: loads, fetches: fetches, labels: Dictionary(labels.map { ($0.category, $0.count) }, uniquingKeysWith: +))
            print(String(decoding: try enc.encode(out), as: UTF8.self))
            return
        }
        Terminal.say("store \(store.db)")
        Terminal.say("  addresses \(Terminal.grouped(stats.addresses)), transactions \(Terminal.grouped(stats.transactions)), transfers \(Terminal.grouped(stats.transfers)), UTXO outputs \(Terminal.grouped(stats.utxoOutputs)), UTXO inputs \(Terminal.grouped(stats.utxoInputs)), loads \(stats.loads)")
        for c in stats.chains {
            var line = "  chain \(c.name) (\(c.model)): \(Terminal.grouped(c.transactions)) transactions"
            if c.transfers > 0 { line += ", \(Terminal.grouped(c.transfers)) transfers (native \(Terminal.grouped(c.nativeTransfers)), internal \(Terminal.grouped(c.internalTransfers)), token \(Terminal.grouped(c.tokenTransfers)))" }
            if c.utxoOutputs > 0 { line += ", \(Terminal.grouped(c.utxoOutputs)) outputs, \(Terminal.grouped(c.utxoInputs)) inputs" }
            if let f = c.firstBlock, let l = c.lastBlock { line += ", blocks \(f)–\(l)" }
            Terminal.say(line)
        }
        if !volumes.isEmpty {
            Terminal.say("  volume by asset (successful transfers):")
            for v in volumes {
                // Symbols come from token contracts: untrusted, so made printable.
                let name = AssetText.name(symbol: v.symbol, code: v.asset)
                let amount = AssetText.amount(v.total.description, symbol: v.symbol, code: v.asset, decimals: v.decimals)
                Terminal.say("    " + Terminal.printable("\(v.chain) \(name): \(Terminal.grouped(v.transfers)) transfers, \(amount)"))
            }
        }
        if !labels.isEmpty {
            Terminal.say("  labels: " + labels.map { "\($0.category) \(Terminal.grouped($0.count))" }.joined(separator: ", "))
        }
        if !loads.isEmpty {
            Terminal.say("  loads:")
            for l in loads {
                Terminal.say("    #\(l.id) \(l.file) [\(l.format)] sha256 \(l.sha256.prefix(12))… read \(l.rowsRead), stored \(l.rowsStored), duplicate \(l.rowsDuplicate), skipped \(l.rowsSkipped), rejected \(l.rowsRejected)")
            }
        }
        if !fetches.isEmpty {
            Terminal.say("  fetched:")
            for f in fetches {
                Terminal.say("    " + Terminal.printable("load #\(f.loadID) \(f.endpoint) \(f.query): \(f.requests) requests at \(f.fetchedAt)"))
            }
        }
    }
}
