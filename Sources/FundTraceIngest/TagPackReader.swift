import Foundation
import FundTraceModel
import Yams
import FundTraceCSV

/// GraphSense TagPacks: a YAML header (`title, category, abuse, confidence,
/// currency, label, actor, source …`) whose fields every tag in `tags:`
/// inherits unless it sets its own.
///
/// The category is the pack's `category` mapped to the taxonomy; an `abuse`
/// (sanction, ransomware, service_hack …) overrides a neutral category
/// (user, service, unknown), since it is what an investigator acts on; a
/// pack that says it is a sanctions list (OFAC, SDN) but states no abuse is
/// read as one.
/// Named confidence levels map to GraphSense's scores (0–100).
public enum TagPackReader {
    static let confidenceScores: [String: Int] = [
        "ownership": 100, "override": 100, "authority_data": 100, "ledger_immanent": 90, "forensic": 80,
        "service_data": 70, "manual_transaction": 60, "untrusted_transaction": 40, "web_crawl": 30, "heuristic": 20,
        "unknown": 0,
    ]

    public static func read(path: String) throws -> [AddressLabel] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw IngestError(file: path, line: 1, .invalidUTF8("the file is unreadable or"))
        }
        let root = try BoundedYAML.load(text, path: path)
        guard let pack = root as? [String: Any], let tags = pack["tags"] as? [Any] else {
            throw IngestError(file: path, line: 1, .format("not a TagPack: a YAML mapping with a 'tags' list is expected"))
        }
        let packName = (path as NSString).lastPathComponent
        var out: [AddressLabel] = []
        out.reserveCapacity(tags.count)
        for (i, item) in tags.enumerated() {
            guard let tag = item as? [String: Any] else {
                throw IngestError(file: path, line: 1, .format("tag \(i + 1) is not a mapping"))
            }
            func field(_ k: String) -> String? {
                let v = tag[k] ?? pack[k]
                if let s = v as? String { return s.trimmingCharacters(in: .whitespaces) }
                if let v, !(v is [Any]), !(v is [String: Any]) { return "\(v)" }
                return nil
            }
            guard let rawAddress = field("address"), case .success(let address) = Address.normalized(rawAddress), !address.isEmpty else {
                throw IngestError(file: path, line: 1, .value("tag \(i + 1) has no usable address"))
            }
            let sourceCategory = field("category") ?? ""
            var category = LabelCategory(sourceCategory: sourceCategory)
            if let abuse = field("abuse"), [.other, .service].contains(category) {
                let a = LabelCategory(sourceCategory: abuse)
                category = a == .other ? .scam : a
            }
            let label = field("label") ?? field("title") ?? packName
            if [.other, .service].contains(category), field("abuse") == nil,
               Self.namesSanctionsList([label, field("title") ?? ""]) { category = .sanctioned }
            out.append(AddressLabel(chain: ChainNaming.chain(currency: field("currency") ?? "", address: address), address: address,
                                    label: label, category: category,
                                    sourceCategory: [sourceCategory, field("abuse")].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ";"),
                                    source: "tagpack:" + packName,
                                    confidence: field("confidence").map { confidenceScores[$0] ?? Int($0) ?? 0 },
                                    actor: field("actor")))
        }
        return out
    }

    /// Whether a pack's own words say it lists sanctioned addresses (an
    /// OFAC scrape with a neutral `category: user` and no `abuse`).
    static func namesSanctionsList(_ texts: [String]) -> Bool {
        texts.contains { t in
            let s = t.lowercased()
            return s.contains("ofac") || s.contains("sanctions list") || s.contains("sdn list")
        }
    }

    static func line(of e: YamlError) -> Int? {
        switch e {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        default: return nil
        }
    }
}
