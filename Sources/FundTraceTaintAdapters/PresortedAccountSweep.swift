import Foundation
import FundTraceModel
import FundTraceCSV
import FundTraceIngest
import FundTraceTaint

/// `fundtrace taint account --presorted`: the contract on a transfers file already in its processing order,
/// swept as it is read. What the Spark job's workers run (docs/PARTITIONING.md): a ledger arrives sorted, so
/// there is nothing to sort, and memory is per ledger key, not per row.
///
/// Every row is validated as ``AccountTransferFile`` validates it, with the same messages, and checked to be in
/// the contract's order (§3.3: a chain's rows together, each chain by `(block, tx_index, log_index)`); the first
/// row that is not stops the run, and no output file is written before the last row is read. The per-key output
/// and the summary are those of ``AccountConformance`` on the same file, byte for byte; there is no per-transfer
/// output.
///
/// Memory: O(keys), about 350–450 bytes a key measured (the engine's record, the key's entry in ``AddressKeyTable``);
/// with `memoryLimit`, a run whose resident memory passes it stops with a message saying how far it got.
public enum PresortedAccountSweep {
    /// Runs the contract on `transfersPath` with `sources`; writes `outputs.addresses` and `outputs.summary`.
    /// Returns the source rules only the UTXO model uses, for the caller to mention.
    @discardableResult
    public static func run(transfersPath: String, sourcesPath: String, policy: TaintPolicy, outputs: AccountConformance.Outputs,
                           memoryLimit: Int? = nil, memoryCheckEvery: Int = 65_536, progress: ((ConformanceProgress) -> Void)? = nil,
                           every: Int = 100_000, readBuffer: Int? = nil) throws -> [(kind: SourceSpec.Kind, count: Int)] {
        let sources = try SourceSpec.read(path: sourcesPath)
        struct Work: AccountPolicyWork {
            let path: String, sources: SourceSpec, outputs: AccountConformance.Outputs, memoryLimit: Int?, memoryCheckEvery: Int
            let progress: ((ConformanceProgress) -> Void)?, every: Int, readBuffer: Int?
            func run<P: AccountTaintPolicy>(_ policy: P.Type) throws {
                let sweep = Sweep<P>(path: path, sources: sources, memoryLimit: memoryLimit, memoryCheckEvery: memoryCheckEvery,
                                     readBuffer: readBuffer)
                try sweep.read(progress: progress, every: every)
                try AccountConformance.writeKeysAndSummary(engine: sweep.engine, keyCount: sweep.state.keys.count, names: sweep.keyNames(),
                                                           outputs: outputs)
            }
        }
        try policy.run(Work(path: transfersPath, sources: sources, outputs: outputs, memoryLimit: memoryLimit, memoryCheckEvery: memoryCheckEvery,
                            progress: progress, every: every, readBuffer: readBuffer))
        return sources.rulesIgnored(by: .account)
    }

    /// One pass over the file into the engine.
    final class Sweep<P: AccountTaintPolicy> {
        let path: String
        let sources: SourceSpec
        let memoryLimit: Int?
        /// Rows between two looks at resident memory (reading `/proc` costs a few microseconds).
        let memoryCheckEvery: Int
        let engine = AccountTaintEngine<P>()
        let marks: SourceMarks
        /// The reader's buffer in bytes when not the default (tests: rows staged across many refills).
        let readBuffer: Int?
        /// What the sweep builds as it reads; filled by ``read(progress:every:)``.
        private(set) var state: RowState

        init(path: String, sources: SourceSpec, memoryLimit: Int?, memoryCheckEvery: Int, readBuffer: Int? = nil) {
            self.path = path; self.sources = sources; self.memoryLimit = memoryLimit; self.memoryCheckEvery = memoryCheckEvery
            self.readBuffer = readBuffer
            // The rules' names first, so that a key's address is matched against them by id without keeping every
            // address of the file in the name table.
            var names = NameTable()
            for r in sources.rules {
                _ = names.id(r.chain); _ = names.id(r.id)
                if let a = r.asset { _ = names.id(a) }
            }
            marks = SourceMarks(sources, names: names)
            state = RowState(names: names)
        }

