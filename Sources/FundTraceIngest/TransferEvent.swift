import FundTraceModel

/// An ERC-20/721 `Transfer` log read by ethereum-etl's rule, for every source of logs (a node's receipts, cryo's
/// logs): the first topic is `keccak256("Transfer(address,address,uint256)")`, and the other topics with the data's
/// 32-byte words make exactly three words — from, to, value (ERC-20: two topics and a data word; ERC-721: three
/// topics, the token id as the value).
public struct TransferEvent: Equatable, Sendable {
    public static let topic = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"

    public var from: String
    public var to: String
    public var value: Amount

    /// The transfer a log records, or nil for any other log. Topics and data are hex, with or without `0x`.
    public init?(topics: [String], data: String) {
        func bare(_ s: String) -> Substring { let l = Substring(s.lowercased()); return l.hasPrefix("0x") ? l.dropFirst(2) : l }
        guard let first = topics.first, "0x" + bare(first) == Self.topic else { return nil }
        var words = topics.dropFirst().map(bare)
        let payload = bare(data)
        guard payload.count % 64 == 0 else { return nil }
        var i = payload.startIndex
        while i < payload.endIndex { let e = payload.index(i, offsetBy: 64); words.append(payload[i..<e]); i = e }
        guard words.count == 3, words.allSatisfy({ HexText.isDigits($0.utf8, count: 64) }),
              case .success(let value) = Amount.parseHex(Array(("0x" + words[2]).utf8)) else { return nil }
        self.from = "0x" + words[0].suffix(40)
        self.to = "0x" + words[1].suffix(40)
        self.value = value
    }
}
