import XCTest
@testable import FundTraceTaint

/// One place opens the engine a policy value names.
final class TaintPolicyTests: XCTestCase {
    struct Name: AccountPolicyWork {
        func run<P: AccountTaintPolicy>(_ policy: P.Type) -> String { "\(P.self)/\(P.policy)" }
    }

    struct Fails: AccountPolicyWork {
        struct Refused: Error {}
        func run<P: AccountTaintPolicy>(_ policy: P.Type) throws -> Int { throw Refused() }
    }

    func testEachPolicyOpensItsOwnEngine() {
        // Work that cannot fail needs no `try`.
        XCTAssertEqual(TaintPolicy.allCases.map { $0.run(Name()) },
                       ["PoisonPolicy/poison", "HaircutPolicy/haircut", "SegmentQueuePolicy<FrontFirst>/fifo", "SegmentQueuePolicy<BackFirst>/lifo", "TIHOPolicy/tiho"])
        XCTAssertThrowsError(try TaintPolicy.fifo.run(Fails())) { XCTAssertTrue($0 is Fails.Refused) }
    }
}