        func read(progress: ((ConformanceProgress) -> Void)?, every: Int) throws {
            let reader = try readBuffer.map { try CSVReader(path: path, bufferCapacity: $0) } ?? CSVReader(path: path)
            let header = try reader.readHeader()
            guard FormatDetector.isCanonicalTransfersHeader(header) else {
                throw IngestError(file: path, line: 1, .header(expected: FormatDetector.canonicalTransfersHeader, note: "(`fee` may be left out)"))
            }
            // The header's width, not the header: an array handed to every row was retained and released each time.
            let columns = header.count
            // The state is a local while rows are read: a class's stored property touched per row pays a run-time
            // exclusivity check each time.
            var s = RowState(names: NameTable())
            swap(&s, &state)
            defer { swap(&s, &state) }
            var row = 0
            while true {
                // Plain lines straight from the file's buffer; the rest (quotes, a line longer than the buffer) parsed in full.
                // Rows staged with their fields in the buffer are keyed before it moves.
                try reader.readPlainRecords(beforeRefill: { keyStaged(&s) }) { f, line in
                    row += 1
                    try between(row, reader, line, progress, every)
                    try take(f, line: line, columns, &s)
                }
                keyStaged(&s)
                guard try reader.next() else { break }
                row += 1
                try between(row, reader, reader.line, progress, every)
                try reader.withFields { try take($0, line: reader.line, columns, &s); keyStaged(&s) }
            }
            keyStaged(&s)
            while s.ring.hasUnswept { sweep(s.ring.nextToSweep()) }
            try checkMemory(row: row, line: reader.line, keys: s.keys.count)  // and once at the end, for a ledger shorter than the interval
        }

        /// What is done every so many rows: progress, sizing the engine, a look at memory.
        @inline(__always)
        func between(_ row: Int, _ reader: CSVReader, _ line: Int, _ progress: ((ConformanceProgress) -> Void)?, _ every: Int) throws {
            if row % every == 0 { progress?(.read(row)) }
            if row == 1024 { reserve(reader) }
            if row % memoryCheckEvery == 0 { try checkMemory(row: row, line: line, keys: engine.keyCount) }
        }

        /// One row: validated, checked for order, put in the ring (``PresortedRowRing``). Its keys are found two rows
        /// later: their slots are asked for now, the entries the slots point to one row later, so that both cache misses
        /// overlap the rows read meanwhile. In one row they did not (`perf annotate`: a third of this loop's samples
        /// waited on them, the case's 84,782 keys; this machine's memory is slow).
        @inline(__always)
        func take(_ f: CSVFields, line: Int, _ columns: Int, _ s: inout RowState) throws {
            guard f.count <= columns else {
                throw IngestError(file: path, line: line, column: columns + 1, .fieldCount(expected: columns, found: f.count))
            }
            let chain = s.chainCache.id(f.trimmed(0), in: &s.names), asset = s.assetCache.id(f.trimmed(8), in: &s.names)
            let from = f.trimmed(6), to = f.trimmed(7)
            let hf = s.keys.prefetch(chain: chain, asset: asset, address: from), hr = s.keys.prefetch(chain: chain, asset: asset, address: to)
            let block = try small(f, 2, line), txIndex = try small(f, 3, line), logIndex = try small(f, 4, line)
            let amount = try number(f, 9, line), fee = try number(f, 10, line, optional: true)
            try s.order.check(chain: chain, block: block, txIndex: txIndex, logIndex: logIndex, path: path, line: line)
            var marked = false
            if marks.mayBeMarkedByTransferRule(txHash: f.trimmed(1), logIndex: logIndex) {
                marked = sources.isMarkedByTransferRule(chain: s.names[chain], txHash: String(decoding: f.trimmed(1), as: UTF8.self),
                                                        logIndex: logIndex, asset: s.names[asset])
            }
            if s.ring.isFull { sweep(s.ring.nextToSweep()) }
            s.ring.append(PresortedRowRing.Row(chain: chain, asset: asset, from: from, to: to, fromHash: hf, toHash: hr, block: block,
                                               amount: amount, fee: fee, marked: marked))
            if s.ring.keyIsDue { key(s.ring.nextToKey(), &s) }
            if let next = s.ring.upNext { s.keys.prefetchEntry(hash: next.pointee.fromHash); s.keys.prefetchEntry(hash: next.pointee.toHash) }
        }

