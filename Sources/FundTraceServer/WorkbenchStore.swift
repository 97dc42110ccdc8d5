import Foundation
import FundTraceModel
import FundTraceRender
import FundTraceStore
import FundTraceTrace

/// The store as the workbench reads it: opened once, with its labels, chains and assets in memory.
///
/// Every method reads through ``TransferStore/read(_:)`` (GRDB's queue serialises the reads), and is called
/// off the server's event loops by ``run(_:)``. Nothing here writes to the store.
public final class WorkbenchStore: @unchecked Sendable {
    public typealias Asset = (chainID: Int64, code: String, symbol: String?, decimals: Int?)
    public let path: String
    let store: TransferStore
    let labels: LabelBook
    let chainNames: [Int64: String]
    let chainIDs: [String: Int64]
    let assets: [Int64: Asset]
    let natives: [Int64: Int64]
    let prices: PriceTable

    public init(path: String, prices: PriceTable = PriceTable()) throws {
        self.path = path
        store = try TransferStore(path: path, create: false)
        labels = try LabelBook(store: store)
        (chainNames, assets, natives) = try store.read { r in (try r.chainNames(), try r.assetDetails(), try r.nativeAssets()) }
        chainIDs = Dictionary(chainNames.map { ($0.value, $0.key) }, uniquingKeysWith: { a, _ in a })
        self.prices = prices
    }

    /// Runs `body` on a worker thread, so that SQLite's blocking reads never hold up the event loops.
    func run<T: Sendable>(_ body: @escaping @Sendable (WorkbenchStore) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { c in
            DispatchQueue.global(qos: .userInitiated).async { c.resume(with: Result { try body(self) }) }
        }
    }

    /// The chains the store holds, by name.
    public var chains: [String] { chainNames.values.sorted() }

    func card(_ chain: String, _ address: String) -> AddressCard {
        let primary = labels.primary(chain: chain, address: address)
        return AddressCard(chain: chain, address: address, label: primary?.label, category: primary?.category.rawValue)
    }

    func chainID(_ name: String?) throws -> Int64? {
        guard let name else { return nil }
        guard let id = chainIDs[name] else { throw WorkbenchError.bad("the store holds no chain '\(name)' (it holds \(chains.joined(separator: ", ")))") }
        return id
    }

    /// An asset as the API names it: its code, with its symbol and decimals as the store states them, else as
    /// ``KnownToken`` knows them.
    struct AssetUnit {
        var chain: String, code: String, symbol: String?, decimals: Int?
        /// `base` units in human units: "1.5 ETH".
        func display(_ base: String) -> String { HumanAmount.display(base, decimals: decimals, name: symbol ?? code) }
    }

    func unit(_ id: Int64) -> AssetUnit {
        guard let a = assets[id] else { return AssetUnit(chain: "?", code: "", symbol: nil, decimals: nil) }
        let chain = chainNames[a.chainID] ?? "?"
        let filled = KnownToken.fill(chain: chain, code: a.code, symbol: a.symbol, decimals: a.decimals)
        return AssetUnit(chain: chain, code: a.code, symbol: filled.symbol, decimals: filled.decimals)
    }

    /// The transfers as the API lists them, with addresses, hashes and times looked up together.
    func items(_ rows: [OrderedTransferRow], _ r: StoreReader) throws -> [TransferItem] {
        let texts = try r.addressTexts(lookingUp: Array(Set(rows.flatMap { [$0.row.fromID, $0.row.toID] })))
        let txs = try r.transactionInfo(Array(Set(rows.map(\.row.txID))))
        return rows.map { o in
            let row = o.row
            let chain = chainNames[row.chainID] ?? "?"
            let u = unit(row.assetID)
            return TransferItem(chain: chain, txHash: txs[row.txID]?.hash ?? "", block: row.block, logIndex: row.logIndex,
                                time: o.time ?? txs[row.txID]?.timestamp, kind: row.kind.description,
                                from: card(chain, texts[row.fromID] ?? ""), to: card(chain, texts[row.toID] ?? ""),
                                asset: u.code, symbol: u.symbol, decimals: u.decimals, amount: row.amount.description,
                                display: u.display(row.amount.description), success: row.success)
        }
    }
}
