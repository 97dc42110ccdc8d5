import HeapModule

/// The events of a simulation, run in time order; an event may schedule later
/// ones (a deposit address sweeps some hours after it is paid).
///
/// Complexity: O(log n) to schedule and to run each event.
final class EventQueue {
    private struct Event: Comparable {
        var time: Int64
        var seq: UInt64
        var run: () -> Void
        static func < (a: Event, b: Event) -> Bool { (a.time, a.seq) < (b.time, b.seq) }
        static func == (a: Event, b: Event) -> Bool { (a.time, a.seq) == (b.time, b.seq) }
    }

    private var heap = Heap<Event>()
    private var seq: UInt64 = 0
    /// The time of the event being run.
    private(set) var now: Int64 = .min

    /// Schedules `run` at `time` (never before the event being run).
    func at(_ time: Int64, _ run: @escaping () -> Void) {
        seq += 1
        heap.insert(Event(time: max(time, now), seq: seq, run: run))
    }

    func runAll() {
        while let e = heap.popMin() {
            now = e.time
            e.run()
        }
    }
}
