import Foundation
import FundTraceModel
import FundTraceCSV

/// OFAC's sanctioned digital-currency addresses as extracted per asset by
/// 0xB10C's lists: `sanctioned_addresses_<ASSET>.txt` (one per line) or
/// `.json` (an array). The asset names the chain (`ETH` → ethereum,
/// `XBT` → bitcoin); for tokens (USDT, USDC) the address form decides: a
/// Bitcoin-form USDT address is Omni USDT, labelled on `bitcoin`.
public enum OFACListReader {
    public static func read(path: String) throws -> [AddressLabel] {
        let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let asset = String(name.dropFirst("sanctioned_addresses_".count))
        let data = try WholeFile.read(path, limit: 64 << 20, kind: "an OFAC address list")
        var lines: [(Int, String)] = []
        if path.lowercased().hasSuffix(".json") {
            guard let list = try? JSONSerialization.jsonObject(with: data) as? [String] else {
                throw IngestError(file: path, line: 1, .format("expected a JSON array of address strings"))
            }
            lines = list.enumerated().map { (1, $0.element) }
        } else {
            guard let text = String(data: data, encoding: .utf8) else { throw IngestError(file: path, line: 1, .invalidUTF8("")) }
            lines = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { ($0.offset + 1, String($0.element)) }
        }
        var out: [AddressLabel] = []
        for (line, raw) in lines {
            let a = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if a.isEmpty { continue }
            let address: String
            switch Address.normalized(a) {
            case .success(let x): address = x
            case .failure(let problem): throw IngestError(file: path, line: line, column: 1, .value(problem.description))
            }
            let chain = ChainNaming.chain(currency: asset, address: address)
            out.append(AddressLabel(chain: chain, address: address,
                                    label: "OFAC SDN (\(ChainNaming.listedAsset(asset, chain: chain)))", category: .sanctioned, sourceCategory: "ofac_sdn",
                                    source: "ofac:" + (path as NSString).lastPathComponent, confidence: 100))
        }
        return out
    }
}
