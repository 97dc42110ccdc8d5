import Foundation
import FundTraceModel
import FundTraceCSV

/// Reads the label files investigators collect, recognised by name and
/// content (no flag needed):
///
/// | format | recognised by |
/// | --- | --- |
/// | plain CSV | header `chain,address,label,category,source` |
/// | GraphSense TagPack | `.yaml` / `.yml` (see ``TagPackReader``) |
/// | etherscan-labels JSON | `.json` holding `{address: {name, labels}}` |
/// | Etherscan account-label CSV | header `,Address,Name Tag,Balance,Txn Count`; the file name is the tag (`binance-deposit.csv`) |
/// | OFAC per-asset lists | `sanctioned_addresses_<ASSET>.txt` / `.json` |
/// | Forta labelled datasets | headers `banned_address,wallet_tag,data_source` and `address,etherscan_tag,…` |
/// | Kaggle / tutela known addresses | header `address,name,account_type,entity,legitimacy,tags` |
///
/// Every label is untrusted text: it is stored as written and escaped where
/// it is shown. A malformed row fails with file, line and column.
public enum LabelFileReader {
    public static let plainHeader = ["chain", "address", "label", "category", "source"]

    /// The labels in `path`; `chain` names the chain of formats that do not
    /// (defaults: from the Etherscan folder name, else `ethereum`).
    public static func read(path: String, chain: String? = nil) throws -> [AddressLabel] {
        let name = (path as NSString).lastPathComponent
        let ext = (name as NSString).pathExtension.lowercased()
        if ext == "yaml" || ext == "yml" { return try TagPackReader.read(path: path) }
        if name.hasPrefix("sanctioned_addresses_") { return try OFACListReader.read(path: path) }
        if ext == "json" { return try EtherscanLabelsReader.readCombined(path: path, chain: chain) }
        return try readCSV(path: path, chain: chain)
    }

    /// CSV headers of the label formats, besides the plain one.
    static let knownHeaders: [[String]] = [
        plainHeader, ["", "Address", "Name Tag", "Balance", "Txn Count"], ["banned_address", "wallet_tag", "data_source"],
        ["address", "etherscan_tag", "etherscan_labels", "is_contract"], ["address", "name", "account_type", "entity", "legitimacy", "tags"],
    ]

    /// Whether `path` is in a label format FundTrace reads (by name, and a
    /// CSV by its header); a file that is not is skipped by `labels import`,
    /// while a recognised file with a bad row is an error.
    public static func recognises(path: String) -> Bool {
        let name = (path as NSString).lastPathComponent
        let ext = (name as NSString).pathExtension.lowercased()
        if ["yaml", "yml", "json"].contains(ext) || name.hasPrefix("sanctioned_addresses_") { return true }
        guard let reader = try? CSVReader(path: path), let header = try? reader.readHeader() else { return false }
        return knownHeaders.contains(header.map { $0.trimmingCharacters(in: .whitespaces) })
    }

    static func readCSV(path: String, chain: String?) throws -> [AddressLabel] {
        let reader = try CSVReader(path: path)
        let header = try reader.readHeader().map { $0.trimmingCharacters(in: .whitespaces) }
        let row: (CSVRow) throws -> AddressLabel?
        switch header {
        case plainHeader:
            row = { r in
                let category = try r.text(3)
                let chain = try r.text(0)
                guard !chain.isEmpty else { throw r.error(1, "empty chain") }
                return AddressLabel(chain: chain, address: try r.address(1), label: try r.text(2),
                                    category: LabelCategory(sourceCategory: category), sourceCategory: category, source: try r.text(4))
            }
        case ["", "Address", "Name Tag", "Balance", "Txn Count"]:
            return try EtherscanLabelsReader.readAccountsCSV(reader: reader, chain: chain)
        case ["banned_address", "wallet_tag", "data_source"]:
            row = { r in
                let source = try r.text(2)
                // "etherscan-phish-hack-list" → phish-hack; Forta's tags are names ("Ronin Bridge Exploiter").
                let kind = source.replacingOccurrences(of: "etherscan-", with: "").replacingOccurrences(of: "-list", with: "")
                return AddressLabel(chain: chain ?? "ethereum", address: try r.address(0), label: try r.text(1),
                                    category: LabelCategory(sourceCategory: kind), sourceCategory: kind, source: "forta:" + source)
            }
        case ["address", "etherscan_tag", "etherscan_labels", "is_contract"]:
            row = { r in
                AddressLabel(chain: chain ?? "ethereum", address: try r.address(0), label: try r.text(1),
                             category: .scam, sourceCategory: "phishing", source: "forta:phishing_scams")
            }
        case ["address", "name", "account_type", "entity", "legitimacy", "tags"]:
            row = { r in
                let entity = try r.text(3)
                let tags = try r.text(5)
                var category = LabelCategory(sourceCategory: entity)
                if category == .other { category = LabelCategory(sourceCategory: tags) }
                if try r.text(4) == "0", category == .other { category = .scam }
                return AddressLabel(chain: chain ?? "ethereum", address: try r.address(0), label: try r.text(1),
                                    category: category, sourceCategory: entity.isEmpty ? tags : entity, source: "known_addresses")
            }
        default:
            throw IngestError(file: path, line: 1, .format("not a label file FundTrace knows (plain labels CSV needs the header '\(plainHeader.joined(separator: ","))')"))
        }
        var out: [AddressLabel] = []
        while try reader.next() {
            let r = CSVRow(reader: reader, header: header)
            guard reader.fieldCount == header.count else {
                throw IngestError(file: path, line: reader.line, column: min(reader.fieldCount, header.count) + 1,
                                  .fieldCount(expected: header.count, found: reader.fieldCount))
            }
            if let l = try row(r) { out.append(l) }
        }
        return out
    }
}

/// One record of a label CSV with located errors.
struct CSVRow {
    let reader: CSVReader
    let header: [String]

    func error(_ column: Int, _ reason: String) -> IngestError {
        IngestError(file: reader.path, line: reader.line, column: column, columnName: header[column - 1], .value(reason))
    }

    /// Field `i` (0-based) as trimmed UTF-8 text.
    func text(_ i: Int) throws -> String {
        guard let s = reader.string(i) else { throw error(i + 1, "invalid UTF-8") }
        return s.trimmingCharacters(in: .whitespaces)
    }

    /// Field `i` as an address in store form.
    func address(_ i: Int) throws -> String {
        switch Address.normalized(try text(i)) {
        case .success(let a) where !a.isEmpty: return a
        case .success: throw error(i + 1, Address.Problem.empty.description)
        case .failure(let p): throw error(i + 1, p.description)
        }
    }
}
