import ArgumentParser
import FundTraceIngest
import FundTraceStore
import FundTraceCSV

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write what the store holds in an exchange format.",
        subcommands: [ExportTransfers.self, ExportUTXO.self])

    struct ExportTransfers: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "transfers",
            abstract: "Account transfers as the taint contract's canonical CSV (§3.1), in (block, tx_index, log_index) order.")

        @OptionGroup var options: ExportOptions

        func run() throws {
            try options.export(what: "transfers") { try CanonicalTransfersExporter.export(store: $0, chain: options.chain, to: $1, progress: $2) }
        }
    }

    struct ExportUTXO: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "utxo",
            abstract: "UTXO transactions as the taint contract's canonical CSV (§4.1), in (block, tx_index) order.",
            discussion: """
                Inputs spending a stored output leave address and amount empty; inputs spending an output the \
                store does not hold carry the address and value their source data gave (unknown history, §4.1).
                """)

        @OptionGroup var options: ExportOptions

        func run() throws {
            let n = try options.export(what: "transactions") { try CanonicalUTXOExporter.export(store: $0, chain: options.chain, to: $1, progress: $2) }
            if n == 0 { Terminal.error("note: the store holds no UTXO transactions\(options.chain.map { " on \($0)" } ?? "")") }
        }
    }
}

/// What every export takes: the store, the output file and a chain filter.
struct ExportOptions: ParsableArguments {
    @OptionGroup var store: StoreOption
    @Option(name: [.short, .customLong("output")], help: "Output file ('-' for standard output).")
    var output: String = "-"
    @Option(help: "Only this chain.") var chain: String?

    /// Opens the store and the output, runs `body` (store, writer, progress)
    /// with a progress line counting `what`, and says how many were written.
    @discardableResult
    func export(what: String, _ body: (TransferStore, CSVWriter, @escaping (Int) -> Void) throws -> Int) throws -> Int {
        let st = try store.open()
        if let chain { try store.requireChain(chain, in: st) }
        // The canonical formats are exchange formats: they round-trip byte for byte, so no formula guard.
        let out = try CSVWriter(path: output, formulaGuard: false)
        let n = try body(st, out) { Terminal.progress("wrote \(Terminal.grouped($0)) \(what)") }
        try out.close()
        Terminal.endProgress()
        if output != "-" { Terminal.say("wrote \(Terminal.grouped(n)) \(what) to \(output)") }
        return n
    }
}
