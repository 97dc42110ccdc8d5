import FundTraceModel
import FundTraceCSV
import FundTraceIngest
import FundTraceTaint

/// The transactions of a canonical UTXO CSV (§4.1), grouped, validated as
/// §4.2 requires, in processing order `(block, tx_index, first file row)`.
public struct UTXOTransactionFile {
    public struct Input: Sendable {
        public var n: Int
        public var prevTx: String
        public var prevN: Int
        public var address: String?
        public var amount: Amount?
        public var line: Int
        /// The output spent, by transaction id (see ``Outpoint``).
        var spends: Outpoint
    }
    public struct Output: Sendable {
        public var n: Int
        public var address: String
        public var amount: Amount
        public var line: Int
    }
    public struct Transaction: Sendable {
        public var chain: String
        public var hash: String
        public var block: UInt64
        public var txIndex: UInt64
        public var firstRow: Int
        public var firstLine: Int
        public var inputs: [Input] = []
        public var outputs: [Output] = []
        public var isCoinbase: Bool { inputs.isEmpty }
        /// The id of `(chain, hash)` (see ``Outpoint``).
        var id: UInt32

        /// Output `n` of this transaction.
        func outpoint(_ n: Int) -> Outpoint { Outpoint(tx: id, n: n) }
    }

    /// An output named by its transaction's id and its index. Ids number the
    /// distinct `(chain, tx_hash)` pairs the file names, its own transactions
    /// and those its inputs spend, so outputs are told apart by two integers
    /// instead of a `chain + hash + ":" + n` string built for every lookup
    /// (the spending checks and the sweep did several per output).
    struct Outpoint: Hashable { var tx: UInt32; var n: Int }

    /// Transactions in processing order.
    public private(set) var transactions: [Transaction] = []
    /// The position in ``transactions`` of the transaction spending each
    /// spent output (`spent_by`, §4.7), known once the file is validated, so
    /// output rows can be written as they are swept rather than held.
    private(set) var spentBy: [Outpoint: UInt32] = [:]

    /// The hash of the transaction spending `o`, or "" while unspent.
    func spender(of o: Outpoint) -> String { spentBy[o].map { transactions[Int($0)].hash } ?? "" }

