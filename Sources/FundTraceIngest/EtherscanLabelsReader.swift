import Foundation
import FundTraceModel
import FundTraceCSV

/// The etherscan-labels scrape (brianleect/etherscan-labels): the combined
/// `{address: {name, labels: [tag…]}}` JSON per explorer, and the per-tag
/// account CSVs (`accounts/<tag>.csv`). The explorer folder in the path names
/// the chain (`bscscan` → bsc) unless `chain` is given. An address with
/// several tags takes the category of ``LabelCategory/tracePrecedence``.
public enum EtherscanLabelsReader {
    static func chain(for path: String, _ given: String?) -> String {
        if let given { return given }
        for part in path.split(separator: "/").reversed() {
            if let c = ChainNaming.byExplorer[String(part)] { return c }
        }
        return "ethereum"
    }

    public static func readCombined(path: String, chain given: String? = nil) throws -> [AddressLabel] {
        let data = try WholeFile.read(path, limit: 512 << 20, kind: "an etherscan-labels JSON file")
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw IngestError(file: path, line: 1, .format("expected a JSON object of address → {name, labels}"))
        }
        let chain = chain(for: path, given)
        var out: [AddressLabel] = []
        out.reserveCapacity(object.count)
        // The scrape holds one aggregate entry under an empty key ("Sum of 4 Accounts"): not an address.
        for (address, value) in object.sorted(by: { $0.key < $1.key }) where !address.isEmpty {
            guard let entry = value as? [String: Any], case .success(let a) = Address.normalized(address), !a.isEmpty else {
                throw IngestError(file: path, line: 1, .format("entry '\(address.prefix(60))' is not address → {name, labels}"))
            }
            let tags = (entry["labels"] as? [String]) ?? []
            let name = (entry["name"] as? String) ?? ""
            let category = tags.map { LabelCategory(sourceCategory: $0) }
                .min { $0.traceRank < $1.traceRank } ?? .other
            out.append(AddressLabel(chain: chain, address: a, label: name.isEmpty ? tags.joined(separator: ", ") : name,
                                    category: category, sourceCategory: tags.joined(separator: ";"), source: "etherscan-labels"))
        }
        return out
    }

    /// An `accounts/<tag>.csv` file, already positioned after its header.
    static func readAccountsCSV(reader: CSVReader, chain given: String?) throws -> [AddressLabel] {
        let tag = ((reader.path as NSString).lastPathComponent as NSString).deletingPathExtension
        let chain = chain(for: reader.path, given)
        let header = reader.header
        var out: [AddressLabel] = []
        while try reader.next() {
            guard reader.fieldCount == header.count else {
                throw IngestError(file: reader.path, line: reader.line, column: min(reader.fieldCount, header.count) + 1,
                                  .fieldCount(expected: header.count, found: reader.fieldCount))
            }
            let r = CSVRow(reader: reader, header: header)
            let name = try r.text(2)
            out.append(AddressLabel(chain: chain, address: try r.address(1), label: name.isEmpty ? tag : name,
                                    category: LabelCategory(sourceCategory: tag), sourceCategory: tag, source: "etherscan-labels"))
        }
        return out
    }
}
