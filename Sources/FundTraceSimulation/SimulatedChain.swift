import Foundation
import FundTraceIngest
import FundTraceModel
import FundTraceCSV

/// One EVM chain of a simulated case: the balances of every address and the
/// transactions that moved them, streamed out as ethereum-etl CSV as they
/// happen (memory holds balances, not history).
///
/// A transaction is only recorded when every sender can pay (value, tokens and
/// fee), so the exported data balances: the only value not created by an
/// exported transaction is the opening balance of the services (exchanges,
/// pools, bridges), which in real data comes from history before the window.
public final class SimulatedChain {
    public struct Token: Sendable {
        public var contract: String
        public var symbol: String
        public var name: String
        public var decimals: Int
    }

    /// A value moving inside a transaction: a token `Transfer` event, or an
    /// internal call with value (a trace).
    struct Leg { var asset: String; var from: String; var to: String; var value: Amount }

    struct Transaction {
        var hash: String
        var block: UInt64
        var index: Int
        var nonce: Int
        var from: String
        var to: String
        var value: Amount
        var gas: UInt64
        var gasPrice: UInt64
        var input: String
        var time: Int64
        var tokenLegs: [Leg]
        var internalLegs: [Leg]
    }

    public let name: String
    public let nativeSymbol: String
    /// Seconds per block; block numbers follow from time.
    public let blockTime: Int64
    public let firstBlock: UInt64
    public let firstTime: Int64
    public private(set) var tokens: [Token] = []
    /// Transactions recorded, and the value transfers among them.
    public private(set) var transactionCount = 0
    public private(set) var transferCount = 0
    private var output: (dir: String, transactions: CSVWriter, transfers: CSVWriter, traces: CSVWriter)?
    /// The first error writing the files (transactions are recorded by events that cannot throw).
    private var writeError: Error?
    private var balances: [String: Amount] = [:]
    private var nonces: [String: Int] = [:]
    private var lastBlock: UInt64 = 0
    private var indexInBlock = 0
    private let hashTag: String
    private var hashCounter: UInt64 = 0

    init(name: String, nativeSymbol: String, blockTime: Int64, firstBlock: UInt64, firstTime: Int64, hashTag: String) {
        self.name = name; self.nativeSymbol = nativeSymbol; self.blockTime = blockTime
        self.firstBlock = firstBlock; self.firstTime = firstTime; self.hashTag = hashTag
    }

    func addToken(_ token: Token) { tokens.append(token) }

    func token(_ symbol: String) -> Token { tokens.first { $0.symbol == symbol }! }

    /// The asset key of the native coin (tokens are keyed by contract).
    var native: String { nativeSymbol }

    func balance(_ address: String, _ asset: String) -> Amount { balances[address + "|" + asset] ?? .zero }

    /// A service's balance from before the window (not exported).
    func open(_ address: String, _ asset: String, _ amount: Amount) {
        balances[address + "|" + asset, default: .zero] += amount
    }

    func block(at time: Int64) -> UInt64 { firstBlock + UInt64(max(0, time - firstTime) / blockTime) }

    /// Records a transaction from `from` to `to` at `time` when everyone can pay,
    /// and returns its hash (nil, and nothing changes, when someone cannot).
    @discardableResult
    func transact(at time: Int64, from: String, to: String, value: Amount = .zero, gas: UInt64 = 21_000,
                  gasPrice: UInt64, input: String = "0x", tokens tokenLegs: [Leg] = [], internal internalLegs: [Leg] = []) -> String? {
        let fee = Amount(gas).multipliedReportingOverflow(by: gasPrice).partialValue
        // Check every debit against the balances as they stand.
        var need: [String: Amount] = [from + "|" + native: value + fee]
        for l in tokenLegs + internalLegs { need[l.from + "|" + l.asset, default: .zero] += l.value }
        for (k, v) in need where (balances[k] ?? .zero) < v { return nil }
        balances[from + "|" + native]! -= value + fee
        balances[to + "|" + native, default: .zero] += value
        for l in tokenLegs + internalLegs {
            balances[l.from + "|" + l.asset]! -= l.value
            balances[l.to + "|" + l.asset, default: .zero] += l.value
        }
        let b = block(at: time)
        if b != lastBlock { lastBlock = b; indexInBlock = 0 } else { indexInBlock += 1 }
        hashCounter += 1
        let hash = "0x" + (hashTag + String(hashCounter, radix: 16).leftPadded(to: 12)).rightPadded(to: 64)
        let nonce = nonces[from, default: 0]
        nonces[from] = nonce + 1
        let t = Transaction(hash: hash, block: b, index: indexInBlock, nonce: nonce, from: from, to: to,
                            value: value, gas: gas, gasPrice: gasPrice, input: input, time: time,
                            tokenLegs: tokenLegs, internalLegs: internalLegs)
        transactionCount += 1
        transferCount += (value.isZero ? 0 : 1) + tokenLegs.count + internalLegs.count
        do { try write(t) } catch { writeError = writeError ?? error }
        return hash
    }

