public import LagebildText

/// The index of one batch of documents, built by one worker.
///
/// Workers never share a dictionary. A worker's `TermAnalyzer` gives every term an id in the worker's own
/// dictionary, which lives as long as the worker; the segment maps the ids it sees to dense local ids and,
/// when the batch is done, copies just those terms' bytes (`finish`). The index builder then merges the
/// segment with one dictionary lookup per distinct term of the batch.
public struct IndexSegment: Sendable {
    /// The segment's terms: `termArena[termOffsets[k] ..< termOffsets[k + 1]]` is local term k.
    public private(set) var termArena: [UInt8] = []
    public private(set) var termOffsets: [Int32] = [0]
    /// Global document numbers of the segment's documents, in order.
    public private(set) var documents: [Int32] = []
    /// While building, document-major: `postingStart[k] ..< postingStart[k + 1]` are document k's (local
    /// term, frequency) pairs. `finish` inverts them and empties these.
    private var postingStart: [Int32] = [0]
    private var postingTerms: [Int32] = []
    private var postingFrequencies: [Int32] = []
    /// Number of term positions per document (BM25's document length).
    public private(set) var lengths: [Int32] = []
    /// After `finish`: the postings inverted, term-major. `termPostingStart[k] ..< termPostingStart[k + 1]`
    /// index `termPostingDocuments` (local document numbers, ascending) and `termPostingFrequencies` for
    /// local term k. Inverting here, in the worker, keeps the serial merge down to one bulk append per term.
    public private(set) var termPostingStart: [Int32] = []
    public private(set) var termPostingDocuments: [Int32] = []
    public private(set) var termPostingFrequencies: [Int32] = []

    private var localOf: [Int32] = []  // dictionary id → local id (-1: not seen in this segment)
    private var dictionaryIDs: [Int32] = []  // local id → dictionary id
    private var ownTerms: TermInterner? = nil  // for terms added as bytes
    private var counts: [Int32] = []
    private var touched: [Int32] = []
    private var currentLength: Int32 = 0

    public init() {}

    public var termCount: Int { termOffsets.count - 1 }

    /// Starts a document; add its terms, then call `endDocument`.
    public mutating func beginDocument(_ number: Int32) {
        documents.append(number)
        currentLength = 0
    }

    /// Adds one occurrence of a term given as bytes (the segment keeps its own dictionary; then call
    /// `finish()`). Extra terms (compound heads) share a position and do not add length.
    public mutating func add(_ term: UnsafeBufferPointer<UInt8>, extra: Bool) {
        if ownTerms == nil { ownTerms = TermInterner() }
        add(id: ownTerms!.intern(term), extra: extra)
    }

    /// Adds one occurrence of a term given by its id in the caller's dictionary (then call
    /// `finish(dictionary:)` with it). This saves hashing every token twice.
    public mutating func add(id term: Int32, extra: Bool) {
        let key = Int(term)
        if key >= localOf.count { localOf.append(contentsOf: repeatElement(-1, count: key + 1 - localOf.count)) }
        var local = localOf[key]
        if local < 0 {
            local = Int32(dictionaryIDs.count)
            localOf[key] = local
            dictionaryIDs.append(term)
            counts.append(0)
        }
        if counts[Int(local)] == 0 { touched.append(local) }
        counts[Int(local)] += 1
        if !extra { currentLength += 1 }
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

    /// Copies the bytes of the terms this segment used out of `dictionary`, and inverts the postings.
    public mutating func finish(dictionary: TermInterner) {
        for id in dictionaryIDs {
            termArena.append(contentsOf: dictionary.bytes(id))
            termOffsets.append(Int32(termArena.count))
        }
        invert()
        localOf = []
        dictionaryIDs = []
        counts = []
    }

    /// Counting sort of the (document, term) pairs by term; documents stay ascending within a term.
    private mutating func invert() {
        let terms = termCount
        var start = [Int32](repeating: 0, count: terms + 1)
        for t in postingTerms { start[Int(t) + 1] += 1 }
        for k in 0..<terms { start[k + 1] += start[k] }
        var fill = start
        var docs = [Int32](repeating: 0, count: postingTerms.count)
        var freqs = [Int32](repeating: 0, count: postingTerms.count)
        for (k, document) in documents.enumerated() {
            for i in Int(postingStart[k])..<Int(postingStart[k + 1]) {
                let t = Int(postingTerms[i])
                let slot = Int(fill[t])
                docs[slot] = document
                freqs[slot] = postingFrequencies[i]
                fill[t] += 1
            }
        }
        termPostingStart = start
        termPostingDocuments = docs
        termPostingFrequencies = freqs
        postingTerms = []
        postingFrequencies = []
        postingStart = [0]
    }

    /// Finishes a segment whose terms were added as bytes.
    public mutating func finish() {
        if let ownTerms { finish(dictionary: ownTerms) }
        ownTerms = nil
    }
}
