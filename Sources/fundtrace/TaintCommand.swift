import ArgumentParser
import Foundation
import FundTraceIngest
import FundTraceTaint
import FundTraceCSV
import FundTraceTaintAdapters

extension TaintPolicy: ExpressibleByArgument {}

/// The taint contract's conformance interface (TAINT_SEMANTICS.md §9).
struct TaintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "taint",
        abstract: "Run the taint contract directly on canonical CSV files (conformance interface).",
        subcommands: [Account.self, UTXO.self])

    struct Account: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Account model: transfers CSV (§3.1) + sources CSV (§3.5) → per-transfer, per-key and summary outputs.",
            discussion: """
                Validates the whole file before writing anything, so it holds every row in memory (measured: 2.1 GB \
                and 36–42 s for 5 million rows). To score a whole store, use `fundtrace score`: one pass, memory per \
                ledger key, the same numbers.

                With --presorted the file must already be in the contract's order (each chain's rows together, by \
                block, tx_index, log_index, as `fundtrace export transfers` and the Spark job write it): it is swept \
                as it is read, in memory per ledger key, with the same per-key output and summary; a row out of order \
                stops the run. What the Spark job's workers run.
                """)
        @Option(help: "Transfers CSV: chain,tx_hash,block,tx_index,log_index,timestamp,from,to,asset,amount,fee") var transfers: String
        @Option(help: "Sources CSV: type,chain,id,asset,start_block") var sources: String
        @Option(help: "poison, haircut, fifo, lifo or tiho.") var policy: TaintPolicy
        @Option(help: "Per-transfer output CSV (left out: no per-transfer output, as a batch scorer wants).") var outTransfers: String?
        @Option(help: "Per-key output CSV.") var outAddresses: String
        @Option(help: "Summary JSON.") var summary: String
        @Flag(help: "The transfers are in the contract's order already: sweep them as they are read (needs no per-transfer output).")
        var presorted = false
        @Option(help: ArgumentHelp("With --presorted: stop, naming how far it got, once resident memory passes this.", valueName: "MiB"))
        var memoryLimit: Int?

        func validate() throws {
            if presorted && outTransfers != nil { throw ValidationError("--presorted writes no per-transfer output: leave out --out-transfers") }
            if memoryLimit != nil && !presorted { throw ValidationError("--memory-limit applies to --presorted runs") }
            if let m = memoryLimit, m <= 0 { throw ValidationError("--memory-limit must be a positive number of MiB") }
        }

        func run() throws {
            if presorted {
                try reportingInvalidInput {
                    let ignored = try PresortedAccountSweep.run(transfersPath: transfers, sourcesPath: sources, policy: policy,
                                                                outputs: .init(transfers: nil, addresses: outAddresses, summary: summary),
                                                                memoryLimit: memoryLimit.map { $0 << 20 }) {
                        showProgress($0, file: transfers, swept: "transfers", written: "transfer rows")
                    }
                    Terminal.endProgress()
                    noteIgnored(ignored, in: sources, model: "UTXO")
                }
                return
            }
            try reportingInvalidInput {
                let ignored = try AccountConformance.run(transfersPath: transfers, sourcesPath: sources, policy: policy,
                                                         outputs: .init(transfers: outTransfers, addresses: outAddresses, summary: summary)) {
                    showProgress($0, file: transfers, swept: "transfers", written: "transfer rows")
                }
                Terminal.endProgress()
                noteIgnored(ignored, in: sources, model: "UTXO")
            }
        }
    }

    struct UTXO: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "utxo",
            abstract: "UTXO model: transactions CSV (§4.1) + sources CSV (§4.3) → per-output, per-address and summary outputs.")
        @Option(help: "Transactions CSV: chain,tx_hash,block,tx_index,timestamp,io,n,address,amount,prev_tx_hash,prev_n") var transactions: String
        @Option(help: "Sources CSV: type,chain,id,asset,start_block") var sources: String
        @Option(help: "poison, haircut, fifo, lifo or tiho.") var policy: TaintPolicy
        @Option(help: "Per-output output CSV (with one fee row per transaction).") var outOutputs: String
        @Option(help: "Per-address output CSV.") var outAddresses: String
        @Option(help: "Summary JSON.") var summary: String

        func run() throws {
            try reportingInvalidInput {
                let ignored = try UTXOConformance.run(transactionsPath: transactions, sourcesPath: sources, policy: policy,
                                                      outOutputs: outOutputs, outAddresses: outAddresses, summaryPath: summary) {
                    showProgress($0, file: transactions, swept: "transactions", written: "address rows")
                }
                Terminal.endProgress()
                noteIgnored(ignored, in: sources, model: "account")
            }
        }
    }
}

/// A conformance run's progress line.
private func showProgress(_ p: ConformanceProgress, file: String, swept: String, written: String) {
    switch p {
    case .read(let n): Terminal.progress("read \(Terminal.grouped(n)) rows of \(Terminal.printable(file))")
    case .swept(let n, let total): Terminal.progress("swept \(Terminal.grouped(n)) of \(Terminal.grouped(total)) \(swept)")
    case .written(let n, let total): Terminal.progress("wrote \(Terminal.grouped(n)) of \(Terminal.grouped(total)) \(written)")
    }
}

/// Says which source rules the run's model has no use for (one sources file
/// may serve both models), so that a rule that marked nothing is not a surprise.
private func noteIgnored(_ ignored: [(kind: SourceSpec.Kind, count: Int)], in file: String, model: String) {
    guard !ignored.isEmpty else { return }
    let what = ignored.map { "\($0.count) \($0.kind.rawValue)" }.joined(separator: " and ")
    Terminal.error("note: \(Terminal.printable(file)): ignored \(what) rule\(ignored.map(\.count).reduce(0, +) == 1 ? "" : "s"), which only the \(model) model uses")
}

/// Invalid input (§9): the file:line:column message on standard error and
/// exit status 2 (see ``FundTrace/main()``), raised inside `run` so that
/// tests and callers see the status too.
func reportingInvalidInput(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let e as IngestError {
        Terminal.error("error: \(e)")
        throw ExitCode.invalidInput
    }
}
