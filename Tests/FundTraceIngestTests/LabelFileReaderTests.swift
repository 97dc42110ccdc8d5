import Foundation
import FundTraceModel
import FundTraceStore
import XCTest
@testable import FundTraceIngest
import FundTraceCSV
import FundTraceTestSupport

/// Label files read from the real provider data in `../shared/datasets-raw`.
final class LabelFileReaderTests: XCTestCase {
    func raw(_ p: String) throws -> String { try SharedData.url(p).path }

    func testTagPackHeaderFieldsAreInheritedByEachTag() throws {
        let tornado = try LabelFileReader.read(path: try raw("graphsense-tagpacks/packs/tornado_cash.yaml"))
        XCTAssertEqual(tornado.count, 39)
        XCTAssertTrue(tornado.allSatisfy { $0.category == .mixer && $0.chain == "ethereum" && $0.actor == "tornado" && $0.confidence == 100 })
        XCTAssertTrue(tornado.contains { $0.address == "0x8589427373d6d84e98730d7795d8f6f8731fda16" }, "EVM addresses are stored lower-cased")
        XCTAssertEqual(tornado[0].label, "tornado.cash")

        let lazarus = try LabelFileReader.read(path: try raw("graphsense-tagpacks/packs/lazarus.yaml"))
        XCTAssertEqual(lazarus.count, 21)
        // category "user" with abuse "sanction": the abuse decides.
        XCTAssertTrue(lazarus.allSatisfy { $0.category == .sanctioned && $0.actor == "lazarusgroup" })
        XCTAssertEqual(lazarus.filter { $0.chain == "bitcoin" }.count, 20)
        XCTAssertTrue(lazarus.contains { $0.address == "134r8iHv69xdT6p5qVKTsHrcUEuBVZAYak" }, "base58 addresses keep their case")
    }

    func testOFACListsAsTextAndJSONAgree() throws {
        let txt = try LabelFileReader.read(path: try raw("ofac-sanctioned-addresses/sanctioned_addresses_ETH.txt"))
        let json = try LabelFileReader.read(path: try raw("ofac-sanctioned-addresses/sanctioned_addresses_ETH.json"))
        XCTAssertEqual(txt.count, 152)
        XCTAssertEqual(Set(txt.map(\.address)), Set(json.map(\.address)))
        XCTAssertTrue(txt.allSatisfy { $0.category == .sanctioned && $0.chain == "ethereum" })
        // The Ronin exploiter is on the list.
        XCTAssertTrue(txt.contains { $0.address == "0x098b716b8aaf21512996dc57eb0615e2383e2f96" })
        let btc = try LabelFileReader.read(path: try raw("ofac-sanctioned-addresses/sanctioned_addresses_XBT.json"))
        XCTAssertEqual(btc.count, 435)
        XCTAssertTrue(btc.allSatisfy { $0.chain == "bitcoin" })
    }

    func testEtherscanCombinedJSONTakesTheChainFromItsFolder() throws {
        let labels = try LabelFileReader.read(path: try raw("etherscan-labels/data/optimism/combined/combinedAllLabels.json"))
        XCTAssertEqual(labels.count, 545, "546 entries, one of them an aggregate under an empty key")
        XCTAssertTrue(labels.allSatisfy { $0.chain == "optimism" })
        XCTAssertEqual(labels.filter { $0.category == .bridge }.count, 50, "multichain, hop-protocol and bridge tags")
        let eth = try LabelFileReader.read(path: try raw("etherscan-labels/data/etherscan/combined/combinedAllLabels.json"))
        XCTAssertEqual(eth.count, 29_945)
        let kucoin = try XCTUnwrap(eth.first { $0.address == "0x689c56aef474df92d44a1b70850f808488f9769c" })
        XCTAssertEqual(kucoin.category, .exchange)
        XCTAssertEqual(kucoin.entity, "KuCoin")
        let tornado = eth.filter { $0.sourceCategory.split(separator: ";").contains("tornado-cash") }
        XCTAssertEqual(tornado.count, 63)
        XCTAssertTrue(tornado.allSatisfy { $0.category == .mixer })
    }

    func testEtherscanAccountCSVsAreCategorisedByTheirFileName() throws {
        let deposits = try LabelFileReader.read(path: try raw("etherscan-labels/data/etherscan/accounts/binance-deposit.csv"))
        XCTAssertEqual(deposits.count, 1)
        XCTAssertEqual(deposits[0].category, .exchangeDeposit)
        let tornado = try LabelFileReader.read(path: try raw("etherscan-labels/data/etherscan/accounts/tornado-cash.csv"))
        XCTAssertEqual(tornado.count, 63)
        XCTAssertTrue(tornado.allSatisfy { $0.category == .mixer })
        XCTAssertTrue(tornado.contains { $0.label == "Tornado.Cash: 100 ETH" })
    }

