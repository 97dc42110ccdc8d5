import Foundation
import FundTraceIngest
import FundTraceModel
import FundTraceCSV

/// What really happened in a simulated case: every address the attacker
/// controlled and every exchange deposit address it cashed out to, with the
/// stolen amount each received. `fundtrace evaluate` scores a trace against it.
public struct GroundTruth: Sendable, Equatable {
    public struct AttackerAddress: Sendable, Hashable {
        public var chain: String
        public var address: String
        /// funder, drainer, consolidator, split, peel_hop, mixer_withdrawal, bridge_receiver.
        public var role: String

        public init(chain: String, address: String, role: String) { self.chain = chain; self.address = address; self.role = role }
    }

    public struct Cashout: Sendable, Equatable {
        public var chain: String
        public var address: String
        public var exchange: String
        /// The store's asset code: the native symbol or the token contract.
        public var asset: String
        public var symbol: String
        public var decimals: Int
        /// Base units of stolen value the attacker paid into the address.
        public var stolenAmount: Amount
        public var deposits: Int

        public init(chain: String, address: String, exchange: String, asset: String, symbol: String, decimals: Int,
                    stolenAmount: Amount, deposits: Int) {
            self.chain = chain; self.address = address; self.exchange = exchange; self.asset = asset; self.symbol = symbol
            self.decimals = decimals; self.stolenAmount = stolenAmount; self.deposits = deposits
        }
    }

    public var attackers: [AttackerAddress]
    public var cashouts: [Cashout]

    public init(attackers: [AttackerAddress], cashouts: [Cashout]) {
        self.attackers = attackers; self.cashouts = cashouts
    }

    static let attackerHeader = ["chain", "address", "role"]
    static let cashoutHeader = ["chain", "address", "exchange", "asset", "symbol", "decimals", "stolen_amount", "deposits"]

    /// Writes `attackers.csv` and `cashouts.csv` into `dir`.
    public func write(to dir: String) throws {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let a = try CSVWriter(path: (dir as NSString).appendingPathComponent("attackers.csv"))
        try a.write(Self.attackerHeader)
        for r in attackers { try a.write([r.chain, r.address, r.role]) }
        try a.close()
        let c = try CSVWriter(path: (dir as NSString).appendingPathComponent("cashouts.csv"))
        try c.write(Self.cashoutHeader)
        for r in cashouts {
            try c.write([r.chain, r.address, r.exchange, r.asset, r.symbol, String(r.decimals), r.stolenAmount.description, String(r.deposits)])
        }
        try c.close()
    }

    /// Reads the truth `write(to:)` wrote; `dir` is the truth folder or a case folder holding `truth/`.
    public static func read(from dir: String) throws -> GroundTruth {
        var base = dir
        let nested = (dir as NSString).appendingPathComponent("truth")
        if FileManager.default.fileExists(atPath: (nested as NSString).appendingPathComponent("cashouts.csv")) { base = nested }
        func rows(_ file: String, _ header: [String]) throws -> [[String: String]] {
            let path = (base as NSString).appendingPathComponent(file)
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw TruthError(message: "\(path): cannot read the ground truth (expected \(file) from `fundtrace simulate`)")
            }
            var lines = text.split(whereSeparator: \.isNewline).map(String.init)
            guard let first = lines.first, first.split(separator: ",").map(String.init) == header else {
                throw TruthError(message: "\(path):1: header must be \(header.joined(separator: ","))")
            }
            lines.removeFirst()
            return try lines.enumerated().map { i, line in
                let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                guard f.count == header.count else {
                    throw TruthError(message: "\(path):\(i + 2): expected \(header.count) fields, found \(f.count)")
                }
                return Dictionary(uniqueKeysWithValues: zip(header, f))
            }
        }
        let attackers = try rows("attackers.csv", attackerHeader).map {
            AttackerAddress(chain: $0["chain"]!, address: Address.storeForm($0["address"]!), role: $0["role"]!)
        }
        let cashouts = try rows("cashouts.csv", cashoutHeader).enumerated().map { i, r -> Cashout in
            guard let amount = Amount(r["stolen_amount"]!), let decimals = Int(r["decimals"]!), let n = Int(r["deposits"]!) else {
                throw TruthError(message: "\(base)/cashouts.csv:\(i + 2): stolen_amount, decimals and deposits must be integers")
            }
            return Cashout(chain: r["chain"]!, address: Address.storeForm(r["address"]!), exchange: r["exchange"]!,
                           asset: r["asset"]!, symbol: r["symbol"]!, decimals: decimals, stolenAmount: amount, deposits: n)
        }
        return GroundTruth(attackers: attackers, cashouts: cashouts)
    }
}

public struct TruthError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
