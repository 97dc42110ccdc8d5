import Foundation
import FundTraceRender
import Hummingbird
import Logging
import NIOCore

/// `fundtrace serve`: the workbench's settings and its Hummingbird application.
public struct WorkbenchServer: Sendable {
    public struct Settings: Sendable {
        public var db: String
        public var host = "127.0.0.1"
        public var port = 8080
        /// Required on API requests when set; always set when `host` is not a loopback address.
        public var token: String?
        public var cases: String
        public var prices = PriceTable()
        public init(db: String, cases: String? = nil) {
            self.db = db
            self.cases = cases ?? (db + ".cases")
        }
    }

    public static func isLoopback(_ host: String) -> Bool { ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host.lowercased()) }

    /// A fresh random token: 32 hex digits.
    public static func newToken() -> String { (UUID().uuidString + UUID().uuidString).replacingOccurrences(of: "-", with: "").lowercased().prefix(32).description }

    let settings: Settings
    let api: WorkbenchAPI

    public init(_ settings: Settings) throws {
        self.settings = settings
        let store = try WorkbenchStore(path: settings.db, prices: settings.prices)
        api = WorkbenchAPI(store: store, jobs: TraceJobs(store: store), cases: CaseLibrary(path: settings.cases), assets: try WebAssets())
    }

    /// The names the Host header may carry: loopback's, unless a token guards the API (see ``WorkbenchGuard``).
    var hosts: Set<String>? { settings.token == nil ? ["127.0.0.1", "localhost", "[::1]"] : nil }

    /// The router, for the server and for tests.
    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: WorkbenchGuard(token: settings.token, hosts: hosts))
        api.register(on: router)
        return router
    }

    /// Serves until interrupted; `ready` is called with the port once listening.
    public func run(ready: @escaping @Sendable (Int) -> Void) async throws {
        var logger = Logger(label: "fundtrace.serve")
        logger.logLevel = .warning
        let app = Application(router: router(), configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "FundTrace"),
                              onServerRunning: { channel in ready(channel.localAddress?.port ?? 0) }, logger: logger)
        do { try await app.runService() } catch let e as IOError where e.errnoCode == EADDRINUSE {
            throw WorkbenchServer.CannotListen(description: "cannot listen on \(settings.host):\(settings.port): the address is in use "
                                               + "(another server? choose --port, or --port 0 for any free one)")
        }
    }

    /// The server could not start listening.
    public struct CannotListen: Error, CustomStringConvertible { public var description: String }
}