        /// A row's keys found, its address rules checked, and the engine's records for its keys asked for (it is
        /// swept some rows later, in the same order, once they have arrived).
        @inline(__always)
        func key(_ r: UnsafeMutablePointer<PresortedRowRing.Row>, _ s: inout RowState) {
            let kf = key(r.pointee.chain, r.pointee.asset, r.pointee.from, r.pointee.fromHash, &s).index
            let (kr, named) = key(r.pointee.chain, r.pointee.asset, r.pointee.to, r.pointee.toHash, &s)
            r.pointee.fromKey = kf; r.pointee.toKey = kr
            if !r.pointee.marked && named, let address = s.ruleAddress[kr] {
                r.pointee.marked = marks.isMarkedByAddress(chain: r.pointee.chain, to: address, asset: r.pointee.asset, block: r.pointee.block)
            }
            engine.prefetch(sender: kf); engine.prefetch(recipient: kr)
        }

        /// Keys every row read, oldest first: before the reader's buffer moves, and after a row read outside it.
        func keyStaged(_ s: inout RowState) {
            while s.ring.hasUnkeyed { key(s.ring.nextToKey(), &s) }
        }

        @inline(__always)
        func sweep(_ t: UnsafePointer<PresortedRowRing.Row>) {
            _ = engine.process(from: t.pointee.fromKey, to: t.pointee.toKey, amount: t.pointee.amount, fee: t.pointee.fee, marked: t.pointee.marked)
        }

        /// The key of `(chain, address, asset)`, registered with the engine (and its source flags) on first sight,
        /// and whether some `address` rule names the key's address (then ``RowState/ruleAddress`` has its name id).
        @inline(__always)
        func key(_ chain: UInt32, _ asset: UInt32, _ address: UnsafeBufferPointer<UInt8>, _ hash: UInt64, _ s: inout RowState)
            -> (index: Int, named: Bool) {
            let (k, isNew, flagged) = s.keys.intern(chain: chain, asset: asset, address: address, hash: hash)
            guard isNew else { return (k, flagged) }
            var whole = false, source = false, named = false
            if let id = s.names.existingID(address) {
                whole = marks.isWholeBalance(chain: chain, address: id, asset: asset)
                source = marks.isAddressSource(chain: chain, address: id, asset: asset)
                if marks.namesAddressRule(chain: chain, address: id) { s.ruleAddress[k] = id; s.keys.flag(k); named = true }
            }
            engine.addKey(k, isWholeBalanceSource: whole, isSource: source)
            return (k, named)
        }

        /// Sizes the engine's records for the keys the file's first rows suggest (as the whole-file run does).
        func reserve(_ reader: CSVReader) {
            guard reader.bytesConsumed > 0 else { return }
            let rows = Double(reader.fileSize) / Double(reader.bytesConsumed) * 1024 * 1.05
            engine.reserveKeys(Swift.min(Int(rows) / 4 + 16, 1 << 24))
        }

        func checkMemory(row: Int, line: Int, keys: Int) throws {
            guard let limit = memoryLimit, let resident = ResidentMemory.bytes(), resident > limit else { return }
            throw IngestError(file: path, line: line, .outOfMemory(
                limit: limit, progress: "\(resident >> 20) MiB resident after \(row) rows and \(keys) ledger keys"))
        }

        /// The keys' names for the report: chains and assets by name id, addresses by key, each escaped once.
        func keyNames() -> KeyNames {
            let names = state.names
            return KeyNames(keys: state.keys, names: EscapedNames((0..<names.count).map { names[UInt32($0)] as String? }))
        }

