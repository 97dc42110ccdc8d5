import XCTest
@testable import FundTraceModel

final class AmountTests: XCTestCase {
    let max256 = "115792089237316195423570985008687907853269984665640564039457584007913129639935"

    func testDecimalRoundTripAtEveryScale() {
        for s in ["0", "1", "9", "10", "18446744073709551615", "18446744073709551616", "1000000000000000000000000000000", max256] {
            XCTAssertEqual(Amount(s)?.description, s)
        }
        XCTAssertEqual(Amount("000123")?.description, "123")
        XCTAssertEqual(Amount.maxInput.description, max256)
    }

    /// Decimal digits at every width up to 2^320 − 1, against repeated
    /// division by 10 (an independent, slow reference) and, below 2^256,
    /// against parsing them back; appending keeps what the buffer held.
    func testDecimalDigitsMatchRepeatedDivision() {
        func reference(_ a: Amount) -> String {
            var v = a, digits: [Character] = []
            repeat { let (q, r) = v.quotientAndRemainder(dividingBy: 10); digits.append(Character(String(r))); v = q } while !v.isZero
            return String(digits.reversed())
        }
        var x: UInt64 = 99
        func next() -> UInt64 { x = x &* 6364136223846793005 &+ 1442695040888963407; return x ^ (x >> 29) }
        var values: [Amount] = [.zero, Amount(UInt64.max), .max, Amount(w0: 0, w1: 1, w2: 0, w3: 0),
                                Amount(w0: 0, w1: 0, w2: 0, w3: 0, w4: 1), Amount(10_000_000_000_000_000_000)]
        for i in 0..<600 {
            let width = i % 5
            values.append(Amount(w0: next(), w1: width >= 1 ? next() : 0, w2: width >= 2 ? next() : 0, w3: width >= 3 ? next() : 0,
                                 w4: width >= 4 ? next() >> (next() % 64) : 0))
        }
        for v in values {
            let text = reference(v)
            XCTAssertEqual(v.description, text)
            var buffer = Array("x,".utf8)
            v.appendDecimal(to: &buffer)
            XCTAssertEqual(String(decoding: buffer, as: UTF8.self), "x," + text)
            if v.w4 == 0 { XCTAssertEqual(Amount(text), v) }
        }
    }

    func testParseRejectsWithReasons() {
        XCTAssertEqual(Amount.parseDecimal("".utf8), .failure(.empty))
        XCTAssertEqual(Amount.parseDecimal("-1".utf8), .failure(.negative))
        XCTAssertEqual(Amount.parseDecimal("1.5".utf8), .failure(.fractional))
        XCTAssertEqual(Amount.parseDecimal("1e18".utf8), .failure(.fractional))
        XCTAssertEqual(Amount.parseDecimal("12a".utf8), .failure(.invalidCharacter(offset: 2)))
        XCTAssertEqual(Amount.parseDecimal(" 1".utf8), .failure(.invalidCharacter(offset: 0)))
        // 2^256 is one past the largest on-chain amount.
        XCTAssertEqual(Amount.parseDecimal("115792089237316195423570985008687907853269984665640564039457584007913129639936".utf8), .failure(.overflow))
        XCTAssertEqual(Amount.parseDecimal(String(repeating: "9", count: 120).utf8), .failure(.overflow))
    }

    func testHexAndUnits() {
        XCTAssertEqual(try? Amount.parseHex("0xde0b6b3a7640000".utf8).get(), Amount(1_000_000_000_000_000_000))
        XCTAssertEqual(try? Amount.parseHex(("0x" + String(repeating: "f", count: 64)).utf8).get(), .maxInput)
        XCTAssertEqual(try? Amount.parseUnits("1.5", decimals: 18).get().description, "1500000000000000000")
        XCTAssertEqual(try? Amount.parseUnits("1,234.56", decimals: 6).get().description, "1234560000")
        XCTAssertEqual(try? Amount.parseUnits("0.000441", decimals: 18).get().description, "441000000000000")
        XCTAssertEqual(try? Amount.parseUnits("2.10", decimals: 1).get().description, "21")
        XCTAssertEqual(Amount.parseUnits("0.123", decimals: 2), .failure(.tooManyDecimals(allowed: 2)))
    }

    func testArithmeticCarriesAndHeadroomAbove2To256() {
        let a = Amount.maxInput
        let sum = a + a   // 2^257 − 2: beyond any input, still exact
        XCTAssertEqual(sum - a, a)
        XCTAssertEqual(sum.description, "231584178474632390847141970017375815706539969331281128078915168015826259279870")
        XCTAssertEqual(Amount(UInt64.max) + Amount(1), Amount(w0: 0, w1: 1, w2: 0, w3: 0))
        XCTAssertEqual(Amount(w0: 0, w1: 1, w2: 0, w3: 0) - Amount(1), Amount(UInt64.max))
        XCTAssertTrue(Amount(1) < Amount(w0: 0, w1: 1, w2: 0, w3: 0))
        XCTAssertEqual(Amount.max.saturatingAdd(Amount(1)), .max)
        let (p, o) = Amount(85143).multipliedReportingOverflow(by: Amount(80869370967))
        XCTAssertFalse(o)
        XCTAssertEqual(p.description, "6885460852243281")
        XCTAssertTrue(Amount.max.multipliedReportingOverflow(by: Amount(2)).overflow)
    }

    func testAddresses() {
        XCTAssertEqual(try? Address.evm("0xAbCdEf0123456789abcdef0123456789ABCDEF01".utf8).get(), "0xabcdef0123456789abcdef0123456789abcdef01")
        XCTAssertEqual(Address.evm("0x123".utf8), .failure(.notEVM))
        XCTAssertEqual(try? Address.normalized("1PkqKGbNLDdDJGveCcNUMV9CEFH77ADrPQ").get(), "1PkqKGbNLDdDJGveCcNUMV9CEFH77ADrPQ")
        XCTAssertEqual(Address.normalized("a\nb"), .failure(.controlCharacter))
        XCTAssertEqual(Address.storeForm("0xAbCdEf0123456789abcdef0123456789ABCDEF01"), "0xabcdef0123456789abcdef0123456789abcdef01")
        XCTAssertEqual(Address.storeForm("0x" + String(repeating: "E", count: 64)), "0x" + String(repeating: "e", count: 64))
        XCTAssertEqual(Address.storeForm("0xAB"), "0xAB", "not an address or hash: kept exactly")
        XCTAssertEqual(Address.storeForm("1PkqKGbNLDdDJGveCcNUMV9CEFH77ADrPQ"), "1PkqKGbNLDdDJGveCcNUMV9CEFH77ADrPQ")
    }

    func testKeccak256() {
        XCTAssertEqual(Keccak256.hash([]).map { String(format: "%02x", $0) }.joined(),
                       "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")
    }
}