    /// `progress` gets the number of rows read every `every` rows.
    public static func read(path: String, progress: ((Int) -> Void)? = nil, every: Int = 100_000) throws -> UTXOTransactionFile {
        let reader = try CSVReader(path: path)
        let header = try reader.readHeader()
        guard header == FormatDetector.canonicalUTXOHeader else {
            throw IngestError(file: path, line: 1, .header(expected: FormatDetector.canonicalUTXOHeader))
        }
        // Transaction ids by `chain \0 hash`; `indexOfID[id]`: its place in `txs`, or -1 when only spent from.
        var txIDs = NameTable()
        var indexOfID: [Int] = []
        func txID(_ chain: String, _ hash: String) -> UInt32 {
            let id = txIDs.id(chain + "\u{0}" + hash)
            if Int(id) == indexOfID.count { indexOfID.append(-1) }
            return id
        }
        var txs: [Transaction] = []
        var dataRow = 0
        while try reader.next() {
            dataRow += 1
            if dataRow % every == 0 { progress?(dataRow) }
            let line = reader.line
            func fail(_ i: Int, _ why: String) -> IngestError { IngestError(file: path, line: line, column: i + 1, columnName: header[i], .value(why)) }
            // Output rows may stop before `prev_tx_hash`, `prev_n`: missing trailing fields read as empty.
            guard reader.fieldCount <= header.count else {
                throw IngestError(file: path, line: line, column: header.count + 1,
                                  .fieldCount(expected: header.count, found: reader.fieldCount))
            }
            func text(_ i: Int) -> String { String(decoding: trimmedField(reader, i), as: UTF8.self) }
            func integer(_ i: Int, what: String = "amount") throws -> Amount? {
                let f = trimmedField(reader, i)
                if f.isEmpty { return nil }
                switch Amount.parseDecimal(f) {
                case .success(let v): return v
                case .failure(let e): throw fail(i, "\(e.description(of: what)): '\(String(decoding: f.prefix(80), as: UTF8.self))'")
                }
            }
            func small(_ i: Int) throws -> UInt64 {
                guard let v = try integer(i, what: "number") else { throw fail(i, "missing value") }
                guard let s = v.uint64Value, s <= UInt64(Int32.max) || i == 2 || i == 3 else { throw fail(i, "value too large") }
                return s
            }
            let chain = text(0), hash = text(1)
            let block = try small(2), txIndex = try small(3)
            let n = Int(try small(6))
            let id = txID(chain, hash)
            var ti = indexOfID[Int(id)]
            if ti >= 0 {
                if txs[ti].block != block || txs[ti].txIndex != txIndex {
                    throw fail(2, "transaction \(hash) has rows with different block or tx_index")
                }
            } else {
                ti = txs.count
                indexOfID[Int(id)] = ti
                txs.append(Transaction(chain: chain, hash: hash, block: block, txIndex: txIndex, firstRow: dataRow, firstLine: line, id: id))
            }
            switch text(5) {
            case "out":
                let address = text(7)
                guard let amount = try integer(8) else { throw fail(8, "output rows need an amount") }
                txs[ti].outputs.append(Output(n: n, address: address, amount: amount, line: line))
            case "in":
                let prev = text(9)
                if prev.isEmpty { throw fail(9, "input rows need prev_tx_hash") }
                guard let prevN = try integer(10, what: "number")?.uint64Value else { throw fail(10, "input rows need prev_n") }
                guard prevN <= UInt64(Int32.max) else { throw fail(10, "value too large") }
                let address = text(7)
                txs[ti].inputs.append(Input(n: n, prevTx: prev, prevN: Int(prevN), address: address.isEmpty ? nil : address,
                                            amount: try integer(8), line: line, spends: Outpoint(tx: txID(chain, prev), n: Int(prevN))))
            default:
                throw fail(5, "io must be 'in' or 'out'")
            }
        }
        // Indices 0..k−1 without gaps or repeats, then order by n.
        for i in txs.indices {
            txs[i].inputs.sort { $0.n < $1.n }
            txs[i].outputs.sort { $0.n < $1.n }
            for (k, inp) in txs[i].inputs.enumerated() where inp.n != k {
                throw IngestError(file: path, line: inp.line, column: 7, columnName: "n", .inconsistent("inputs of \(txs[i].hash) must be numbered 0..\(txs[i].inputs.count - 1) without gaps or repeats"))
            }
            for (k, out) in txs[i].outputs.enumerated() where out.n != k {
                throw IngestError(file: path, line: out.line, column: 7, columnName: "n", .inconsistent("outputs of \(txs[i].hash) must be numbered 0..\(txs[i].outputs.count - 1) without gaps or repeats"))
            }
        }
        txs.sort { a, b in
            if a.block != b.block { return a.block < b.block }
            if a.txIndex != b.txIndex { return a.txIndex < b.txIndex }
            return a.firstRow < b.firstRow
        }
        // Spending rules, in processing order.
        // Processing position of each transaction, by id.
        var position = [Int](repeating: -1, count: indexOfID.count)
        for (p, tx) in txs.enumerated() { position[Int(tx.id)] = p }
        var spentBy: [Outpoint: UInt32] = [:]
        func spend(_ k: Outpoint, at p: Int, _ inp: Input) throws {
            if spentBy.updateValue(UInt32(p), forKey: k) != nil {
                throw IngestError(file: path, line: inp.line, .inconsistent("\(inp.prevTx):\(inp.prevN) is spent twice"))
            }
        }
        for (p, tx) in txs.enumerated() {
            var inSum = Amount.zero
            for inp in tx.inputs {
                let k = inp.spends
                let created = position[Int(k.tx)]
                if created >= 0 && k.n < txs[created].outputs.count {
                    if created >= p { throw IngestError(file: path, line: inp.line, .inconsistent("\(tx.hash) spends \(inp.prevTx):\(inp.prevN), which is created later (or by itself)")) }
                    try spend(k, at: p, inp)
                    let spentOutput = txs[created].outputs[k.n]
                    let (addr, amount) = (spentOutput.address, spentOutput.amount)
                    if let a = inp.address, a != addr { throw IngestError(file: path, line: inp.line, column: 8, columnName: "address", .inconsistent("does not match the spent output's address \(addr)")) }
                    if let v = inp.amount, v != amount { throw IngestError(file: path, line: inp.line, column: 9, columnName: "amount", .inconsistent("does not match the spent output's amount \(amount)")) }
                    inSum = inSum.saturatingAdd(amount)
                } else {
                    guard inp.address != nil, let v = inp.amount else {
                        throw IngestError(file: path, line: inp.line, .inconsistent("input spends \(inp.prevTx):\(inp.prevN), which is not in the data: address and amount are required"))
                    }
                    try spend(k, at: p, inp)
                    inSum = inSum.saturatingAdd(v)
                }
            }
            if !tx.isCoinbase {
                var outSum = Amount.zero
                for o in tx.outputs { outSum = outSum.saturatingAdd(o.amount) }
                if outSum > inSum { throw IngestError(file: path, line: tx.firstLine, .inconsistent("outputs of \(tx.hash) (\(outSum)) exceed its inputs (\(inSum))")) }
            }
        }
        var file = UTXOTransactionFile()
        file.transactions = txs
        file.spentBy = spentBy
        return file
    }
}