    /// The fee a transaction of `gas` at `gasPrice` costs.
    static func fee(gas: UInt64, gasPrice: UInt64) -> Amount { Amount(gas).multipliedReportingOverflow(by: gasPrice).partialValue }

    /// Starts writing `transactions.csv` (with ethereum-etl's receipt columns),
    /// `token_transfers.csv` and `traces.csv` into `dir`; ``finishWriting()``
    /// adds `tokens.csv` and closes them.
    func startWriting(to dir: String) throws {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        func path(_ f: String) -> String { (dir as NSString).appendingPathComponent(f) }
        let txs = try CSVWriter(path: path("transactions.csv"))
        try txs.write(["hash", "nonce", "block_hash", "block_number", "transaction_index", "from_address", "to_address",
                       "value", "gas", "gas_price", "input", "block_timestamp", "max_fee_per_gas",
                       "max_priority_fee_per_gas", "transaction_type", "receipt_cumulative_gas_used", "receipt_gas_used",
                       "receipt_contract_address", "receipt_root", "receipt_status", "receipt_effective_gas_price"])
        let transfers = try CSVWriter(path: path("token_transfers.csv"))
        try transfers.write(["token_address", "from_address", "to_address", "value", "transaction_hash", "log_index", "block_number"])
        let traces = try CSVWriter(path: path("traces.csv"))
        try traces.write(["transaction_hash", "transaction_index", "from_address", "to_address", "value", "input", "output",
                          "trace_type", "call_type", "reward_type", "gas", "gas_used", "subtraces", "trace_address", "error",
                          "status", "block_number", "trace_id"])
        output = (dir, txs, transfers, traces)
    }

    private func write(_ t: Transaction) throws {
        guard let (_, txs, transfers, traces) = output else { return }
        let gp = String(t.gasPrice), gas = String(t.gas)
        try txs.write([t.hash, String(t.nonce), "", String(t.block), String(t.index), t.from, t.to, t.value.description,
                       gas, gp, t.input, String(t.time), "", "", "0", gas, gas, "", "", "1", gp])
        for (i, l) in t.tokenLegs.enumerated() {
            try transfers.write([l.asset, l.from, l.to, l.value.description, t.hash, String(i), String(t.block)])
        }
        if !t.internalLegs.isEmpty {
            // The top-level call, then one child call per internal value transfer.
            try traces.write([t.hash, String(t.index), t.from, t.to, t.value.description, t.input, "0x", "call", "call",
                              "", gas, gas, String(t.internalLegs.count), "", "", "1", String(t.block), "call_\(t.hash)_"])
            for (i, l) in t.internalLegs.enumerated() {
                try traces.write([t.hash, String(t.index), l.from, l.to, l.value.description, "0x", "0x", "call", "call",
                                  "", "2300", "0", "0", String(i), "", "1", String(t.block), "call_\(t.hash)_\(i)"])
            }
        }
    }

    /// Writes `tokens.csv`, closes the files, and reports the first write error.
    func finishWriting() throws {
        if let writeError { throw writeError }
        guard let (dir, txs, transfers, traces) = output else { return }
        for w in [txs, transfers, traces] { try w.close() }
        let tokenFile = try CSVWriter(path: (dir as NSString).appendingPathComponent("tokens.csv"))
        try tokenFile.write(["address", "symbol", "name", "decimals", "total_supply", "block_number"])
        for t in tokens { try tokenFile.write([t.contract, t.symbol, t.name, String(t.decimals), "", ""]) }
        try tokenFile.close()
        output = nil
    }
}

extension String {
    func leftPadded(to n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
    func rightPadded(to n: Int) -> String { count >= n ? String(prefix(n)) : self + String(repeating: "0", count: n - count) }
}
