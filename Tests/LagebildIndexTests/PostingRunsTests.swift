import Testing

@testable import LagebildIndex

/// A segment's postings as compact runs decode to exactly what was encoded.
struct PostingRunsTests {
    @Test func runsDecodeToTheirPostings() {
        // Three terms: one with large gaps and counts at their limits, one empty, one with heads only.
        let start: [Int32] = [0, 4, 4, 6]
        let documents: [Int32] = [0, 1, 300, 2_000_000, 7, 8]
        let counts: [UInt32] = [1 << 16, 3 << 16 | 2, 0xFFFF << 16 | 0xFFFF, 200 << 16, 1, 129]
        let (runStart, runs) = PostingRuns.encode(start: start, documents: documents, counts: counts)
        #expect(runStart.count == 4)
        #expect(Int(runStart[3]) == runs.count)
        runs.withUnsafeBufferPointer { bytes in
            for t in 0..<3 {
                var decoded: [(Int32, UInt32)] = []
                PostingRuns.forEach(bytes, at: Int(runStart[t])) { decoded.append(($0, $1)) }
                let expected = (Int(start[t])..<Int(start[t + 1])).map { (documents[$0], counts[$0]) }
                #expect(decoded.map(\.0) == expected.map(\.0))
                #expect(decoded.map(\.1) == expected.map(\.1))
                #expect(PostingRuns.count(bytes, at: Int(runStart[t])) == expected.count)
            }
            // Read one after the other, each run ends where the next begins (the index keeps no starts).
            var offset = 0
            for t in 0..<3 {
                var read = 0
                PostingRuns.forEach(bytes, from: &offset) { _, _ in read += 1 }
                #expect(offset == Int(runStart[t + 1]) && read == Int(start[t + 1] - start[t]))
            }
        }
        // A word-only posting with a small gap takes two bytes.
        let (_, small) = PostingRuns.encode(start: [0, 1], documents: [5], counts: [1 << 16])
        #expect(small.count == 3)  // the count, then the gap and the counts
    }
}
