import Foundation
import LagebildTestSupport
import Testing

@testable import LagebildIndex
@testable import LagebildText

/// The index and BM25 against a brute-force scan over random documents.
struct InvertedIndexTests {
    static func build(_ documents: [[String]], segments: Int) -> InvertedIndex {
        var index = InvertedIndex()
        let perSegment = max(1, (documents.count + segments - 1) / segments)
        var base = 0
        while base < documents.count {
            var segment = IndexSegment()
            let slice = documents[base..<min(documents.count, base + perSegment)]
            for (local, words) in slice.enumerated() {
                segment.beginDocument(Int32(local))
                for word in words {
                    var copy = word
                    copy.withUTF8 { segment.add($0, extra: false) }
                }
                segment.endDocument()
            }
            segment.finish()
            index.merge(segment, base: Int32(base))
            base += slice.count
            if base % 3 == 0 { index.seal() }  // sealing in between must not change anything
        }
        index.seal()
        return index
    }

    @Test func searchMatchesBruteForce() {
        var rng = SeededGenerator(seed: 2025)
        let vocabulary = (0..<40).map { "w\($0)" }
        let documents = (0..<300).map { _ in
            (0..<Int.random(in: 1..<60, using: &rng)).map { _ in vocabulary.randomElement(using: &rng)! }
        }
        let index = Self.build(documents, segments: 7)
        let n = Double(documents.count)
        let average = Double(documents.map(\.count).reduce(0, +)) / n
        for _ in 0..<200 {
            let query = (0..<Int.random(in: 1...3, using: &rng)).map { _ in vocabulary.randomElement(using: &rng)! }
            let hits = index.search(query.map { [$0] }, limit: Int.max)
            var expected: [(Int32, Double)] = []
            for (d, words) in documents.enumerated() where query.allSatisfy(words.contains) {
                var score = 0.0
                for term in query {
                    let df = Double(documents.filter { $0.contains(term) }.count)
                    let tf = Double(words.filter { $0 == term }.count)
                    let idf = log(1 + (n - df + 0.5) / (df + 0.5))
                    score += idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * Double(words.count) / average))
                }
                expected.append((Int32(d), score))
            }
            #expect(hits.count == expected.count)
            let byDocument = Dictionary(uniqueKeysWithValues: hits.map { ($0.document, $0.score) })
            for (d, score) in expected {
                #expect(abs((byDocument[d] ?? -1) - score) < 1e-9)
            }
            #expect(zip(hits, hits.dropFirst()).allSatisfy { $0.score >= $1.score })
        }
    }

    @Test func removedPostingsNoLongerMatch() {
        var index = Self.build([["a", "b", "b"], ["b", "c"], ["a"]], segments: 2)
        #expect(index.documentFrequency("b") == 2)
        index.remove(document: 0, counts: ["b": 2, "a": 1], length: 3)
        #expect(index.documentFrequency("b") == 1)
        #expect(index.search([["b"]], limit: 10).map(\.document) == [1])
        #expect(index.search([["a"]], limit: 10).map(\.document) == [2])
    }

    @Test func internerRoundTrips() {
        var interner = TermInterner(capacity: 4)
        var ids: [Int32] = []
        for k in 0..<5000 { ids.append(interner.intern("t\(k)")) }
        #expect(interner.count == 5000)
        for k in 0..<5000 {
            #expect(interner.find("t\(k)") == ids[k])
            #expect(interner.string(ids[k]) == "t\(k)")
        }
        #expect(interner.find("missing") == nil)
        #expect(interner.intern("t17") == ids[17])
    }
}
