public import LagebildText

/// An immutable inverted index: term dictionary, postings (document, term frequency), document lengths.
///
/// This is the thin index of the foundation: postings without positions, scored with BM25 (k1 = 1.2,
/// b = 0.75). It is a value type; the builder's copy-on-write storage makes publishing a snapshot O(1).
public struct InvertedIndex: Sendable {
    public internal(set) var terms = TermInterner(capacity: 1 << 16)
    /// Per term id: ascending document numbers and the term's frequency in each.
    public internal(set) var postingDocuments: [[Int32]] = []
    public internal(set) var postingFrequencies: [[Int32]] = []
    /// Per document number: its length in term positions (0 for documents not in the index).
    public internal(set) var lengths: [Int32] = []
    public internal(set) var totalLength: Int = 0
    public internal(set) var documentCount: Int = 0

    public static let k1 = 1.2
    public static let b = 0.75

    public init() {}

    /// Merges a segment; its local document numbers are offset by `base`, which must exceed every
    /// document number merged before (so postings stay sorted).
    public mutating func merge(_ segment: IndexSegment, base: Int32) {
        var map = [Int32](repeating: 0, count: segment.termCount)
        segment.termArena.withUnsafeBufferPointer { arena in
            for local in 0..<segment.termCount {
                let range = Int(segment.termOffsets[local])..<Int(segment.termOffsets[local + 1])
                let id = terms.intern(UnsafeBufferPointer(rebasing: arena[range]))
                if Int(id) == postingDocuments.count {
                    postingDocuments.append([])
                    postingFrequencies.append([])
                }
                map[local] = id
            }
        }
        for local in 0..<segment.termCount {
            let id = Int(map[local])
            let range = Int(segment.termPostingStart[local])..<Int(segment.termPostingStart[local + 1])
            postingDocuments[id].append(contentsOf: segment.termPostingDocuments[range].lazy.map { $0 + base })
            postingFrequencies[id].append(contentsOf: segment.termPostingFrequencies[range])
        }
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

    /// Takes terms back out of a document: `counts` occurrences per term, `length` positions.
    public mutating func remove(document: Int32, counts: [String: Int32], length: Int32) {
        for (term, count) in counts {
            guard let id = terms.find(term) else { continue }
            let documents = postingDocuments[Int(id)]
            var lo = 0
            var hi = documents.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if documents[mid] < document { lo = mid + 1 } else { hi = mid }
            }
            guard lo < documents.count, documents[lo] == document else { continue }
            let remaining = postingFrequencies[Int(id)][lo] - count
            if remaining > 0 {
                postingFrequencies[Int(id)][lo] = remaining
            } else {
                postingDocuments[Int(id)].remove(at: lo)
                postingFrequencies[Int(id)].remove(at: lo)
            }
        }
        let taken = min(length, lengths[Int(document)])
        lengths[Int(document)] -= taken
        totalLength -= Int(taken)
    }

    public var averageLength: Double { documentCount == 0 ? 0 : Double(totalLength) / Double(documentCount) }

    /// Number of documents containing the term.
    public func documentFrequency(_ term: String) -> Int {
        guard let id = terms.find(term) else { return 0 }
        return postingDocuments[Int(id)].count
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
        guard !clauses.isEmpty else { return [] }
        var scores: [Int32: Double]? = nil
        let average = max(averageLength, 1)
        for clause in clauses {
            var clauseScores: [Int32: Double] = [:]
            for term in clause {
                guard let id = terms.find(term) else { continue }
                let documents = postingDocuments[Int(id)]
                let frequencies = postingFrequencies[Int(id)]
                let idf = idf(documentFrequency: documents.count)
                for (i, document) in documents.enumerated() {
                    if let restrict, !restrict.contains(document) { continue }
                    if let previous = scores, previous[document] == nil { continue }
                    let tf = Double(frequencies[i])
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

#if canImport(Glibc)
import Glibc
#endif
