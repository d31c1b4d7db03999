import Testing

@testable import LagebildText

/// Arrays kept to the end of a load give up the spare capacity of their growth, elements unchanged.
struct ArraySlackTests {
    @Test func spareCapacityIsDroppedAndElementsKept() {
        // Spare capacity as growth leaves it (how much depends on the allocator: reserved here).
        var spans: [TextSpan] = []
        spans.reserveCapacity(2_048)
        for k in 0..<1_025 { spans.append(TextSpan(k, k + 3)) }
        let before = spans
        #expect(spans.capacity >= 2_048)
        spans.dropGrowthSlack()
        #expect(spans == before)
        #expect(spans.capacity < 1_025 + 8)  // at most the allocator's rounding
    }

    @Test func elementsWithReferencesSurviveTheMove() {
        var words: [String] = []
        words.reserveCapacity(512)
        for k in 0..<300 { words.append("Wort \(k) im Südchinesischen Meer") }
        words.dropGrowthSlack()
        #expect(words.count == 300)
        #expect(words[299] == "Wort 299 im Südchinesischen Meer")
        #expect(words.capacity < 300 + 4)
    }

    @Test func arraysWithoutMeaningfulSlackKeepTheirStorage() {
        var exact = [Int32](repeating: 7, count: 1_000)
        let address = exact.withUnsafeBufferPointer { $0.baseAddress }
        exact.dropGrowthSlack()
        #expect(exact.withUnsafeBufferPointer { $0.baseAddress } == address)
        var empty: [Int32] = []
        empty.reserveCapacity(64)
        empty.dropGrowthSlack()
        #expect(empty.isEmpty && empty.capacity == 0)
    }
}
