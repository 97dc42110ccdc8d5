/// Address text as FundTrace stores it.
///
/// EVM addresses (`0x` + 40 hex digits) are normalised to lower case so that
/// checksummed and plain spellings meet; every other address (Bitcoin base58,
/// bech32, free-form labels in the canonical CSV) is kept exactly, because
/// those encodings are case-sensitive.
public enum Address {
    /// Why an address field was refused.
    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        case notEVM
        case empty
        case controlCharacter
        case tooLong
        public var description: String {
            switch self {
            case .notEVM: return "not an EVM address (0x followed by 40 hex digits)"
            case .empty: return "empty address"
            case .controlCharacter: return "address contains a control character or separator"
            case .tooLong: return "longer than \(Address.maxLength) bytes: not an address"
            }
        }
    }

    /// Whether `bytes` spell `0x` + 40 hex digits (either case).
    @inlinable
    public static func isEVM<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        guard bytes.count == 42 else { return false }
        var i = bytes.makeIterator()
        guard i.next() == UInt8(ascii: "0"), let x = i.next(), x == UInt8(ascii: "x") || x == UInt8(ascii: "X") else { return false }
        while let c = i.next() { if hexDigitValue(c) == nil { return false } }
        return true
    }

    /// A strict EVM address, lower-cased.
    public static func evm<C: Collection>(_ bytes: C) -> Result<String, Problem> where C.Element == UInt8 {
        guard isEVM(bytes) else { return .failure(bytes.isEmpty ? .empty : .notEVM) }
        return .success(lowercasedASCII(bytes))
    }

    /// The longest address any chain spells (Monero's integrated addresses have 106 characters, Cardano's
    /// about 110): longer text is refused, so that a hostile file cannot store one enormous "address".
    public static let maxLength = 256

    /// Any address: EVM spellings are lower-cased, others kept verbatim.
    /// Control characters are refused because they cannot be an address and
    /// would corrupt every format the address is later written to.
    public static func normalized(_ text: String) -> Result<String, Problem> {
        if text.utf8.count > maxLength { return .failure(.tooLong) }
        if text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) { return .failure(.controlCharacter) }
        if isEVM(text.utf8) { return .success(lowercasedASCII(text.utf8)) }
        return .success(text)
    }

    /// An identifier (address or transaction hash) in the form the store keeps:
    /// `0x` followed by 40 or 64 hex digits is lower-cased, anything else is
    /// kept exactly. Use it to match user input (sources, address lists)
    /// against stored data.
    public static func storeForm(_ text: String) -> String {
        let n = text.utf8.count
        guard n == 42 || n == 66, text.hasPrefix("0x") || text.hasPrefix("0X"),
              text.utf8.dropFirst(2).allSatisfy({ hexDigitValue($0) != nil }) else { return text }
        return lowercasedASCII(text.utf8)
    }

    /// A UTXO-chain address (base58, bech32, cashaddr …): non-empty, printable, no spaces.
    public static func utxo(_ text: String) -> Result<String, Problem> {
        if text.isEmpty { return .failure(.empty) }
        if text.utf8.count > maxLength { return .failure(.tooLong) }
        if text.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F || $0 == UInt8(ascii: ",") }) { return .failure(.controlCharacter) }
        return .success(text)
    }

    @inlinable
    static func lowercasedASCII<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        String(decoding: bytes.map { ($0 >= 65 && $0 <= 90) ? $0 + 32 : $0 }, as: UTF8.self)
    }
}
