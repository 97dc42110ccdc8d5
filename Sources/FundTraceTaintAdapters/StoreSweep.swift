import Foundation
import FundTraceModel
import FundTraceStore
import FundTraceTaint
import FundTraceCSV

/// One ordered sweep of a store's account transfers through the taint engine:
/// the core of ``StoreScorer``.
///
/// Two threads share the work. The calling thread (SQLite's) steps the query,
/// decodes each row and gives its source verdict; the engine's thread maps
/// store keys to engine keys and runs the engine. They meet in a bounded
/// ``BatchPipe``, so memory stays O(keys). Within a batch the engine's thread
/// knows the coming transfers, so it prefetches their records as the
/// benchmark's sweep does (see ``AccountTaintEngine/prefetch(sender:)``).
final class StoreSweep<P: AccountTaintPolicy> {
    /// A stored transfer with its source verdict, as the reading thread hands it over.
    typealias Row = (transfer: TransferRow, marked: Bool)

    let engine = AccountTaintEngine<P>()
    /// Each engine key's store key, in engine-key order (the order of first appearance).
    private(set) var keys: [(address: Int64, chainID: Int64, assetID: Int64)] = []
    private(set) var transfers = 0
    private var index: LedgerKeyIndex
    let sources: ResolvedSources
    /// Engine keys of the batch in hand.
    private var senders: [Int] = [], recipients: [Int] = []

    /// `keyBound`: an upper bound on the store's ledger keys, to size the tables once.
    init(sources: ResolvedSources, keyBound: Int) {
        self.sources = sources
        engine.reserveKeys(keyBound)
        index = LedgerKeyIndex(capacity: keyBound)
        keys.reserveCapacity(keyBound)
    }

    /// Sweeps every account transfer of `reader` in the contract's order
    /// (once: the key index is freed at the end).
    /// `progress` is called on the engine's thread with the transfers done,
    /// about every 100,000. Rethrows the reader's errors once the engine's
    /// thread has stopped.
    func run(reader: StoreReader, batchSize: Int = 4096, progress: ((Int) -> Void)?) throws {
        precondition(batchSize > 0)
        let pipe = BatchPipe<Row>(capacity: 4)
        let stopped = DispatchSemaphore(value: 0)
        // The engine's thread owns the sweep's state until it signals `stopped`; the pipe hands it the batches.
        nonisolated(unsafe) let sweep = self, report = progress
        let consumer = Thread {
            while var batch = pipe.take() {
                sweep.process(batch)
                let before = sweep.transfers
                sweep.transfers += batch.count
                if sweep.transfers / 100_000 != before / 100_000 { report?(sweep.transfers) }
                pipe.recycle(&batch)
            }
            stopped.signal()
        }
        consumer.stackSize = 8 << 20
        consumer.start()
        var failure: Error?
        do {
            var batch = pipe.emptyBatch()
            batch.reserveCapacity(batchSize)
            try reader.forEachAccountTransferRow { t in
                batch.append((t, sources.isMarked(t)))
                if batch.count == batchSize {
                    pipe.put(batch)
                    batch = pipe.emptyBatch()
                    batch.reserveCapacity(batchSize)
                }
            }
            if !batch.isEmpty { pipe.put(batch) }
        } catch {
            failure = error
        }
        pipe.finish()
        stopped.wait()
        index = LedgerKeyIndex(capacity: 0)  // only the sweep needs it; the report needs the memory more
        if let failure { throw failure }
    }

    /// Runs one batch: first every transfer's two engine keys (new keys are
    /// registered in order of appearance, as a row-by-row sweep would), then
    /// the engine, prefetching a fixed distance ahead.
    private func process(_ batch: [Row]) {
        senders.removeAll(keepingCapacity: true)
        recipients.removeAll(keepingCapacity: true)
        let ahead = AccountTaintEngine<P>.prefetchDistance, storageAhead = AccountTaintEngine<P>.storagePrefetchDistance
        let n = batch.count
        for i in 0..<n {
            if i + ahead < n {
                let r = batch[i + ahead].transfer
                index.prefetch(address: r.fromID, asset: r.assetID)
                index.prefetch(address: r.toID, asset: r.assetID)
            }
            let r = batch[i].transfer
            senders.append(key(r.fromID, r))
            recipients.append(key(r.toID, r))
        }
        for i in 0..<n {
            if i + ahead < n { engine.prefetch(sender: senders[i + ahead]); engine.prefetch(recipient: recipients[i + ahead]) }
            if i + storageAhead < n {
                engine.prefetchStorage(from: senders[i + storageAhead], to: recipients[i + storageAhead], marked: batch[i + storageAhead].marked)
            }
            let (r, marked) = batch[i]
            _ = engine.process(from: senders[i], to: recipients[i], amount: r.amount, fee: r.fee, marked: marked)
        }
    }

    /// The engine key of `address`'s key in `r`'s asset, registered on first sight.
    @inline(__always)
    private func key(_ address: Int64, _ r: TransferRow) -> Int {
        index.index(address: address, asset: r.assetID) {
            let i = keys.count
            keys.append((address, r.chainID, r.assetID))
            engine.addKey(i, isWholeBalanceSource: sources.matches(sources.wholeBalance, address: address, chainID: r.chainID, assetID: r.assetID),
                          isSource: sources.matches(sources.address, address: address, chainID: r.chainID, assetID: r.assetID))
            return i
        }
    }
}
