import Foundation
import FundTraceIngest
import FundTraceModel
import FundTraceStore

/// A case folder as `fundtrace simulate` writes it: ethereum-etl CSV in one
/// sub-folder per chain, `labels.csv`, `sources.csv` and `truth/`.
public struct CaseFolder: Sendable {
    public var path: String

    public init(_ path: String) { self.path = path }

    public var sources: String { (path as NSString).appendingPathComponent("sources.csv") }
    public var labels: String { (path as NSString).appendingPathComponent("labels.csv") }

    /// The chain sub-folders, sorted (every folder but `truth`).
    public func chains() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: path).sorted().filter { name in
            var isDir: ObjCBool = false
            return name != "truth" && FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent(name), isDirectory: &isDir)
                && isDir.boolValue
        }
    }

    /// Loads every chain's CSV files and the labels into `store`; returns the load records.
    @discardableResult
    public func load(into store: TransferStore) throws -> [LoadRecord] {
        let loader = Loader(store: store)
        var records: [LoadRecord] = []
        for chain in try chains() {
            let dir = (path as NSString).appendingPathComponent(chain)
            var options = Loader.Options()
            options.chain = chain
            for f in try FileManager.default.contentsOfDirectory(atPath: dir).sorted() where f.hasSuffix(".csv") {
                records.append(try loader.load(path: (dir as NSString).appendingPathComponent(f), options: options).record)
            }
        }
        if FileManager.default.fileExists(atPath: labels) { try store.insertLabels(try LabelFileReader.read(path: labels)) }
        return records
    }
}
