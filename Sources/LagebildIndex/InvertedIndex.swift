public import LagebildText

#if canImport(Glibc)
import Glibc
#endif

/// An inverted index: term dictionary, postings (document, term frequency), document lengths.
///
/// This is the thin index of the foundation: postings without positions, scored with BM25 (k1 = 1.2,
/// b = 0.75). Postings are stored compressed-row style: one flat array of documents and one of
/// frequencies, and per term an offset into them. Building is two-phase: `merge` only interns a segment's
/// terms and keeps the segment (cheap, runs while workers are still analysing); `seal` lays all pending
/// segments out into the flat arrays in one pass. Against one array per term, this halved the serial
/// merge and saves the per-array headers and growth slack (on FANG-COVID, 380,000 terms).
public struct InvertedIndex: Sendable {
    public internal(set) var terms = TermInterner(capacity: 1 << 16)
    /// Per document number: its length in term positions (0 for documents not in the index).
    public internal(set) var lengths: [Int32] = []
    public internal(set) var totalLength: Int = 0
    public internal(set) var documentCount: Int = 0

    /// Sealed postings: term `t`'s are `postingDocuments[postingStart[t] ..< postingStart[t + 1]]`.
    private var postingStart: [Int] = [0]
    private var postingDocuments: [Int32] = []
    private var postingFrequencies: [Int32] = []  // 0 marks a posting taken out by `remove`
    private var documentFrequencies: [Int32] = []

    private struct Pending: Sendable {
        var base: Int32
        var map: [Int32]  // local term → global term
        var start: [Int32]
        var documents: [Int32]
        var frequencies: [Int32]
    }
    private var pending: [Pending] = []

    public static let k1 = 1.2
    public static let b = 0.75

    public init() {}

    /// Whether every merged segment has been laid out (queries need a sealed index).
    public var isSealed: Bool { pending.isEmpty }

    /// Merges a segment; its local document numbers are offset by `base`, which must exceed every
    /// document number merged before (so postings stay sorted). Call `seal` before querying.
    public mutating func merge(_ segment: IndexSegment, base: Int32) {
        var map = [Int32](repeating: 0, count: segment.termCount)
        segment.termArena.withUnsafeBufferPointer { arena in
            for local in 0..<segment.termCount {
                let range = Int(segment.termOffsets[local])..<Int(segment.termOffsets[local + 1])
                map[local] = terms.intern(UnsafeBufferPointer(rebasing: arena[range]))
            }
        }
        pending.append(Pending(base: base, map: map, start: segment.termPostingStart,
                               documents: segment.termPostingDocuments,
                               frequencies: segment.termPostingFrequencies))
        for (k, local) in segment.documents.enumerated() {
            let document = Int(local + base)
            if document >= lengths.count {
                lengths.append(contentsOf: repeatElement(0, count: document + 1 - lengths.count))
            }
            lengths[document] = segment.lengths[k]
            totalLength += Int(segment.lengths[k])
            documentCount += 1
        }
    }

    /// Lays the pending segments out after the postings already sealed.
    /// - Complexity: O(postings + terms).
    public mutating func seal() {
        guard !pending.isEmpty else { return }
        let termCount = terms.count
        var counts = [Int](repeating: 0, count: termCount + 1)
        let sealedTerms = postingStart.count - 1
        for t in 0..<sealedTerms { counts[t + 1] = postingStart[t + 1] - postingStart[t] }
        for segment in pending {
            for local in 0..<segment.map.count {
                counts[Int(segment.map[local]) + 1] += Int(segment.start[local + 1] - segment.start[local])
            }
        }
        for t in 0..<termCount { counts[t + 1] += counts[t] }
        let total = counts[termCount]
        var documents = [Int32](repeating: 0, count: total)
        var frequencies = [Int32](repeating: 0, count: total)
        var fill = counts
        for t in 0..<sealedTerms {
            for i in postingStart[t]..<postingStart[t + 1] {
                documents[fill[t]] = postingDocuments[i]
                frequencies[fill[t]] = postingFrequencies[i]
                fill[t] += 1
            }
        }
        for segment in pending {
            for local in 0..<segment.map.count {
                let t = Int(segment.map[local])
                for i in Int(segment.start[local])..<Int(segment.start[local + 1]) {
                    documents[fill[t]] = segment.documents[i] + segment.base
                    frequencies[fill[t]] = segment.frequencies[i]
                    fill[t] += 1
                }
            }
        }
        postingStart = counts
        postingDocuments = documents
        postingFrequencies = frequencies
        documentFrequencies = (0..<termCount).map { t in
            var df: Int32 = 0
            for i in counts[t]..<counts[t + 1] where frequencies[i] > 0 { df += 1 }
            return df
        }
        pending = []
    }

