import ArgumentParser
import FundTraceIngest
import FundTraceRender
import FundTraceStore
import FundTraceCSV

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
        subcommands: [DemoCommand.self, LoadCommand.self, FetchCommand.self, StatsCommand.self, ExportCommand.self, LabelsCommand.self,
                      TraceCommand.self, RenderCommand.self, ReportCommand.self, TaintCommand.self, ScoreCommand.self,
                      UTXOCommand.self, SimulateCommand.self, EvaluateCommand.self, ServeCommand.self])
}

extension FundTrace {
    /// Where diagrams are laid out: in a fresh process of this executable when run as `fundtrace` (identical
    /// bytes for the same trace; see ``GraphvizRenderer``), in-process when the commands run inside tests.
    nonisolated(unsafe) static var layoutIsolation = GraphvizRenderer.Isolation.inProcess

    /// Runs the command line, restating file errors (see ``FileErrorMessage``).
    /// Exit status: 0 done; 2 an input file is missing, unreadable or breaks
    /// its format (the message names the file, and the line and column where
    /// there is one), so batch jobs can tell bad data from a failed run; 1
    /// anything else.
    static func main() {
        GraphvizWorker.runIfAsked()
        layoutIsolation = .freshProcess(executable: GraphvizWorker.currentExecutable)
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let restated = FileErrorMessage.restating(error)
            if restated is IngestError || (restated as? FileErrorMessage)?.isInput == true {
                Terminal.error("error: \(restated)")
                exit(withError: ExitCode.invalidInput)
            }
            exit(withError: restated)
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

    /// Fails unless the store holds `chain`, naming the chains it does hold:
    /// a mistyped `--chain` would otherwise read as an empty result.
    func requireChain(_ chain: String, in store: TransferStore) throws {
        let names = try store.read { Array(try $0.chainNames().values).sorted() }
        guard names.contains(chain) else {
            throw ValidationError("--chain \(chain): \(db) holds no such chain" + (names.isEmpty ? " (it holds none yet)" : "; it holds \(names.joined(separator: ", "))"))
        }
    }

    /// The store, created if missing (commands that add to it).
    func openOrCreate() throws -> TransferStore { try TransferStore(path: db) }
}

extension ExitCode {
    /// An input file that is missing, unreadable or breaks its format (see ``FundTrace/main()``).
    static let invalidInput = ExitCode(2)
}
