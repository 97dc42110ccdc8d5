import Foundation
import FundTraceTaint
import FundTraceCSV

/// A bounded, blocking hand-off of batches from one producing thread to one
/// consuming thread, in order.
///
/// Exists so a store sweep uses two cores: SQLite steps and decodes rows on
/// its own thread while the taint engine runs on another. At most `capacity`
/// batches wait at a time, so memory stays bounded however long the sweep;
/// emptied batches go back to the producer with their storage kept, so a
/// sweep allocates a handful of buffers, not one per batch.
final class BatchPipe<Element>: @unchecked Sendable {
    private let condition = NSCondition()
    private var full: [[Element]] = []
    private var empty: [[Element]] = []
    private var finished = false
    private let capacity: Int

    init(capacity: Int) {
        precondition(capacity > 0)
        self.capacity = capacity
    }

    /// An empty batch for the producer to fill: a recycled one when there is one.
    func emptyBatch() -> [Element] {
        condition.lock(); defer { condition.unlock() }
        return empty.popLast() ?? []
    }

    /// Hands `batch` to the consumer; blocks while `capacity` batches wait.
    func put(_ batch: [Element]) {
        condition.lock(); defer { condition.unlock() }
        while full.count >= capacity { condition.wait() }
        full.append(batch)
        condition.broadcast()
    }

    /// No more batches will come (call it also when the producer fails).
    func finish() {
        condition.lock(); defer { condition.unlock() }
        finished = true
        condition.broadcast()
    }

    /// The next batch in order, waiting for it; nil once the producer finished and every batch was taken.
    func take() -> [Element]? {
        condition.lock(); defer { condition.unlock() }
        while full.isEmpty && !finished { condition.wait() }
        if full.isEmpty { return nil }
        let batch = full.removeFirst()
        condition.broadcast()
        return batch
    }

    /// Returns a processed batch's storage to the producer.
    func recycle(_ batch: inout [Element]) {
        batch.removeAll(keepingCapacity: true)
        condition.lock(); defer { condition.unlock() }
        if empty.count < capacity + 1 { empty.append(batch) }
        batch = []
    }
}
