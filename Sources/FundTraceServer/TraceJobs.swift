import Foundation
import FundTraceStore
import FundTraceTaintAdapters
import FundTraceTrace

/// Traces running in the background, each on its own thread with its own connection to the store, so that the
/// bench stays responsive while one runs. A person watches a job's progress lines arrive and then its result.
/// The last ``keep`` jobs are kept; at most ``running`` run at once.
public final class TraceJobs: @unchecked Sendable {
    public enum State: String, Codable, Sendable { case running, done, failed }

    struct Job {
        var request: TraceRequest
        var state = State.running
        var progress: [String] = []
        var result: TraceResult?
        var taint: TaintIndex?
        var error: String?
        var started = Date()
        var seconds: Double?
    }

    static let keep = 20
    static let running = 2
    private let lock = NSLock()
    private var jobs: [String: Job] = [:]
    private var order: [String] = []
    let store: WorkbenchStore

    init(store: WorkbenchStore) { self.store = store }

    /// Checks the request, then starts the trace and returns its id at once.
    func start(_ request: TraceRequest) throws -> String {
        let parameters = try request.parameters()
        let spec = try request.sources(chains: store.chains)
        let id = UUID().uuidString.lowercased()
        try lock.withLock {
            guard jobs.values.filter({ $0.state == .running }).count < Self.running else {
                throw WorkbenchError(.tooManyRequests, "\(Self.running) traces are running: wait for one to finish")
            }
            jobs[id] = Job(request: request)
            order.append(id)
            while order.count > Self.keep, let old = order.first, jobs[old]?.state != .running { jobs[old] = nil; order.removeFirst() }
        }
        let thread = Thread { [self] in run(id, parameters, spec) }
        thread.stackSize = 16 << 20
        thread.start()
        return id
    }

    private func run(_ id: String, _ parameters: TraceParameters, _ spec: SourceSpec) {
        do {
            let investigation = Investigation(store: try TransferStore(path: store.path, create: false), labels: store.labels, parameters: parameters)
            investigation.progress = { [self] line in update(id) { $0.progress.append(line) } }
            var result = try investigation.run(sources: spec)
            result.store = store.path
            let taint = TaintIndex(result)
            update(id) { $0.result = result; $0.taint = taint; $0.state = .done; $0.seconds = Date().timeIntervalSince($0.started) }
        } catch {
            update(id) { $0.state = .failed; $0.error = String(describing: error); $0.seconds = Date().timeIntervalSince($0.started) }
        }
    }

    private func update(_ id: String, _ change: (inout Job) -> Void) {
        lock.withLock { if var j = jobs[id] { change(&j); if j.progress.count > 200 { j.progress.removeFirst(j.progress.count - 200) }; jobs[id] = j } }
    }

    func job(_ id: String) throws -> Job {
        guard let j = lock.withLock({ jobs[id] }) else { throw WorkbenchError.notFound("no trace \(id) (the bench keeps the last \(Self.keep))") }
        return j
    }

    /// The finished trace's result, or a 409 while it runs or after it failed.
    func result(_ id: String) throws -> TraceResult {
        let j = try job(id)
        guard let r = j.result else { throw WorkbenchError(.conflict, j.state == .failed ? "trace \(id) failed: \(j.error ?? "")" : "trace \(id) is still running") }
        return r
    }

    /// The taint of trace `id` per transfer, when it has finished (nil without an id).
    func taint(_ id: String?) throws -> TaintIndex? {
        guard let id, !id.isEmpty else { return nil }
        _ = try result(id)
        return try job(id).taint
    }
}
