import ArgumentParser
import FundTraceIngest
import FundTraceStore

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write what the store holds in an exchange format.",
        subcommands: [ExportTransfers.self])

    struct ExportTransfers: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "transfers",
            abstract: "Account transfers as the taint contract's canonical CSV (§3.1), in (block, tx_index, log_index) order.")

        @OptionGroup var store: StoreOption
        @Option(name: [.short, .customLong("output")], help: "Output file ('-' for standard output).")
        var output: String = "-"
        @Option(help: "Only this chain.") var chain: String?

        func run() throws {
            let st = try store.open()
            if let chain { try store.requireChain(chain, in: st) }
            let out = try CSVWriter(path: output)
            let n = try CanonicalTransfersExporter.export(store: st, chain: chain, to: out) { n in
                Terminal.progress("wrote \(Terminal.grouped(n)) transfers")
            }
            try out.close()
            Terminal.endProgress()
            if output != "-" { print("wrote \(Terminal.grouped(n)) transfers to \(output)") }
        }
    }
}
