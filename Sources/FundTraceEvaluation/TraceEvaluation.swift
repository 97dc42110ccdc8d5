import Foundation
import FundTraceModel
import FundTraceSimulation
import FundTraceTrace

/// How well a trace's answer matches the ground truth of a simulated case:
/// precision and recall of its cash-out endpoints (deposit addresses, and
/// exchanges), of the attacker addresses it followed, and the error in the
/// stolen amount it attributes to each true cash-out.
public struct TraceEvaluation: Sendable, Codable {
    /// Precision and recall of one kind of prediction.
    public struct Score: Sendable, Codable, Equatable {
        public var truth: Int
        public var predicted: Int
        public var correct: Int
        /// correct / predicted (nil when nothing was predicted).
        public var precision: Double? { predicted == 0 ? nil : Double(correct) / Double(predicted) }
        /// correct / truth (nil when there is no truth).
        public var recall: Double? { truth == 0 ? nil : Double(correct) / Double(truth) }

        init<T: Hashable>(truth: Set<T>, predicted: Set<T>) {
            self.truth = truth.count; self.predicted = predicted.count; self.correct = truth.intersection(predicted).count
        }

        enum CodingKeys: String, CodingKey { case truth, predicted, correct, precision, recall }
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(truth, forKey: .truth); try c.encode(predicted, forKey: .predicted); try c.encode(correct, forKey: .correct)
            try c.encode(precision, forKey: .precision); try c.encode(recall, forKey: .recall)
        }
        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            truth = try c.decode(Int.self, forKey: .truth); predicted = try c.decode(Int.self, forKey: .predicted)
            correct = try c.decode(Int.self, forKey: .correct)
        }
    }

    /// One true cash-out (deposit address and asset) and what the trace attributed to it.
    public struct AmountCheck: Sendable, Codable, Equatable {
        public var chain: String
        public var address: String
        public var exchange: String
        public var asset: String
        public var symbol: String
        public var decimals: Int
        /// Base units.
        public var stolen: String
        /// Base units the trace attributed (0 when it missed the address).
        public var attributed: String
        /// |attributed − stolen| / stolen.
        public var relativeError: Double
    }

    public var policy: String
    /// How the trace treated mixer pools (link, stop, pool).
    public var mixerMode: String
    public var stopAt: [String]
    /// Cash-out deposit addresses: predicted = the trace's `exchange_deposit` endpoints with taint.
    public var depositAddresses: Score
    /// (chain, exchange) pairs cashed out to: predicted = exchanges of the deposit and exchange endpoints.
    public var exchanges: Score
    /// Attacker addresses: predicted = addresses the trace followed or found holding taint (at least
    /// `minShare` of the asset's), sources excluded.
    public var attackerAddresses: Score
    /// Recall of attacker addresses by the role they played.
    public var attackerRecallByRole: [String: Score]
    public var amounts: [AmountCheck]
    /// Median of the relative amount errors over the true cash-outs.
    public var medianAmountError: Double?

    /// Endpoints holding less than this share of the taint created in their
    /// asset are not counted as flagged: the dust haircut spreads through
    /// innocent hands is not what a freeze request names.
    public var minShare: Double

    /// Scores `trace` against `truth`; an endpoint counts as flagged when it holds
    /// at least `minShare` of the taint created in its (chain, asset).
    public static func evaluate(_ trace: TraceResult, against truth: GroundTruth, minShare: Double = 0.001) -> TraceEvaluation {
        func key(_ chain: String, _ address: String) -> String { chain + ":" + Address.storeForm(address) }

        let trueDeposits = Set(truth.cashouts.map { key($0.chain, $0.address) })
        var created: [String: Double] = [:]
        for t in trace.totals { created[t.chain + ":" + t.asset, default: 0] += Double(t.created) ?? 0 }
        func material(_ chain: String, _ asset: String, _ amount: String) -> Bool {
            isPositive(amount) && (Double(amount) ?? 0) >= minShare * (created[chain + ":" + asset] ?? 0)
        }
        let tainted = trace.endpoints.filter { material($0.chain, $0.asset, $0.taintedAmount) }
        let predictedDeposits = Set(tainted.filter { $0.reason == .exchangeDeposit }.map { key($0.chain, $0.address) })

        let trueExchanges = Set(truth.cashouts.map { $0.chain + ":" + $0.exchange })
        var predictedExchanges = Set<String>()
        for e in tainted {
            if e.reason == .exchangeDeposit {
                predictedExchanges.insert(e.chain + ":" + exchangeName(depositLabel: e.label))
            } else if e.category == LabelCategory.exchange.rawValue {
                predictedExchanges.insert(e.chain + ":" + AddressLabel(chain: e.chain, address: e.address, label: e.label,
                                                                        category: .exchange, source: "").entity)
            }
        }

        let sources = Set(trace.nodes.filter { $0.role == .source }.map { key($0.chain, $0.address) })
        let holding: Set<EndpointReason> = [.held, .hopLimit, .belowMin]
        let predictedAttackers = Set(trace.nodes.filter { n in
            (n.role == .followed || (n.role == .endpoint && n.reason.map(holding.contains) == true)) && material(n.chain, n.asset, n.taintedReceived)
        }.map { key($0.chain, $0.address) }).subtracting(sources)
        let trueAttackers = Set(truth.attackers.map { key($0.chain, $0.address) })
        var byRole: [String: Score] = [:]
        for role in Set(truth.attackers.map(\.role)) {
            byRole[role] = Score(truth: Set(truth.attackers.filter { $0.role == role }.map { key($0.chain, $0.address) }),
                                 predicted: predictedAttackers)
        }

        var attributed: [String: Double] = [:]
        var attributedText: [String: String] = [:]
        for e in trace.endpoints {
            let k = key(e.chain, e.address) + ":" + e.asset
            attributed[k, default: 0] += Double(e.taintedAmount) ?? 0
            attributedText[k] = attributedText[k] == nil ? integerPart(e.taintedAmount) : String(format: "%.0f", attributed[k]!)
        }
        let amounts = truth.cashouts.map { c -> AmountCheck in
            let k = key(c.chain, c.address) + ":" + c.asset
            let stolen = c.stolenAmount.doubleValue
            let got = attributed[k] ?? 0
            return AmountCheck(chain: c.chain, address: c.address, exchange: c.exchange, asset: c.asset, symbol: c.symbol,
                               decimals: c.decimals, stolen: c.stolenAmount.description, attributed: attributedText[k] ?? "0",
                               relativeError: stolen > 0 ? abs(got - stolen) / stolen : 0)
        }
        let errors = amounts.map(\.relativeError).sorted()
        return TraceEvaluation(policy: trace.parameters.policy.rawValue, mixerMode: trace.parameters.mixerMode.rawValue, stopAt: trace.parameters.stopAt.map(\.rawValue).sorted(),
                               depositAddresses: Score(truth: trueDeposits, predicted: predictedDeposits),
                               exchanges: Score(truth: trueExchanges, predicted: predictedExchanges),
                               attackerAddresses: Score(truth: trueAttackers, predicted: predictedAttackers),
                               attackerRecallByRole: byRole, amounts: amounts,
                               medianAmountError: errors.isEmpty ? nil : errors[errors.count / 2], minShare: minShare)
    }

    /// "Kestrel Exchange deposit" → "Kestrel Exchange" (the detector's label), else the label's entity.
    static func exchangeName(depositLabel: String) -> String {
        let suffix = " deposit"
        if depositLabel.hasSuffix(suffix) { return String(depositLabel.dropLast(suffix.count)) }
        return AddressLabel(chain: "", address: "", label: depositLabel, category: .exchangeDeposit, source: "").entity
    }

    static func isPositive(_ amount: String) -> Bool { amount.contains { $0 != "0" && $0 != "." } }

    static func integerPart(_ amount: String) -> String { String(amount.prefix { $0 != "." }) }
}
