public import LagebildText

/// The index of one batch of documents, built by one worker with its own term ids.
///
/// Workers never share a dictionary: each builds a segment, and the index builder merges segments by
/// re-mapping local term ids to global ones (one dictionary lookup per distinct term per batch).
public struct IndexSegment: Sendable {
    public private(set) var terms = TermInterner(capacity: 4096)
    /// Global document numbers of the segment's documents, in order.
    public private(set) var documents: [Int32] = []
    /// `postingStart[k] ..< postingStart[k + 1]` are document k's (term, frequency) pairs.
    public private(set) var postingStart: [Int32] = [0]
    public private(set) var postingTerms: [Int32] = []
    public private(set) var postingFrequencies: [Int32] = []
    /// Number of term positions per document (BM25's document length).
    public private(set) var lengths: [Int32] = []

    private var counts: [Int32] = []
    private var touched: [Int32] = []
    private var currentLength: Int32 = 0

    public init() {}

    /// Starts a document; add its terms, then call `endDocument`.
    public mutating func beginDocument(_ number: Int32) {
        documents.append(number)
        currentLength = 0
    }

    /// Adds one occurrence of `term`, interning it in the segment's dictionary. Extra terms (compound heads)
    /// share a position and do not add length.
    public mutating func add(_ term: UnsafeBufferPointer<UInt8>, extra: Bool) {
        add(id: terms.intern(term), extra: extra)
    }

    /// Adds one occurrence of a term given by its id in a dictionary the caller owns (a worker's
    /// `TermAnalyzer`); call `adopt(terms:)` with that dictionary before merging. This saves hashing every
    /// token twice.
    public mutating func add(id term: Int32, extra: Bool) {
        let id = Int(term)
        if id >= counts.count { counts.append(contentsOf: repeatElement(0, count: id + 1 - counts.count)) }
        if counts[id] == 0 { touched.append(Int32(id)) }
        counts[id] += 1
        if !extra { currentLength += 1 }
    }

    /// Takes the dictionary whose ids `add(id:extra:)` used.
    public mutating func adopt(terms: TermInterner) {
        self.terms = terms
    }

    public mutating func endDocument() {
        touched.sort()
        for id in touched {
            postingTerms.append(id)
            postingFrequencies.append(counts[Int(id)])
            counts[Int(id)] = 0
        }
        touched.removeAll(keepingCapacity: true)
        postingStart.append(Int32(postingTerms.count))
        lengths.append(currentLength)
    }
}
