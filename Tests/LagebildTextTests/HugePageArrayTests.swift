import Testing
@testable import LagebildText

@Suite struct HugePageArrayTests {
    @Test func smallAndLargeArraysHoldWhatTheyWereGiven() {
        let small = HugePageArray.make(repeating: UInt64(7), count: 1000)
        #expect(small.count == 1000 && small.allSatisfy { $0 == 7 })
        // Over the threshold (asks for huge pages): every element still written.
        let count = HugePageArray.minimumBytes / 8 + 12345
        let large = HugePageArray.make(repeating: UInt64(0xABCD), count: count)
        #expect(large.count == count && large.allSatisfy { $0 == 0xABCD })
        let filled: [Int32] = HugePageArray.make(count: count) { out in
            for k in out.indices { out.initializeElement(at: k, to: Int32(k % 1000)) }
        }
        #expect(filled.count == count && filled[0] == 0 && filled[999] == 999 && filled[count - 1] == Int32((count - 1) % 1000))
        let empty = HugePageArray.make(repeating: UInt8(1), count: 0)
        #expect(empty.isEmpty)
    }
}