    func testFortaAndKnownAddressLists() throws {
        let forta = try LabelFileReader.read(path: try raw("forta-labelled-datasets/labels/1/etherscan_malicious_labels.csv"))
        XCTAssertEqual(forta.count, 7_780)
        XCTAssertEqual(forta.filter { $0.sourceCategory == "exploit" || $0.sourceCategory == "heist" }.count, 139 + 71)
        XCTAssertTrue(forta.filter { $0.sourceCategory == "heist" }.allSatisfy { $0.category == .perpetrator })
        XCTAssertTrue(forta.contains { $0.label.hasPrefix("Ronin Bridge Exploiter") && $0.category == .perpetrator })
        let known = try LabelFileReader.read(path: try raw("tutela-app/known_addresses.csv"))
        XCTAssertEqual(known.count, 19_261)
        XCTAssertGreaterThanOrEqual(known.filter { $0.category == .exchange }.count, 340)
    }

    func testPlainCSVKeepsHostileTextAndLocatesBadRows() throws {
        let dir = try newTemporaryDirectory("labels")
        let good = dir.appendingPathComponent("good.csv").path
        try """
            chain,address,label,category,source
            ethereum,0xAbCdEf0000000000000000000000000000000001,"<script>alert(1)</script> ""Hot"", {wallet}",Exchange,manual
            bitcoin,bc1qexample,Kraken deposit,binance-deposit,manual

            """.write(toFile: good, atomically: true, encoding: .utf8)
        let labels = try LabelFileReader.read(path: good)
        XCTAssertEqual(labels.count, 2)
        XCTAssertEqual(labels[0].address, "0xabcdef0000000000000000000000000000000001")
        XCTAssertEqual(labels[0].label, "<script>alert(1)</script> \"Hot\", {wallet}")
        XCTAssertEqual(labels[0].category, .exchange)
        XCTAssertEqual(labels[1].category, .exchangeDeposit)

        let bad = dir.appendingPathComponent("bad.csv").path
        try "chain,address,label,category,source\nethereum,0x01,a,exchange,m\nethereum,,b,exchange,m\n".write(toFile: bad, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try LabelFileReader.read(path: bad)) { e in
            let e = e as! IngestError
            XCTAssertEqual(e.line, 3); XCTAssertEqual(e.column, 2); XCTAssertEqual(e.columnName, "address")
        }
        let short = dir.appendingPathComponent("short.csv").path
        try "chain,address,label,category,source\nethereum,0x01,a\n".write(toFile: short, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try LabelFileReader.read(path: short)) { XCTAssertEqual(($0 as! IngestError).line, 2) }
        let unknown = dir.appendingPathComponent("unknown.csv").path
        try "a,b\n1,2\n".write(toFile: unknown, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try LabelFileReader.read(path: unknown))
        let yaml = dir.appendingPathComponent("broken.yaml").path
        try "title: x\ntags:\n  - address: [unclosed\n".write(toFile: yaml, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try LabelFileReader.read(path: yaml)) { XCTAssertGreaterThan(($0 as! IngestError).line, 1) }
    }

    func testImportingTwiceAddsNothing() throws {
        let (store, _) = try newStore()
        let labels = try LabelFileReader.read(path: try raw("graphsense-tagpacks/packs/tornado_cash.yaml"))
        XCTAssertEqual(try store.insertLabels(labels), 38, "the pack lists one address twice")
        XCTAssertEqual(try store.insertLabels(labels), 0)
        let shown = try store.read { try $0.labels(address: "0x8589427373d6d84e98730d7795d8f6f8731fda16") }
        XCTAssertEqual(shown.count, 1)
        XCTAssertEqual(shown[0], labels.first { $0.address == "0x8589427373d6d84e98730d7795d8f6f8731fda16" })
    }
}

/// Labels mapped as investigators read them, on the real provider files.
final class LabelMeaningTests: XCTestCase {
    func raw(_ p: String) throws -> String { try SharedData.url(p).path }

    func testEtherscanBlockedIsNotASanction() throws {
        let blocked = try LabelFileReader.read(path: try raw("etherscan-labels/data/etherscan/accounts/blocked.csv"))
        XCTAssertFalse(blocked.isEmpty)
        XCTAssertFalse(blocked.contains { $0.category == .sanctioned }, "Etherscan's blocked tag holds the null address and token contracts")
        XCTAssertTrue(blocked.contains { $0.address == "0x0000000000000000000000000000000000000000" && $0.category == .other })
        let ofacTag = try LabelFileReader.read(path: try raw("etherscan-labels/data/etherscan/accounts/ofac-sanctions-lists.csv"))
        XCTAssertTrue(ofacTag.allSatisfy { $0.category == .sanctioned })
    }

