import ArgumentParser
import Foundation
import FundTraceSimulation

extension CoinStatsScenario.Scale: ExpressibleByArgument {}
extension LaunderingScenario.Scale: ExpressibleByArgument {}

/// Prints a case summary as one line of JSON, keys sorted and in snake case.
func printJSON(_ value: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Generate synthetic theft cases with ground truth.",
        subcommands: [CoinStatsSimulation.self, LaunderingSimulation.self])
}

struct CoinStatsSimulation: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coinstats",
        abstract: "A synthetic reconstruction of the June 2024 CoinStats theft, with ground truth.",
        discussion: """
            1,590 wallets on ethereum, bsc and polygon drained of about $2.2M in native coins and stablecoins from \
            18:00 UTC on 22 June 2024; gas funding of the drainers; consolidation; DEX swaps of the stablecoins; \
            splits and peel chains; Tornado-like pools that innocent users also use; a bsc → ethereum bridge hop; \
            cash-out into exchange deposit addresses that sweep to hot wallets; innocent traffic several times larger. \
            Addresses and hashes are visibly synthetic (0xa77ac4… attacker, 0x71c7… victims, 0xde9051… deposit \
            addresses, 0xc0157a75… transactions). The same seed and scale give the same case, byte for byte.

            Writes into DIR: ethereum/, bsc/, polygon/ (ethereum-etl transactions.csv with receipt columns, \
            token_transfers.csv, traces.csv, tokens.csv), labels.csv (the services only), sources.csv (the theft \
            transfers) and truth/ (attackers.csv, cashouts.csv, summary.json) for `fundtrace evaluate`.
            """)

    @Option(help: "Random seed.") var seed: UInt64 = 2024
    @Option(help: "small (about 20 k transactions), medium (about 1 M transfers) or large (about 10 M).")
    var scale: CoinStatsScenario.Scale = .small
    @Option(help: "Directory to write the case into (created).") var outDir: String
    @Flag(help: "Print the summary as JSON.") var json = false

    func run() throws {
        var scenario = CoinStatsScenario(seed: seed, scale: scale)
        scenario.progress = { Terminal.progress($0) }
        let s = try scenario.generate(to: outDir)
        Terminal.endProgress()
        if json { return try printJSON(s) }
        print("CoinStats-like case (synthetic), seed \(s.seed), scale \(s.scale) → \(outDir)")
        print("  \(Terminal.grouped(s.victims)) victim wallets drained of $\(Terminal.grouped(Int(s.stolenUSD))) in \(Terminal.grouped(s.theftTransfers)) theft transfers")
        for chain in s.transactions.keys.sorted() {
            print("  \(chain): \(Terminal.grouped(s.transactions[chain]!)) transactions, \(Terminal.grouped(s.transfers[chain]!)) value transfers")
        }
        print("  truth: \(s.attackerAddresses) attacker addresses, \(s.cashoutAddresses) cash-out deposit addresses")
    }
}

struct LaunderingSimulation: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "laundering",
        abstract: "A theft laundered in a randomised world, with ground truth: for measuring the tracer on data it was not built around.",
        discussion: """
            Every world parameter comes from the seed: 2–3 chains with random names (some unknown to FundTrace), a \
            stablecoin with 6 or 18 decimals that no input states, 3–6 exchanges whose deposit addresses sweep after a \
            random delay, a bridge charging a rate with a fixed minimum fee and used by many innocent users, a \
            fixed-denomination mixer with a random share of relayed withdrawals, peel chains of random length and \
            ratio, bridge hops and mixer rounds, cash-out into exchange accounts the attacker reuses.

            Writes into DIR: transfers.csv (canonical CSV with a gas_price column), pool-events.csv, labels.csv (the \
            services only), sources.csv (the theft transfers) and truth/ for `fundtrace evaluate`:

              fundtrace load --db D DIR/transfers.csv DIR/pool-events.csv
              fundtrace labels import --db D DIR/labels.csv
              fundtrace trace --db D --from DIR/sources.csv --out-dir T
              fundtrace evaluate --truth DIR T
            """)

    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: "small (40–120 victims) or coinstats (about 1,590 victims).") var scale: LaunderingScenario.Scale = .small
    @Option(help: "Directory to write the case into (created).") var outDir: String
    @Flag(help: "Print the summary as JSON.") var json = false

    func run() throws {
        let s = try LaunderingScenario(seed: seed, scale: scale).generate(to: outDir)
        if json { return try printJSON(s) }
        print("laundering case (synthetic), seed \(s.seed), scale \(s.scale) → \(outDir)")
        print("  chains \(s.chains.joined(separator: ", ")); \(Terminal.grouped(s.victims)) victims; \(Terminal.grouped(s.transfers)) transfers")
        print("  truth: \(s.cashoutAddresses) cash-out deposit addresses")
        for (k, v) in s.parameters.sorted(by: { $0.key < $1.key }) { print("  \(k): \(v)") }
    }
}
