import ArgumentParser
import Foundation
import FundTraceFetch
import FundTraceModel
import FundTraceStore

struct FetchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Fetch transfers from a node or an explorer API into the store.",
        discussion: """
            What is fetched is kept as ethereum-etl JSON lines in <db>.fetched/ (or --cache) and loaded like an \
            export, with its provenance (endpoint without secrets, query, requests, time) in the store's fetch \
            records: a query already answered is not sent again, so an interrupted fetch resumes and a repeated \
            one sends nothing. Requests are paced (--rate), time out (--timeout) and are retried with backoff on \
            rate limits, 5xx answers and dropped connections; a malformed answer stops the fetch, naming the \
            endpoint and the query, with nothing of it stored.
            """,
        subcommands: [RPCBlocks.self, EtherscanAddress.self, EsploraHistory.self])
}
