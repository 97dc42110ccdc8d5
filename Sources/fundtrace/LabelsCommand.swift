import ArgumentParser
import Foundation
import FundTraceIngest
import FundTraceModel
import FundTraceStore

struct LabelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "labels",
        abstract: "Import address labels (exchanges, mixers, bridges, sanctioned …) and look them up.",
        subcommands: [LabelsImportCommand.self, LabelsShowCommand.self])
}

struct LabelsImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import label files into the store.",
        discussion: """
            Recognised by name and header: plain CSV (chain,address,label,category,source); GraphSense TagPack YAML \
            (header fields inherited by each tag; category, abuse, confidence and actor kept); the etherscan-labels \
            combined JSON and account CSVs (the file name is the tag, e.g. binance-deposit.csv); OFAC per-asset \
            lists (sanctioned_addresses_ETH.txt / .json); Forta's labelled datasets; Kaggle/tutela known_addresses.csv. \
            Providers' categories are mapped to FundTrace's taxonomy: \(LabelCategory.allCases.map(\.rawValue).joined(separator: ", ")). \
            Importing the same file twice adds nothing.
            """)

    @OptionGroup var store: StoreOption
    @Option(help: "Chain of files that do not name one (default: from the Etherscan folder name, else ethereum).")
    var chain: String?
    @Flag(help: "Print one JSON object per file.") var json = false
    @Argument(help: "Label files.") var files: [String]

    func run() throws {
        let st = try store.openOrCreate()
        var skipped = 0
        for file in files {
            var labels: [AddressLabel] = []
            // A file of no label format FundTrace knows is skipped with a note; a known format with a bad row stops the import.
            guard LabelFileReader.recognises(path: file) else {
                Terminal.error("note: skipped \(Terminal.printable(file)): not a label file FundTrace knows "
                               + "(plain labels CSV needs the header '\(LabelFileReader.plainHeader.joined(separator: ","))')")
                skipped += 1
                continue
            }
            try reportingInvalidInput { labels = try LabelFileReader.read(path: file, chain: chain) }
            let added = try st.insertLabels(labels)
            try st.recordLabelFile(LabelFileRecord(file: file, sha256: try FileDigest.sha256(path: file), labels: labels.count, added: added,
                                                   importedAt: ISO8601DateFormatter().string(from: Date())))
            var byCategory: [String: Int] = [:]
            for l in labels.sorted(by: { ($0.category.displayRank, $0.label) < ($1.category.displayRank, $1.label) }) { byCategory[l.category.rawValue, default: 0] += 1 }
            if json {
                let object: [String: Any] = ["file": file, "read": labels.count, "added": added, "categories": byCategory]
                let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
                print(String(decoding: data, as: UTF8.self))
            } else {
                let summary = byCategory.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                print("\(Terminal.printable(file)): \(labels.count) labels read, \(added) new (\(summary))")
            }
        }
        if skipped == files.count { throw ValidationError("none of the files is a label file FundTrace knows") }
    }
}

struct LabelsShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print what the store's labels say about an address.")

    @OptionGroup var store: StoreOption
    @Flag(help: "Print JSON.") var json = false
    @Argument(help: "The address (EVM addresses in any case).") var address: String

    func run() throws {
        let st = try store.open()
        let labels = try st.read { try $0.labels(address: Address.storeForm(address)) }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.keyEncodingStrategy = .convertToSnakeCase
            print(String(decoding: try encoder.encode(labels), as: UTF8.self))
            return
        }
        if labels.isEmpty {
            print("\(Terminal.printable(address)): no labels in \(store.db)")
            throw ExitCode(1)
        }
        for l in labels.sorted(by: { ($0.category.displayRank, $0.label) < ($1.category.displayRank, $1.label) }) {
            var line = "\(l.chain)  \(l.category.rawValue)  \(Terminal.printable(l.label))"
            if let actor = l.actor { line += "  actor=\(Terminal.printable(actor))" }
            if let c = l.confidence { line += "  confidence=\(c)" }
            line += "  [\(Terminal.printable(l.source)); \(Terminal.printable(l.sourceCategory))]"
            print(line)
        }
    }
}
