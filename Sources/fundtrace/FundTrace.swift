import ArgumentParser

@main
struct FundTrace: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fundtrace",
        abstract: "Trace stolen funds through on-chain transfer graphs.",
        discussion: """
            Load chain exports into a SQLite store, follow taint under the policy you choose, \
            and export what the store holds. Amounts are exact integers in base units (wei, satoshi).
            """,
        version: "0.1.0",
        subcommands: [DemoCommand.self, SimulateCommand.self, EvaluateCommand.self, UTXOCommand.self, LoadCommand.self, StatsCommand.self, ExportCommand.self,
                      TaintCommand.self, ScoreCommand.self, LabelsCommand.self, TraceCommand.self, RenderCommand.self, ReportCommand.self])
}

/// `--db` shared by every command that works on a store.
struct StoreOption: ParsableArguments {
    @Option(name: .long, help: "SQLite store file (created if missing).")
    var db: String = "fundtrace.sqlite"
}
