import XCTest
@testable import FundTraceTaint
@testable import FundTraceTaintAdapters

/// The conformance sweep's id-keyed marking agrees with the source spec's own
/// string-keyed rules on every combination, rules the file cannot match included.
final class SourceMarksTests: XCTestCase {
    func testIDKeyedMarkingAgreesWithTheSpec() {
        var seed: UInt64 = 7
        func next(_ n: Int) -> Int { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return Int((seed >> 33) % UInt64(n)) }
        let chains = ["eth", "bsc", "nowhere"], addresses = ["0xA", "0xB", "0xC", "0xunseen"], assets = ["ETH", "DAI", "XYZ"]
        for _ in 0..<200 {
            var rules: [SourceSpec.Rule] = []
            for _ in 0..<next(6) {
                let kind: SourceSpec.Kind = [.address, .wholeBalance, .transfer][next(3)]
                let asset = next(3) == 0 ? nil : assets[next(assets.count)]
                let id = kind == .transfer ? "h\(next(3)):\(next(2))" : addresses[next(addresses.count)]
                rules.append(.init(kind: kind, chain: chains[next(chains.count)], id: id, asset: asset,
                                   startBlock: kind == .address && next(2) == 0 ? UInt64(next(10)) : nil))
            }
            let spec = SourceSpec(rules: rules)
            var names = NameTable()
            for n in ["eth", "bsc", "0xA", "0xB", "0xC", "ETH", "DAI"] { _ = names.id(n) }  // what the "file" names
            let marks = SourceMarks(spec, names: names)
            for chain in ["eth", "bsc"] {
                for a in ["0xA", "0xB", "0xC"] {
                    for asset in ["ETH", "DAI"] {
                        let (c, x, s) = (names.id(chain), names.id(a), names.id(asset))
                        XCTAssertEqual(marks.isWholeBalance(chain: c, address: x, asset: s), spec.isWholeBalance(chain: chain, address: a, asset: asset))
                        XCTAssertEqual(marks.isAddressSource(chain: c, address: x, asset: s), spec.isAddressSource(chain: chain, address: a, asset: asset))
                        for block in [0, 4, 9] as [UInt64] {
                            for hash in ["h0", "h1"] {
                                let byID = marks.isMarkedByAddress(chain: c, to: x, asset: s, block: block)
                                    || marks.hasTransferRules && spec.isMarkedByTransferRule(chain: chain, txHash: hash, logIndex: 1, asset: asset)
                                XCTAssertEqual(byID, spec.isMarked(chain: chain, txHash: hash, logIndex: 1, to: a, asset: asset, block: block),
                                               "\(rules) \(chain) \(a) \(asset) \(block) \(hash)")
                            }
                        }
                    }
                }
            }
        }
    }

    /// The digest prefilter never hides a transfer rule that marks a row: wherever the spec marks `(hash, n)`, the
    /// marks say it may be marked; rules whose index is not written as a row's would be (`07`, `+7`) match nothing.
    func testTheTransferPrefilterNeverHidesAMarkedRow() {
        let ids = ["0xab:7", "0xab:07", "0xab:+7", "0xcd:0", "0xcd:18446744073709551615", "0xef:x", "nocolon"]
        let spec = SourceSpec(rules: ids.map { .init(kind: .transfer, chain: "eth", id: $0) })
        let marks = SourceMarks(spec, names: NameTable())
        for hash in ["0xab", "0xcd", "0xef", "0x00"] {
            for n: UInt64 in [0, 7, 8, .max] {
                let marked = spec.isMarkedByTransferRule(chain: "eth", txHash: hash, logIndex: n, asset: "ETH")
                var h = hash
                let may = h.withUTF8 { marks.mayBeMarkedByTransferRule(txHash: $0, logIndex: n) }
                if marked { XCTAssertTrue(may, "\(hash):\(n)") }
            }
        }
        var h = "0xab"
        XCTAssertTrue(h.withUTF8 { marks.mayBeMarkedByTransferRule(txHash: $0, logIndex: 7) })
        XCTAssertFalse(h.withUTF8 { marks.mayBeMarkedByTransferRule(txHash: $0, logIndex: 8) })
        XCTAssertFalse(SourceMarks(SourceSpec(rules: []), names: NameTable()).hasTransferRules)
    }
}
