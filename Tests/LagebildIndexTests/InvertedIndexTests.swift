import Foundation
import LagebildTestSupport
import Testing

@testable import LagebildIndex
@testable import LagebildText

/// A document as the brute-force model sees it: position → the word there and the compound head it may
/// carry (a position without an entry is a gap).
private typealias ModelDocument = [UInt32: (word: String, head: String?)]

/// The index and its query evaluation against a brute-force scan over random documents: the same hits and
/// the same BM25 scores (to 1e-9) for terms with alternative forms, compound heads, phrases, proximity,
/// AND, OR, NOT and field-style document filters, also after occurrences were taken out again.
struct InvertedIndexTests {
    static let vocabulary = (0..<24).map { "w\($0)" }

    /// Random documents: words from a small vocabulary, some with a compound head (also drawn from the
    /// vocabulary, so that one term occurs both ways), and a few gaps.
    private static func randomDocuments(_ count: Int, _ rng: inout SeededGenerator) -> [ModelDocument] {
        (0..<count).map { _ in
            var document = ModelDocument()
            var position: UInt32 = 0
            for _ in 0..<Int.random(in: 0..<50, using: &rng) {
                if Double.random(in: 0..<1, using: &rng) < 0.05 { position += 1 }  // a gap
                let word = vocabulary.randomElement(using: &rng)!
                let head = Double.random(in: 0..<1, using: &rng) < 0.2 ? vocabulary.randomElement(using: &rng)! : nil
                document[position] = (word, head)
                position += 1
            }
            return document
        }
    }

    /// Builds the index through segments of `perSegment` documents, sealing now and then (which must not
    /// change anything).
    /// An index of `documents`, merged `perSegment` at a time, sealed on the way (after some segments) and,
    /// unless `sealAtEnd` is false, at the end.
    private static func build(_ documents: [ModelDocument], perSegment: Int, sealAtEnd: Bool = true) -> InvertedIndex {
        var index = InvertedIndex()
        var base = 0
        while base < documents.count {
            var segment = IndexSegment()
            let slice = documents[base..<min(documents.count, base + perSegment)]
            for (local, document) in slice.enumerated() {
                segment.beginDocument(Int32(local))
                var position: UInt32 = 0
                for p in document.keys.sorted() {
                    while position < p {
                        segment.gap()
                        position += 1
                    }
                    var word = document[p]!.word
                    word.withUTF8 { segment.add($0, extra: false) }
                    if var head = document[p]!.head { head.withUTF8 { segment.add($0, extra: true) } }
                    position += 1
                }
                segment.endDocument()
            }
            segment.finish()
            index.merge(segment, base: Int32(base))
            base += slice.count
            if base % 3 == 0 { index.seal() }
        }
        if sealAtEnd { index.seal() }
        return index
    }

    /// The same documents dealt out to `shards` shards, segment by segment.
    private static func buildSharded(_ documents: [ModelDocument], perSegment: Int, shards: Int) -> ShardedIndex {
        var index = ShardedIndex(shards: shards)
        var base = 0
        var turn = 0
        while base < documents.count {
            let single = build(Array(documents[base..<min(documents.count, base + perSegment)]), perSegment: perSegment)
            index.merge(IndexSegment(sealed: single), base: Int32(base), shard: turn)
            base += perSegment
            turn += 1
        }
        index.seal()
        return index
    }

    /// The brute-force evaluator.
    private struct Model {
        var documents: [ModelDocument]
        var lengths: [Double] { documents.map { Double($0.values.count) } }

        func idf(_ df: Int) -> Double {
            let n = Double(documents.count)
            return log(1 + (n - Double(df) + 0.5) / (Double(df) + 0.5))
        }

