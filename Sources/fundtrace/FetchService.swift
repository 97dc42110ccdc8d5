import ArgumentParser
import Foundation
import FundTraceFetch
import FundTraceModel
import FundTraceStore

extension FetchCommand {
    struct Service: ParsableArguments {
        @Option(help: "Requests per second at most.")
        var rate: Double = 5
        @Option(help: "Seconds before a request times out.")
        var timeout: Double = 30
        @Option(help: "Retries of a failed request (backoff doubles from 1 s).")
        var retries: Int = 5
        @Option(help: "Folder of fetched files (default: <db>.fetched).")
        var cache: String?
        @Option(help: "Chain the fetched transfers belong to.")
        var chain: String = "ethereum"
        @Flag(help: "Print the fetch summary as JSON.")
        var json = false

        var settings: HTTPTransport.Settings {
            var s = HTTPTransport.Settings()
            s.requestsPerSecond = rate; s.timeoutSeconds = timeout; s.retries = retries
            return s
        }

        func cacheFolder(db: String) throws -> FetchCache {
            try cache.map { try FetchCache(directory: URL(fileURLWithPath: $0)) } ?? FetchCache.beside(store: db)
        }

        /// Runs `body`; when it fails, a store and cache folder it created and left empty are removed, so that a
        /// failed first fetch leaves no empty store behind (other commands would read it as "nothing happened").
        func leavingNoEmptyStore<T>(db: String, _ body: () throws -> T) throws -> T {
            let fm = FileManager.default
            let storeExisted = fm.fileExists(atPath: db)
            let cachePath = cache ?? db + ".fetched"
            let cacheExisted = fm.fileExists(atPath: cachePath)
            do { return try body() } catch {
                if !storeExisted, (try? TransferStore(path: db, create: false).loads().isEmpty) == true {
                    for suffix in ["", "-wal", "-shm"] { try? fm.removeItem(atPath: db + suffix) }
                }
                if !cacheExisted, (try? fm.subpathsOfDirectory(atPath: cachePath).isEmpty) == true { try? fm.removeItem(atPath: cachePath) }
                throw error
            }
        }

        func report(_ summary: FetchSummary) throws {
            Terminal.endProgress()
            if json {
                let e = JSONEncoder(); e.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try e.encode(summary), as: UTF8.self))
                return
            }
            let cached = summary.queries.filter(\.cached).count
            print("\(Terminal.printable(summary.endpoint)): \(summary.queries.count) queries (\(cached) from the cache), "
                  + "\(Terminal.grouped(summary.requests)) requests, \(Terminal.grouped(summary.rowsStored)) transfers stored")
            for note in summary.notes { print("note: \(note)") }
        }
    }
}
