import ArgumentParser
import Foundation
import FundTraceRender
import FundTraceServer

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Open the investigator's workbench: a web app over the store, in your browser.",
        discussion: """
            Serves a single-page app and its JSON API (Hummingbird) over the store, on 127.0.0.1 unless --host says \
            otherwise. Search an address, a transaction hash or a label; read an address's history a page at a time \
            (window, asset, minimum value); run a trace and watch it arrive, with the freeze list per exchange, the \
            endpoints and the crossings with their evidence; put addresses on the canvas, expand their senders or \
            receivers on click, hide, pin, find a path between two, annotate; save the case to the case folder and \
            reopen it; export the canvas as SVG, PDF or DOT and the trace's report. Edges show amount, asset, the \
            trace's exact taint and, with --prices, USD.

            Nothing is written but case files, in --cases (default: STORE.cases). The app loads nothing from anywhere \
            but this server. Listening beyond loopback (--host) requires a token, generated unless --token gives one: \
            open the printed address, which carries it.
            """)

    @OptionGroup var store: StoreOption
    @Option(help: "Address to listen on (default 127.0.0.1, this machine only; anything else requires a token).") var host = "127.0.0.1"
    @Option(help: "Port (0: any free port; the address is printed).") var port = 8080
    @Option(help: ArgumentHelp("The token API requests must carry (default: a new random one when --host is not loopback).", valueName: "token"))
    var token: String?
    @Option(help: ArgumentHelp("Folder for case files (default: the store's path + .cases).", valueName: "dir")) var cases: String?
    @Option(help: ArgumentHelp("Daily USD prices, CSV date,chain,asset,usd: dollar values on edges and in reports.", valueName: "file"))
    var prices: String?

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port: 0 to 65535") }
        if let token, token.count < 16 || !token.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) {
            throw ValidationError("--token: at least 16 ASCII letters, digits, '-' or '_'")
        }
    }

    func run() throws {
        _ = try store.open()
        var settings = WorkbenchServer.Settings(db: store.db, cases: cases)
        settings.host = host
        settings.port = port
        settings.token = token ?? (WorkbenchServer.isLoopback(host) ? nil : WorkbenchServer.newToken())
        if let prices { try reportingInvalidInput { settings.prices = try PriceTable.read(path: prices) } }
        let server = try WorkbenchServer(settings)
        let (db, caseFolder, token) = (settings.db, settings.cases, settings.token)
        let done = DispatchSemaphore(value: 0)
        let failure = FailureBox()
        let shown = host.contains(":") ? "[\(host)]" : host
        Task {
            do {
                try await server.run { port in
                    let address = "http://\(shown):\(port)/" + (token.map { "#token=\($0)" } ?? "")
                    // Written straight to the descriptor, not through stdio's buffer: whoever started the server waits for this line.
                    let line = "FundTrace workbench on \(address)  (store \(Terminal.printable(db)), cases in \(Terminal.printable(caseFolder)); Ctrl-C stops)\n"
                    FileHandle.standardOutput.write(Data(line.utf8))
                }
            } catch { failure.error = error }
            done.signal()
        }
        done.wait()
        if let e = failure.error as? WorkbenchServer.CannotListen {
            Terminal.error("error: \(e)")
            throw ExitCode.failure
        }
        if let e = failure.error { throw e }
    }
}

/// The server task's error, handed back to the command's thread.
private final class FailureBox: @unchecked Sendable { var error: Error? }