        func saturation(_ tf: Double, _ d: Int) -> Double {
            let average = max(1, lengths.reduce(0, +) / Double(documents.count))
            return tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * lengths[d] / average))
        }

        func frequency(_ form: String, _ d: Int) -> Double {
            documents[d].values.reduce(0) { $0 + ($1.word == form ? 1 : 0) + ($1.head == form ? 0.5 : 0) }
        }

        func positions(_ forms: [String], _ d: Int) -> Set<UInt32> {
            Set(documents[d].filter { forms.contains($0.value.word) || ($0.value.head.map(forms.contains) ?? false) }.keys)
        }

        func phraseMatches(_ words: [[String]], slop: Int, _ d: Int) -> Int {
            let sets = words.map { positions($0, d) }
            if slop == 0 {
                return sets[0].filter { p in sets.indices.allSatisfy { sets[$0].contains(p + UInt32($0)) } }.count
            }
            let span = UInt32(words.count - 1 + slop)
            return sets.reduce(Set<UInt32>()) { $0.union($1) }.filter { s in
                sets.allSatisfy { set in set.contains { $0 >= s && $0 <= s + span } }
            }.count
        }

        /// Document → score for every matching document.
        func evaluate(_ query: IndexQuery) -> [Int: Double] {
            let all = Dictionary(uniqueKeysWithValues: documents.indices.map { ($0, 0.0) })
            switch query {
            case .term(let forms):
                var out: [Int: Double] = [:]
                for form in Set(forms) {
                    let df = documents.indices.filter { frequency(form, $0) > 0 }.count
                    for d in documents.indices where frequency(form, d) > 0 {
                        out[d] = max(out[d] ?? 0, idf(df) * saturation(frequency(form, d), d))
                    }
                }
                return out
            case .phrase(let words, let slop):
                let counts = documents.indices.map { phraseMatches(words, slop: slop, $0) }
                let df = counts.filter { $0 > 0 }.count
                var out: [Int: Double] = [:]
                for d in documents.indices where counts[d] > 0 { out[d] = idf(df) * saturation(Double(counts[d]), d) }
                return out
            case .documents(let ids): return Dictionary(uniqueKeysWithValues: ids.map { (Int($0), 0.0) })
            case .all: return all
            case .not(let inner):
                let excluded = evaluate(inner)
                return all.filter { excluded[$0.key] == nil }
            case .filter(let inner): return evaluate(inner).mapValues { _ in 0 }
            case .or(let parts):
                var out: [Int: Double] = [:]
                for part in parts { for (d, s) in evaluate(part) { out[d, default: 0] += s } }
                return out
            case .and(let parts):
                var out: [Int: Double]? = nil
                var excluded = Set<Int>()
                for part in parts {
                    if case .not(let inner) = part {
                        excluded.formUnion(evaluate(inner).keys)
                        continue
                    }
                    let m = evaluate(part)
                    if let current = out {
                        var next: [Int: Double] = [:]
                        for (d, s) in current { if let t = m[d] { next[d] = s + t } }
                        out = next
                    } else {
                        out = m
                    }
                }
                return (out ?? all).filter { !excluded.contains($0.key) }
            }
        }
    }

    private static func randomQuery(_ depth: Int, _ rng: inout SeededGenerator) -> IndexQuery {
        func forms() -> [String] {
            (0..<Int.random(in: 1...2, using: &rng)).map { _ in
                Double.random(in: 0..<1, using: &rng) < 0.05 ? "missing" : vocabulary.randomElement(using: &rng)!
            }
        }
        let roll = depth == 0 ? Int.random(in: 0..<3, using: &rng) : Int.random(in: 0..<7, using: &rng)
        switch roll {
        case 0, 1: return .term(forms())
        case 2:
            let words = (0..<Int.random(in: 2...3, using: &rng)).map { _ in forms() }
            return .phrase(words, slop: [0, 0, 1, 3].randomElement(using: &rng)!)
        case 3:
            return .and((0..<Int.random(in: 2...3, using: &rng)).map { _ in randomQuery(depth - 1, &rng) })
        case 4:
            return .or((0..<Int.random(in: 2...3, using: &rng)).map { _ in randomQuery(depth - 1, &rng) })
        case 5:
            return Bool.random(using: &rng) ? .and([randomQuery(depth - 1, &rng), .not(randomQuery(depth - 1, &rng))])
                : .or([randomQuery(depth - 1, &rng), .filter(randomQuery(depth - 1, &rng))])
        default:
            let picked = Set((0..<Int.random(in: 0..<60, using: &rng)).map { _ in Int32.random(in: 0..<120, using: &rng) })
            return .and([randomQuery(depth - 1, &rng), .documents(picked.sorted())])
        }
    }

    private static func compare(_ index: InvertedIndex, _ model: Model, _ rng: inout SeededGenerator, queries: Int) throws {
        for _ in 0..<queries {
            let query = randomQuery(2, &rng)
            let expected = model.evaluate(query)
            let (hits, total) = try index.search(query, limit: Int.max)
            #expect(total == expected.count, "\(query)")
            #expect(Set(hits.map { Int($0.document) }) == Set(expected.keys), "\(query)")
            for hit in hits {
                #expect(abs(hit.score - (expected[Int(hit.document)] ?? -1)) < 1e-9, "\(query) doc \(hit.document)")
            }
            #expect(zip(hits, hits.dropFirst()).allSatisfy { $0.score > $1.score || ($0.score == $1.score && $0.document < $1.document) })
            // The top k are the first k of the full ranking.
            let k = Int.random(in: 1...5, using: &rng)
            #expect(try index.search(query, limit: k).hits == Array(hits.prefix(k)))
        }
    }

    @Test func searchMatchesBruteForce() throws {
        var rng = SeededGenerator(seed: 2025)
        let documents = Self.randomDocuments(120, &rng)
        let index = Self.build(documents, perSegment: 17)
        try Self.compare(index, Model(documents: documents), &rng, queries: 400)
    }

    /// Shards searched in parallel give the hits and scores of one index: statistics are corpus-wide.
    @Test(arguments: [1, 2, 3, 5])
    func shardedSearchMatchesBruteForce(shards: Int) async throws {
        var rng = SeededGenerator(seed: 99)
        let documents = Self.randomDocuments(120, &rng)
        let index = Self.buildSharded(documents, perSegment: 13, shards: shards)
        #expect(index.documentCount == 120)
        let model = Model(documents: documents)
        for _ in 0..<250 {
            let query = Self.randomQuery(2, &rng)
            let expected = model.evaluate(query)
            let (hits, total) = try await index.search(query, limit: Int.max)
            #expect(total == expected.count, "\(query)")
            #expect(Set(hits.map { Int($0.document) }) == Set(expected.keys), "\(query)")
            for hit in hits {
                #expect(abs(hit.score - (expected[Int(hit.document)] ?? -1)) < 1e-9, "\(query) doc \(hit.document)")
            }
            let k = Int.random(in: 1...5, using: &rng)
            let restrict = Set((0..<40).map { _ in Int32.random(in: 0..<120, using: &rng) })
            let top = try await index.search(query, limit: k, restrict: restrict)
            #expect(top.hits == Array(hits.filter { restrict.contains($0.document) }.prefix(k)), "\(query)")
        }
    }

    /// Occurrences taken out at a seal, from postings sealed before (`sealedBefore`) or from postings sealed
    /// before and segments still pending.
    @Test(arguments: [true, false]) func removedOccurrencesMatchBruteForce(sealedBefore: Bool) throws {
        var rng = SeededGenerator(seed: sealedBefore ? 77 : 78)
        // (110 documents: sealed after 75, the last 35 pending.)
        var documents = Self.randomDocuments(110, &rng)
        var index = Self.build(documents, perSegment: 25, sealAtEnd: sealedBefore)
        #expect(index.isSealed == sealedBefore)
        var removing: [Int32: [Range<UInt32>]] = [:]
        for d in documents.indices where Bool.random(using: &rng) {
            let from = UInt32.random(in: 0..<40, using: &rng)
            let range = from..<(from + UInt32.random(in: 1..<15, using: &rng))
            removing[Int32(d)] = [range]
            documents[d] = documents[d].filter { !range.contains($0.key) }
        }
        index.seal(removing: removing)
        try Self.compare(index, Model(documents: documents), &rng, queries: 300)
        for d in documents.indices { #expect(index.lengths[d] == Int32(documents[d].count)) }
    }

    /// Occurrences taken out of postings that stay shrink the position bytes without moving a posting:
    /// a later, untouched term's positions still move down with them, and the index reads back.
    @Test func removingSomeOccurrencesKeepsLaterTermsPositions() throws {
        var index = Self.build([
            [0: ("w0", nil), 1: ("w1", nil), 2: ("w0", nil)],
            [0: ("w2", nil), 1: ("w3", nil), 2: ("w2", nil), 3: ("w3", nil)],
        ], perSegment: 2)
        index.seal(removing: [0: [2..<3]])
        #expect(try index.search(.phrase([["w2"], ["w3"]], slop: 0), limit: 10).hits.map(\.document) == [1])
        #expect(try index.phraseMatches([["w2"], ["w3"]], slop: 0).map(\.matches) == [2])
        #expect(try index.phraseMatches([["w0"], ["w1"]], slop: 0).map(\.matches) == [1])
        #expect(try index.phraseMatches([["w1"], ["w0"]], slop: 0).isEmpty)
        var w = BinaryWriter()
        index.write(to: &w)
        let matches = try w.bytes.withUnsafeBytes { buffer in
            var r = BinaryReader(buffer)
            return try InvertedIndex(from: &r).phraseMatches([["w2"], ["w3"]], slop: 0).map(\.matches)
        }
        #expect(matches == [2])
    }

    @Test func headsRankBelowWordsOfTheirOwn() throws {
        // "minist" once as a word, once as a compound's head, in documents of equal length.
        let index = Self.build([[0: ("minist", nil), 1: ("x", nil)], [0: ("verteidigungsminist", "minist"), 1: ("x", nil)]],
                               perSegment: 2)
        let hits = try index.search(.term(["minist"]), limit: 10).hits
        #expect(hits.map(\.document) == [0, 1])
        #expect(hits[0].score > hits[1].score)
    }

    @Test func phrasesDoNotCrossGaps() throws {
        let index = Self.build([[0: ("a", nil), 2: ("b", nil)], [0: ("a", nil), 1: ("b", nil)]], perSegment: 2)
        #expect(try index.search(.phrase([["a"], ["b"]], slop: 0), limit: 10).hits.map(\.document) == [1])
        #expect(try index.search(.phrase([["a"], ["b"]], slop: 1), limit: 10).hits.count == 2)
        #expect(try index.search(.phrase([["b"], ["a"]], slop: 0), limit: 10).hits.isEmpty)
        #expect(try index.search(.phrase([["b"], ["a"]], slop: 1), limit: 10).hits.count == 2)  // any order
    }

    @Test func varintsRoundTrip() {
        var bytes: [UInt8] = []
        let values: [UInt32] = [0, 1, 127, 128, 300, 16_383, 16_384, 1 << 21, UInt32.max]
        for v in values { VarInt.append(v, to: &bytes) }
        bytes.withUnsafeBufferPointer { p in
            var offset = 0
            for v in values { #expect(VarInt.read(p, &offset) == v) }
            #expect(offset == p.count)
            offset = 0
            VarInt.skip(values.count, in: p, &offset)
            #expect(offset == p.count)
        }
    }

    @Test func cancelledSearchStops() async {
        var rng = SeededGenerator(seed: 5)
        let index = Self.build(Self.randomDocuments(50, &rng), perSegment: 50)
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try index.search(.term(["w1"]), limit: 5)
        }
        await #expect(throws: CancellationError.self) { try await task.value }
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
