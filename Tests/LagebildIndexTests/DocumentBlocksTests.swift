import LagebildTestSupport
import LagebildText
import Testing

@testable import LagebildIndex

/// The sealed index's document numbers as gap-coded blocks: written term after term or scattered in place
/// (as segments arrive), both give the same bytes and skip entries, read back as given, and a cursor lands
/// where a search over the plain numbers lands.
struct DocumentBlocksTests {
    /// Terms with no posting, one, a block's worth and several blocks (gaps of one and large gaps).
    static func terms(_ rng: inout SeededGenerator) -> [[Int32]] {
        [0, 1, 127, 128, 129, 300, 1_000, 5].map { count in
            var document: Int32 = Int32.random(in: 0..<3, using: &rng)
            return (0..<count).map { _ in
                defer { document += Bool.random(using: &rng) ? 1 : Int32.random(in: 2..<5_000, using: &rng) }
                return document
            }
        }
    }

    /// The terms' documents as blocks, appended term after term.
    static func blocks(_ terms: [[Int32]]) -> DocumentBlocks {
        DocumentBlocks(start: TermStarts(lengths: terms.map(\.count), terms: terms.count), documents: terms.flatMap { $0 })
    }

    @Test func scatteredWritingGivesWhatAppendingGives() {
        var rng = SeededGenerator(seed: 5)
        let terms = Self.terms(&rng)
        let appended = Self.blocks(terms)
        // Scattered: the terms' documents interleaved in document order, as segments deliver them.
        let order = terms.indices.flatMap { t in terms[t].map { (t, $0) } }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }
        // Sized, then the gaps written in place, each term from where its bytes begin (as the index's layout
        // does); the skip entries are read off them.
        var sizes = [Int](repeating: 0, count: terms.count)
        var last = [Int32](repeating: 0, count: terms.count)
        for (t, d) in order {
            sizes[t] += VarInt.size(DocumentBlocks.gap(d, after: last[t]))
            last[t] = d
        }
        let byteStart = TermStarts(lengths: sizes, terms: terms.count)
        var bytes = [UInt8](repeating: 0, count: byteStart.total)
        var fill = (0..<terms.count).map { byteStart[$0] }
        last = [Int32](repeating: 0, count: terms.count)
        bytes.withUnsafeMutableBufferPointer { out in
            for (t, d) in order {
                VarInt.write(DocumentBlocks.gap(d, after: last[t]), to: out, &fill[t])
                last[t] = d
            }
        }
        #expect((0..<terms.count).allSatisfy { fill[$0] == byteStart[$0 + 1] })
        let written = DocumentBlocks(bytes: bytes, byteStart: byteStart, postings: TermStarts(lengths: terms.map(\.count), terms: terms.count))
        #expect(written.bytes == appended.bytes && written.byteStart == appended.byteStart && written.skipStart == appended.skipStart)
        #expect(written.skips.map(\.before) == appended.skips.map(\.before) && written.skips.map(\.offset) == appended.skips.map(\.offset))
        for t in terms.indices { #expect(appended.documents(term: t) == terms[t]) }
        #expect(appended.contains(term: 6, where: { $0 == terms[6][500] }) && !appended.contains(term: 0, where: { _ in true }))
        #expect(appended.flattened() == terms.flatMap { $0 })
        // A skip entry per full block after the first; gaps take about a byte or two each.
        #expect(appended.skips.count == terms.reduce(0) { $0 + max(0, $1.count - 1) / DocumentBlocks.blockSize })
        #expect(appended.bytes.count < 2 * terms.reduce(0) { $0 + $1.count })
    }

    @Test func aCursorAdvancesWhereABinarySearchLands() {
        var rng = SeededGenerator(seed: 9)
        let terms = Self.terms(&rng)
        let blocks = Self.blocks(terms)
        for (t, documents) in terms.enumerated() {
            for _ in 0..<40 {
                var cursor = DocumentCursor(blocks, term: t, count: documents.count)
                var expected = 0  // index of the first document ≥ target, moving forward only
                var targets = (0..<Int.random(in: 1..<12, using: &rng)).map { _ in Int32.random(in: 0..<(documents.last ?? 10) + 10, using: &rng) }
                targets.sort()
                for target in targets {
                    cursor.advance(to: target)
                    while expected < documents.count && documents[expected] < target { expected += 1 }
                    #expect(cursor.isAtEnd == (expected == documents.count))
                    if expected < documents.count {
                        #expect(cursor.document == documents[expected] && cursor.ordinal == expected + 1)
                    }
                }
                // Stepping on reads the rest in order.
                var rest: [Int32] = []
                while !cursor.isAtEnd {
                    rest.append(cursor.document)
                    cursor.step()
                }
                #expect(rest == Array(documents[min(expected, documents.count)...]))
            }
        }
    }

    /// Term starts are 32-bit: built from lengths, read back from a snapshot's 64-bit numbers, and one
    /// beyond 4 GiB is refused on reading.
    @Test func termStartsFromLengthsAndSnapshots() {
        let starts = TermStarts(lengths: [3, 0, 5], terms: 3)
        #expect(starts.values == [0, 3, 3, 8] && starts.termCount == 3 && starts.total == 8)
        #expect(starts.range(2) == 3..<8 && starts.length(1) == 0 && starts.isAscending)
        #expect(TermStarts(starts.int64s) == starts)
        #expect(TermStarts([0, 1 << 32]) == nil && TermStarts([0, -1]) == nil)
        var grown = TermStarts()
        grown.append(7)
        #expect(grown.values == [0, 7] && grown[1] == 7)
    }
}
