import XCTest
@testable import FundTraceTaint

final class RecordMemoryTests: XCTestCase {
    func testLargeBlocksAreHugePageAlignedAndUsable() {
        let bytes = 3 * RecordMemory.hugePage + 100
        let p = RecordMemory.allocate(byteCount: bytes, alignment: 128)
        defer { p.deallocate() }
        XCTAssertEqual(Int(bitPattern: p) % RecordMemory.hugePage, 0)
        let words = p.bindMemory(to: UInt64.self, capacity: bytes / 8)
        for i in 0..<(bytes / 8) { words[i] = UInt64(i) &* 0x9E37_79B9_7F4A_7C15 }
        for i in stride(from: 0, to: bytes / 8, by: 4099) { XCTAssertEqual(words[i], UInt64(i) &* 0x9E37_79B9_7F4A_7C15) }
    }

    func testSmallBlocksKeepTheAskedAlignment() {
        for size in [0, 1, 128, 4096, RecordMemory.hugePage - 1] {
            let p = RecordMemory.allocate(byteCount: size, alignment: 128)
            XCTAssertEqual(Int(bitPattern: p) % 128, 0, "size \(size)")
            p.deallocate()
        }
    }
}