    func testGraphSenseOFACPackIsASanctionsList() throws {
        let ofac = try LabelFileReader.read(path: try raw("graphsense-tagpacks/packs/ofac.yaml"))
        XCTAssertEqual(ofac.count, 572)
        XCTAssertTrue(ofac.allSatisfy { $0.category == .sanctioned }, "category user, no abuse, but the pack says it is the OFAC list")
        // A pack with a neutral category and nothing about sanctions stays what it says.
        XCTAssertFalse(TagPackReader.namesSanctionsList(["Asset listed in a ransomware report", "Exchange wallets"]))
    }

    func testHackPacksNameTheirPerpetrators() throws {
        let ronin = try LabelFileReader.read(path: try raw("graphsense-tagpacks/packs/ronin_bridge.yaml"))
        XCTAssertEqual(ronin.count, 6)
        XCTAssertTrue(ronin.allSatisfy { $0.category == .perpetrator }, "abuse: service_hack is the thief, not a scam")
    }

    func testOmniUSDTAddressesAreBitcoinAddresses() throws {
        let usdt = try LabelFileReader.read(path: try raw("ofac-sanctioned-addresses/sanctioned_addresses_USDT.txt"))
        XCTAssertEqual(usdt.count, 26)
        XCTAssertFalse(usdt.contains { $0.chain == "usdt" })
        let omni = usdt.filter { $0.chain == "bitcoin" }
        XCTAssertFalse(omni.isEmpty)
        XCTAssertTrue(omni.allSatisfy { $0.label == "OFAC SDN (USDT on Omni)" && ($0.address.hasPrefix("1") || $0.address.hasPrefix("3")) })
        XCTAssertTrue(usdt.filter { $0.chain == "ethereum" }.allSatisfy { $0.label == "OFAC SDN (USDT on ethereum)" })
        XCTAssertEqual(usdt.filter { $0.chain != "bitcoin" }.count, usdt.filter { $0.chain == "ethereum" || $0.chain == "tron" }.count)
    }

    func testUnknownFilesAreNotLabelFiles() throws {
        _ = try raw("README.md")  // skips here when ../shared is absent, not inside an assertion
        XCTAssertFalse(LabelFileReader.recognises(path: try raw("README.md")))
        XCTAssertFalse(LabelFileReader.recognises(path: try raw("dspytdao-eth-data/LazarusTabularTxs1322519.csv")))
        XCTAssertTrue(LabelFileReader.recognises(path: try raw("forta-labelled-datasets/labels/1/etherscan_malicious_labels.csv")))
        XCTAssertTrue(LabelFileReader.recognises(path: try raw("graphsense-tagpacks/packs/ofac.yaml")))
    }
}

/// Label packs from strangers: bounded, and never a crash (the fuzzer's TagPack findings).
final class BoundedYAMLTests: XCTestCase {
    func write(_ text: String) throws -> String {
        try temporaryFile("pack.yaml", Data(text.utf8))
    }

    func testAliasesThatWouldExpandWithoutBoundAreRefusedAtOnce() throws {
        var text = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        for (x, y) in zip("bcdefghi", "abcdefgh") { text += "\(x): &\(x) [" + Array(repeating: "*\(y)", count: 9).joined(separator: ",") + "]\n" }
        text += "tags: [*i]\n"
        let path = try write(text)
        XCTAssertThrowsError(try TagPackReader.read(path: path)) { e in
            XCTAssertEqual((e as? IngestError)?.line, 1)
            XCTAssertEqual((e as? IngestError)?.cause.kind, .format, "\(e)")
            XCTAssertTrue("\(e)".contains("anchor refused"), "\(e)")
        }
    }

    func testANonScalarKeyIsAnErrorWithItsPlaceNotACrash() throws {
        let path = try write("title: x\ntags:\n- address: \"0x0000000000000000000000000000000000000001\"\n- ? [a, b]\n  : c\n")
        XCTAssertThrowsError(try TagPackReader.read(path: path)) { e in
            XCTAssertEqual((e as? IngestError)?.line, 4)
            XCTAssertEqual((e as? IngestError)?.cause, .format("YAML mapping key is not a scalar"), "\(e)")
        }
    }

    func testStarsAndAmpersandsInsideTextAreText() throws {
        let path = try write("""
            title: Exchange wallets
            category: exchange
            tags:
            - address: "0x0000000000000000000000000000000000000001"
              label: Binance *hot* wallet & more # a comment with &anchor
            - address: '0x0000000000000000000000000000000000000002'
              label: "*quoted* &too"

            """)
        let labels = try TagPackReader.read(path: path)
        XCTAssertEqual(labels.map(\.label), ["Binance *hot* wallet & more", "*quoted* &too"])
        XCTAssertNil(BoundedYAML.anchorOrAlias(in: "k: [a, b]\nv: x*y & z\n"))
        XCTAssertEqual(BoundedYAML.anchorOrAlias(in: "k: [a, *b]\n").map { [$0.0, $0.1] }, [1, 8])
    }
}