        @inline(__always)
        func small(_ f: CSVFields, _ i: Int, _ line: Int) throws -> UInt64 {
            try CanonicalNumber.small(f.trimmed(i), column: i, line: line, path: path)
        }

        @inline(__always)
        func number(_ f: CSVFields, _ i: Int, _ line: Int, optional: Bool = false) throws -> Amount {
            try CanonicalNumber.amount(f.trimmed(i), column: i, line: line, path: path, optional: optional)
        }
    }

    /// What a sweep builds as it reads: its keys, the names of chains and assets (and of the rules' addresses), the
    /// order seen so far.
    struct RowState: ~Copyable {
        var keys = AddressKeyTable()
        var names: NameTable
        /// The name id of the address of each key that some `address` rule names (rare; such keys are flagged in the
        /// key table): only their incoming rows are checked against the rules.
        var ruleAddress: [Int: UInt32] = [:]
        var order = ContractOrder()
        var chainCache = NameCache(), assetCache = NameCache()
        /// Rows read but not yet swept.
        var ring = PresortedRowRing()
        init(names: NameTable) { self.names = names }
    }

    /// The report's names of keys interned by ``AddressKeyTable``.
    /// Addresses are written from the key table's bytes: as they are when they need no escaping (ASCII, no
    /// separator, quote or line break, no formula start), else escaped as every text field is.
    struct KeyNames: LedgerKeyNames, @unchecked Sendable {  // the key table is only read while the report is written
        let keys: AddressKeyTable
        let names: EscapedNames
        func includes(_ i: Int) -> Bool { true }
        func appendFields(of i: Int, to row: inout CSVRecordBuilder) {
            let k = keys.chainAndAsset(i), address = keys.address(i)
            row.field(Int(k.chain), of: names)
            if CSVWriter.isPlainText(address) { row.number { $0.append(contentsOf: address) } } else { row.field(String(decoding: address, as: UTF8.self)) }
            row.field(Int(k.asset), of: names)
        }
    }

    /// The last name met and its id: a ledger's rows repeat one chain and one asset, so most rows need no lookup.
    struct NameCache {
        private var bytes: [UInt8] = []
        private var id: UInt32?
        @inline(__always)
        mutating func id(_ name: UnsafeBufferPointer<UInt8>, in names: inout NameTable) -> UInt32 {
            if let id, bytes.count == name.count,
               bytes.withUnsafeBufferPointer({ $0.count == 0 || memcmp($0.baseAddress!, name.baseAddress!, $0.count) == 0 }) { return id }
            let fresh = names.id(name)
            bytes = Array(name); id = fresh
            return fresh
        }
    }

    /// The contract's order (§3.3) as rows arrive: each chain's rows together, and within a chain
    /// `(block, tx_index, log_index)` never decreasing (equal positions keep the file's order).
    struct ContractOrder {
        private var chain: UInt32?
        private var last = (block: UInt64(0), txIndex: UInt64(0), logIndex: UInt64(0))
        private var finished: Set<UInt32> = []

        @inline(__always)
        mutating func check(chain c: UInt32, block: UInt64, txIndex: UInt64, logIndex: UInt64, path: String, line: Int) throws {
            let position = (block, txIndex, logIndex)
            if c == chain {
                guard position >= last else {
                    throw IngestError(file: path, line: line, .inconsistent(
                        "not in the contract's order: block \(block), tx_index \(txIndex), log_index \(logIndex) comes after block \(last.block), "
                        + "tx_index \(last.txIndex), log_index \(last.logIndex); sort the file by (block, tx_index, log_index) or leave out --presorted"))
                }
            } else {
                if let chain { finished.insert(chain) }
                guard !finished.contains(c) else {
                    throw IngestError(file: path, line: line, .inconsistent(
                        "not in the contract's order: this chain's rows began earlier and another chain's came between; "
                        + "keep each chain's rows together or leave out --presorted"))
                }
                chain = c
            }
            last = position
        }
    }
}
