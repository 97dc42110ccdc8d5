import ArgumentParser
import FundTraceStore

@main
struct FundTrace: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fundtrace",
        abstract: "Trace stolen funds through on-chain transfer graphs.",
        discussion: """
            Load chain exports into a SQLite store, label it, trace stolen funds under the taint policy you choose \
            (across swaps, bridges and mixers) to the endpoints where they can be acted on, draw and report the trace, \
            and score exposure in batch. Amounts are exact integers in base units (wei, satoshi). \
            Start with `fundtrace demo`.
            """,
        version: "0.1.0",
        subcommands: [DemoCommand.self, LoadCommand.self, StatsCommand.self, ExportCommand.self, LabelsCommand.self,
                      TraceCommand.self, RenderCommand.self, ReportCommand.self, TaintCommand.self, ScoreCommand.self,
                      UTXOCommand.self, SimulateCommand.self, EvaluateCommand.self])
}

extension FundTrace {
    /// Runs the command line, restating file errors (see ``FileErrorMessage``).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            exit(withError: FileErrorMessage.restating(error))
        }
    }
}

/// `--db` shared by every command that works on a store.
struct StoreOption: ParsableArguments {
    @Option(name: .long, help: "SQLite store file (`load` and `labels import` create it; other commands need it to exist).")
    var db: String = "fundtrace.sqlite"

    /// The existing store: commands that only read fail on a mistyped path
    /// instead of answering from a new empty store.
    func open() throws -> TransferStore { try TransferStore(path: db, create: false) }

    /// The store, created if missing (commands that add to it).
    func openOrCreate() throws -> TransferStore { try TransferStore(path: db) }
}
