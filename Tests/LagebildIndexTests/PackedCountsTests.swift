import Testing

@testable import LagebildIndex

/// Counts kept in a byte where they are small read back exactly, escaped ones included, also after a
/// compaction moved and changed them.
struct PackedCountsTests {
    static let counts: [UInt32] = [1 << 16, 200 << 16, 201 << 16, 1, 54, 55, 3 << 16 | 2, 0xFFFF << 16, 7 << 16, 0xFFFF]

    @Test func countsReadBackAsPacked() {
        let packed = PackedCounts(Self.counts)
        #expect(packed.count == Self.counts.count)
        #expect((0..<packed.count).map { packed[$0] } == Self.counts)
        #expect(packed.unpacked == Self.counts)
        // Escaped: 201 words, 55 heads, words and heads together, 65,535 of either.
        #expect(packed.escapedPostings == [2, 5, 6, 7, 9])
        #expect(packed.byteSize == Self.counts.count + 5 * 12)
    }

    @Test func compactionKeepsMovesAndChangesCounts() {
        var packed = PackedCounts(Self.counts)
        // Drop postings 0 and 5, change posting 6 to one head, keep the rest.
        packed.compact { read, write, _ in
            var out = 0
            for i in Self.counts.indices where i != 0 && i != 5 {
                write(out, i == 6 ? 1 : read(i))
                out += 1
            }
            return out
        }
        let expected: [UInt32] = [200 << 16, 201 << 16, 1, 54, 1, 0xFFFF << 16, 7 << 16, 0xFFFF]
        #expect((0..<packed.count).map { packed[$0] } == expected)
        #expect(packed.escapedPostings == [1, 5, 7])
    }

    /// Blocks moved whole: one that stays where it is, one moved down over a dropped posting; the escaped
    /// counts among them come along.
    @Test func compactionMovesBlocks() {
        var packed = PackedCounts(Self.counts)
        packed.compact { read, write, move in
            move(0..<3, 0)  // stays (posting 2 escaped)
            write(3, read(4))  // posting 3 dropped
            move(5..<10, 4)  // moved down by one (5, 6, 7, 9 escaped)
            return 9
        }
        var expected = Self.counts
        expected.remove(at: 3)
        #expect((0..<packed.count).map { packed[$0] } == expected)
        #expect(packed.escapedPostings == [2, 4, 5, 6, 8])
    }
}