    /// Takes terms back out of a document: `counts` occurrences per term, `length` positions.
    /// The index must be sealed; a posting whose frequency drops to 0 stays as a tombstone that search skips.
    public mutating func remove(document: Int32, counts: [String: Int32], length: Int32) {
        precondition(isSealed, "seal the index before removing postings")
        for (term, count) in counts {
            guard let id = terms.find(term) else { continue }
            var lo = postingStart[Int(id)]
            var hi = postingStart[Int(id) + 1]
            while lo < hi {
                let mid = (lo + hi) / 2
                if postingDocuments[mid] < document { lo = mid + 1 } else { hi = mid }
            }
            guard lo < postingStart[Int(id) + 1], postingDocuments[lo] == document, postingFrequencies[lo] > 0
            else { continue }
            let remaining = max(0, postingFrequencies[lo] - count)
            postingFrequencies[lo] = remaining
            if remaining == 0 { documentFrequencies[Int(id)] -= 1 }
        }
        let taken = min(length, lengths[Int(document)])
        lengths[Int(document)] -= taken
        totalLength -= Int(taken)
    }

    public var averageLength: Double { documentCount == 0 ? 0 : Double(totalLength) / Double(documentCount) }

    /// Number of documents containing the term.
    public func documentFrequency(_ term: String) -> Int {
        guard let id = terms.find(term), Int(id) < documentFrequencies.count else { return 0 }
        return Int(documentFrequencies[Int(id)])
    }

    /// BM25 inverse document frequency (the non-negative "+1" variant).
    public func idf(documentFrequency df: Int) -> Double {
        let n = Double(documentCount)
        return log(1 + (n - Double(df) + 0.5) / (Double(df) + 0.5))
    }

    /// Documents containing every clause, scored by BM25 and best first. A clause is a list of alternative
    /// terms (the forms a query word can take in the index); a document matches a clause if it contains any
    /// alternative, and the clause scores as its best alternative.
    /// - Parameter restrict: if given, only these documents are considered.
    public func search(_ clauses: [[String]], limit: Int, restrict: Set<Int32>? = nil) -> [(document: Int32, score: Double)]
    {
        precondition(isSealed, "seal the index before searching")
        guard !clauses.isEmpty else { return [] }
        var scores: [Int32: Double]? = nil
        let average = max(averageLength, 1)
        for clause in clauses {
            var clauseScores: [Int32: Double] = [:]
            for term in clause {
                guard let id = terms.find(term), Int(id) < documentFrequencies.count else { continue }
                let idf = idf(documentFrequency: Int(documentFrequencies[Int(id)]))
                for i in postingStart[Int(id)]..<postingStart[Int(id) + 1] where postingFrequencies[i] > 0 {
                    let document = postingDocuments[i]
                    if let restrict, !restrict.contains(document) { continue }
                    if let previous = scores, previous[document] == nil { continue }
                    let tf = Double(postingFrequencies[i])
                    let norm = 1 - InvertedIndex.b + InvertedIndex.b * Double(lengths[Int(document)]) / average
                    let score = idf * tf * (InvertedIndex.k1 + 1) / (tf + InvertedIndex.k1 * norm)
                    clauseScores[document] = max(clauseScores[document] ?? 0, score)
                }
            }
            if let previous = scores {
                var merged: [Int32: Double] = [:]
                for (document, score) in clauseScores { merged[document] = (previous[document] ?? 0) + score }
                scores = merged
            } else {
                scores = clauseScores
            }
            if scores!.isEmpty { return [] }
        }
        let ranked = scores!.map { (document: $0.key, score: $0.value) }
            .sorted { $0.score != $1.score ? $0.score > $1.score : $0.document < $1.document }
        return Array(ranked.prefix(limit))
    }
}
