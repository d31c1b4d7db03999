public import LagebildText

#if canImport(Glibc)
import Glibc
#endif

/// A positional inverted index: term dictionary, postings (document, counts, positions), document lengths.
///
/// Postings are stored compressed-row style: per term an offset into one flat array of documents and one of
/// packed counts (see `IndexSegment`), and an offset into one byte array of varint-coded positions, the
/// postings' runs one after the other. Building is two-phase: `merge` only interns a segment's terms and
/// keeps the segment (cheap, runs while workers are still analysing); `seal` lays all pending segments out
/// into the flat arrays in one pass. Against one array per term, this halved the serial merge and saves the
/// per-array headers and growth slack (on FANG-COVID, 380,000 terms).
public struct InvertedIndex: Sendable {
    public internal(set) var terms = TermInterner(capacity: 1 << 16)
    /// Per document number: its length in word positions.
    public internal(set) var lengths: [Int32] = []
    public internal(set) var totalLength: Int = 0
    public internal(set) var documentCount: Int = 0

    /// Sealed postings of term `t`: postings `postingStart[t] ..< postingStart[t + 1]`, their documents in
    /// `postingBlocks` (term t's), their counts at those indices of `postingCounts`, their positions in
    /// `positionBytes[positionStart[t] ..< positionStart[t + 1]]`.
    var postingStart = TermStarts()
    var postingBlocks = DocumentBlocks()
    var postingCounts = PackedCounts()
    var positionStart = TermStarts()
    var positionBytes: [UInt8] = []

    /// Per document, BM25's length normalisation times k1 (`k1 · (1 − b + b · length / average)`), set by `seal`.
    var norms: [Double] = []
    /// Terms of three bytes or more grouped by a 16-bit hash of their first three bytes (compressed-row):
    /// a prefix query looks at one group instead of the whole dictionary. Set by `seal`.
    var prefixStart: [Int32] = []
    var prefixTerms: [Int32] = []

    /// A merged segment waiting for `seal`: its postings, term-major by the segment's local terms, and
    /// each local term's global id. Only what `layOut` needs to read the segment from start to end is
    /// kept: not the segment's own term bytes (interned by then; over a load, batches repeat most of their
    /// terms), nor where each local term's run and positions begin (runs carry their length, and a term's
    /// positions are one varint per occurrence its postings count). Those were 4 bytes each per local
    /// term, together as much as the runs.
    private struct Pending: Sendable {
        var base: Int32
        var map: [Int32]  // local term → global term
        var runs: [UInt8]  // postings with local document numbers (`PostingRuns`), term after term
        var bytes: [UInt8]  // the positions, term after term

        /// Reads the segment in order of local terms: `posting` with each posting (the global term, the
        /// local document, the counts), then `term` with the global term and its position bytes.
        @inline(__always)
        func read(posting: (_ term: Int, _ document: Int32, _ count: UInt32) -> Void,
                  term: (_ term: Int, _ positions: UnsafeBufferPointer<UInt8>) -> Void) {
            runs.withUnsafeBufferPointer { runs in
                bytes.withUnsafeBufferPointer { bytes in
                    var runOffset = 0, byteOffset = 0
                    for local in 0..<map.count {
                        let t = Int(map[local])
                        var occurrences = 0
                        PostingRuns.forEach(runs, from: &runOffset) { document, count in
                            occurrences += Postings.occurrences(count)
                            posting(t, document, count)
                        }
                        let start = byteOffset
                        VarInt.skip(occurrences, in: bytes, &byteOffset)
                        term(t, UnsafeBufferPointer(rebasing: bytes[start..<byteOffset]))
                    }
                }
            }
        }
    }
    private var pending: [Pending] = []

    public static let k1 = 1.2
    public static let b = 0.75
    /// An occurrence as the head of a compound ("minist" in "Verteidigungsminister") counts this much of an
    /// occurrence as a word of its own, so exact matches rank first.
    public static let headWeight = 0.5

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
        pending.append(Pending(base: base, map: map, runs: segment.termRuns, bytes: segment.termPositionBytes))
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

    /// Lays the pending segments out after the postings already sealed, then takes out the occurrences at
    /// the positions in `removing` (document → position ranges: paragraphs found to be boilerplate after
    /// they were indexed). A posting left without occurrences disappears; document lengths shrink by the
    /// words taken out.
    /// - Complexity: O(postings + position bytes + terms).
    public mutating func seal(removing: [Int32: [Range<UInt32>]] = [:]) {
        if !pending.isEmpty { layOut() }
        if !removing.isEmpty { remove(removing) }
        normalise(averageLength: averageLength)
        groupByPrefix()
    }

    /// A 16-bit hash of a term's first three bytes.
    @inline(__always)
    static func prefixKey(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Int {
        Int((UInt32(a) &* 0x9E37 ^ UInt32(b) &* 0x85EB ^ UInt32(c) &* 0xC2B3) & 0xFFFF)
    }

    private mutating func groupByPrefix() {
        var start = [Int32](repeating: 0, count: (1 << 16) + 1)
        let arena = terms.arena, offsets = terms.offsets
        func key(_ t: Int) -> Int? {
            let a = Int(offsets[t])
            guard Int(offsets[t + 1]) - a >= 3 else { return nil }
            return InvertedIndex.prefixKey(arena[a], arena[a + 1], arena[a + 2])
        }
        for t in 0..<terms.count { if let k = key(t) { start[k + 1] += 1 } }
        for k in 0..<(1 << 16) { start[k + 1] += start[k] }
        var fill = start
        var grouped = [Int32](repeating: 0, count: Int(start[1 << 16]))
        for t in 0..<terms.count {
            guard let k = key(t) else { continue }
            grouped[Int(fill[k])] = Int32(t)
            fill[k] += 1
        }
        prefixStart = start
        prefixTerms = grouped
    }

    private mutating func layOut() {
        let termCount = terms.count
        let sealedTerms = postingStart.termCount
        // Postings and position bytes per term are counted first, the document numbers' gaps sized, in the
        // order they will be written.
        var sizer = DocumentBlocks.Sizer(termCount: termCount)
        var byteCounts = [UInt32](repeating: 0, count: termCount)
        for t in 0..<sealedTerms {
            byteCounts[t] = UInt32(positionStart.length(t))
            postingBlocks.forEach(term: t) { sizer.add($0, term: t) }
        }
        for p in pending {
            p.read(posting: { t, document, _ in sizer.add(document + p.base, term: t) },
                   term: { t, positions in byteCounts[t] += UInt32(positions.count) })
        }
        let counts = TermStarts(lengths: sizer.counts.lazy.map { Int($0) }, terms: termCount)
        let byteStarts = TermStarts(lengths: byteCounts.lazy.map { Int($0) }, terms: termCount)
        // The counts' array becomes the fill cursors: a term's position bytes written so far (32 bits a
        // term, no second table: with both shards laid out at once, per-term tables are much of the end of
        // a load's memory).
        var byteFill = consume byteCounts
        byteFill.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        var fill = LayoutFill(documents: DocumentBlocks.Writer(sizer), byteFill: consume byteFill, counts: counts, byteStarts: byteStarts)
        sizer = DocumentBlocks.Sizer(termCount: 0)
        // Left uninitialised (every element is written below), so that a page becomes resident only when
        // postings reach it, while the pending segments are let go one by one.
        var packed = [UInt8](unsafeUninitializedCapacity: counts.total) { $1 = $0.count }
        var bytes = [UInt8](unsafeUninitializedCapacity: byteStarts.total) { $1 = $0.count }
        var segments = Array(pending.reversed())
        pending = []
        bytes.withUnsafeMutableBufferPointer { out in packed.withUnsafeMutableBufferPointer { packedOut in
            positionBytes.withUnsafeBufferPointer { old in
                for t in 0..<sealedTerms {
                    forEachPosting(of: t) { i, document in fill.put(document, postingCounts[i], term: t, packed: packedOut) }
                    fill.copy(UnsafeBufferPointer(rebasing: old[positionStart.range(t)]), term: t, to: out)
                }
            }
            while let p = segments.popLast() {
                p.read(posting: { t, document, count in fill.put(document + p.base, count, term: t, packed: packedOut) },
                       term: { t, positions in fill.copy(positions, term: t, to: out) })
            }
        } }
        postingStart = counts
        postingBlocks = fill.documents.finish()
        postingCounts = PackedCounts(bytes: packed, escaped: fill.escaped)
        positionStart = byteStarts
        positionBytes = bytes
    }

    /// The cursors of `layOut`'s one pass over the postings, in one value that the pass's closures
    /// borrow (captured one by one, each was a heap box checked for exclusive access at every posting:
    /// a third of the pass).
    private struct LayoutFill {
        var documents: DocumentBlocks.Writer
        var escaped: [(posting: Int, count: UInt32)] = []
        /// Per term: its position bytes written so far.
        var byteFill: [UInt32]
        let counts: TermStarts
        let byteStarts: TermStarts

        /// Writes term `t`'s next posting: its document, and its counts into `packed`.
        @inline(__always)
        mutating func put(_ document: Int32, _ count: UInt32, term t: Int, packed: UnsafeMutableBufferPointer<UInt8>) {
            let posting = counts[t] + documents.put(document, term: t)
            PackedCounts.put(count, at: posting, in: packed, escaped: &escaped)
        }

        /// Appends `source` to term `t`'s position bytes in `positions`.
        @inline(__always)
        mutating func copy(_ source: UnsafeBufferPointer<UInt8>, term t: Int, to positions: UnsafeMutableBufferPointer<UInt8>) {
            guard !source.isEmpty else { return }
            positions.baseAddress!.advanced(by: byteStarts[t] + Int(byteFill[t])).update(from: source.baseAddress!, count: source.count)
            byteFill[t] += UInt32(source.count)
        }
    }

    /// Compacts the postings in place, leaving out the occurrences at removed positions. Only terms with
    /// a posting in an affected document are walked posting by posting; the others move as one block.
    /// The document numbers are encoded anew, term after term.
    private mutating func remove(_ removing: [Int32: [Range<UInt32>]]) {
        let termCount = postingStart.termCount
        var affected = [Bool](repeating: false, count: lengths.count)
        for d in removing.keys where Int(d) < affected.count { affected[Int(d)] = true }
        var write = 0, byteWrite = 0
        var entries: [UInt32] = []
        var encoded: [UInt8] = []
        var removedWords: [Int32: Int32] = [:]
        // Taking occurrences out only merges gaps, which never take more bytes than the gaps they join.
        var kept = DocumentBlocks.Appender(bytes: postingBlocks.bytes.count, terms: termCount, skips: postingBlocks.skips.count)
        var documents: [Int32] = []
        positionBytes.withUnsafeMutableBufferPointer { bytes in
            let base = bytes.baseAddress!
            postingCounts.compact { count, setCount, moveCounts in
                for t in 0..<termCount {
                    let postings = postingStart.range(t)
                    let blockStart = positionStart[t]
                    let blockEnd = positionStart[t + 1]
                    postingStart[t] = write
                    positionStart[t] = byteWrite
                    guard postingBlocks.contains(term: t, where: { affected[Int($0)] }) else {
                        // Untouched: its positions move down as a whole (postings and position bytes each
                        // by what earlier terms lost).
                        if byteWrite != blockStart {
                            (base + byteWrite).update(from: base + blockStart, count: blockEnd - blockStart)
                        }
                        moveCounts(postings, write)
                        kept.copy(term: t, of: postingBlocks)
                        write += postings.count
                        byteWrite += blockEnd - blockStart
                        continue
                    }
                    documents.removeAll(keepingCapacity: true)
                    postingBlocks.forEach(term: t) { documents.append($0) }
                    var read = blockStart
                    for (i, document) in zip(postings, documents) {
                        let count = count(i)
                        let from = read
                        VarInt.skip(Postings.occurrences(count), in: UnsafeBufferPointer(bytes), &read)
                        guard affected[Int(document)], let ranges = removing[document] else {
                            (base + byteWrite).update(from: base + from, count: read - from)
                            byteWrite += read - from
                            kept.append(document)
                            setCount(write, count)
                            write += 1
                            continue
                        }
                        var offset = from
                        Postings.decode(UnsafeBufferPointer(bytes), &offset, count: count, into: &entries)
                        let left = entries.filter { e in !ranges.contains { $0.contains(e >> 1) } }
                        var exact: UInt32 = 0, heads: UInt32 = 0
                        for e in left { if e & 1 == 1 { heads += 1 } else { exact += 1 } }
                        if exact < count >> 16 { removedWords[document, default: 0] += Int32(count >> 16 - exact) }
                        guard !left.isEmpty else { continue }
                        encoded.removeAll(keepingCapacity: true)
                        Postings.encode(left, into: &encoded)
                        for b in encoded {
                            base[byteWrite] = b
                            byteWrite += 1
                        }
                        kept.append(document)
                        setCount(write, exact << 16 | heads)
                        write += 1
                    }
                    kept.endTerm()
                }
                return write
            }
        }
        postingStart[termCount] = write
        positionStart[termCount] = byteWrite
        postingBlocks = kept.blocks
        positionBytes.removeLast(positionBytes.count - byteWrite)
        for (document, words) in removedWords {
            let taken = min(words, lengths[Int(document)])
            lengths[Int(document)] -= taken
            totalLength -= Int(taken)
        }
    }

    /// Bytes the sealed index takes: dictionary, postings, positions, lengths (array headers aside).
    public var byteSize: Int {
        terms.arena.count + terms.offsets.count * 4 + postingStart.byteSize + postingBlocks.byteSize
            + postingCounts.byteSize + positionStart.byteSize + positionBytes.count + lengths.count * 4
    }

    public var averageLength: Double { documentCount == 0 ? 0 : Double(totalLength) / Double(documentCount) }

    /// Number of documents containing the term.
    public func documentFrequency(_ term: String) -> Int {
        guard let id = terms.find(term), Int(id) < postingStart.termCount else { return 0 }
        return documentFrequency(id)
    }

    func documentFrequency(_ id: Int32) -> Int { postingStart.length(Int(id)) }

    /// BM25 inverse document frequency (the non-negative "+1" variant), over this index's documents or
    /// `documentCount` of them (all shards).
    public func idf(documentFrequency df: Int, documentCount: Int? = nil) -> Double {
        let n = Double(documentCount ?? self.documentCount)
        return log(1 + (n - Double(df) + 0.5) / (Double(df) + 0.5))
    }

    /// Sets BM25's length normalisation for an average document length over all shards.
    mutating func normalise(averageLength average: Double) {
        let average = max(average, 1)
        norms = lengths.map { InvertedIndex.k1 * (1 - InvertedIndex.b + InvertedIndex.b * Double($0) / average) }
    }

    /// BM25's term-frequency part for a document: saturating in `tf`, normalised by the document's length.
    @inline(__always)
    func saturation(_ tf: Double, document: Int32) -> Double {
        tf * (InvertedIndex.k1 + 1) / (tf + norms[Int(document)])
    }

    /// The term ids whose bytes start with `prefix`, in id order. A prefix of three bytes or more looks
    /// only at the terms grouped under its first three bytes.
    public func termIDs(withPrefix prefix: [UInt8]) -> [Int32] {
        guard prefix.count >= 3, prefixStart.count > 1 else {
            return (0..<Int32(terms.count)).filter { terms.bytes($0).starts(with: prefix) }
        }
        let k = InvertedIndex.prefixKey(prefix[0], prefix[1], prefix[2])
        return prefixTerms[Int(prefixStart[k])..<Int(prefixStart[k + 1])].filter { terms.bytes($0).starts(with: prefix) }
    }

    /// Calls `body` with each of sealed term `t`'s postings: its index (for its counts) and its document.
    @inline(__always)
    func forEachPosting(of t: Int, _ body: (_ posting: Int, _ document: Int32) -> Void) {
        var i = postingStart[t]
        postingBlocks.forEach(term: t) { document in
            body(i, document)
            i += 1
        }
    }

    /// The sealed postings of one term, for reading.
    func postings(_ id: Int32) -> Postings {
        Postings(index: self, term: Int(id))
    }
}

/// Reading one term's postings in document order, positions decoded on demand.
struct Postings {
    private var documents: DocumentCursor
    let counts: PackedCounts  // all the index's, read at the postings' indices
    let bytes: [UInt8]
    private let first: Int
    private var byteOffset: Int
    private var decodedUpTo: Int  // postings before this have had their bytes skipped or decoded

    init(index: InvertedIndex, term t: Int) {
        first = index.postingStart[t]
        documents = DocumentCursor(index.postingBlocks, term: t, count: index.postingStart.length(t))
        counts = index.postingCounts
        bytes = index.positionBytes
        byteOffset = index.positionStart[t]
        decodedUpTo = first
    }

    /// How many postings the term has.
    var total: Int { documents.count }
    var isAtEnd: Bool { documents.isAtEnd }
    var document: Int32 { documents.document }
    /// The current posting's index in the index's postings.
    var cursor: Int { first + documents.ordinal - 1 }
    var count: UInt32 { counts[cursor] }

    /// Moves to the first posting whose document is ≥ `target`.
    mutating func advance(to target: Int32) { documents.advance(to: target) }

    /// The current posting's entries (position << 1 | head), ascending by position.
    mutating func positions(into out: inout [UInt32]) {
        precondition(decodedUpTo <= cursor, "a posting's positions are read once")
        bytes.withUnsafeBufferPointer { p in
            var skip = 0
            for k in decodedUpTo..<cursor { skip += Postings.occurrences(counts[k]) }
            VarInt.skip(skip, in: p, &byteOffset)
            Postings.decode(p, &byteOffset, count: counts[cursor], into: &out)
            decodedUpTo = cursor + 1
        }
    }

    /// How many occurrences (position entries) packed counts stand for.
    @inline(__always)
    static func occurrences(_ count: UInt32) -> Int { Int(count >> 16) + Int(count & 0xFFFF) }

    /// Weighted term frequency: words count 1, compound heads `headWeight`.
    @inline(__always)
    static func frequency(_ count: UInt32) -> Double {
        Double(count >> 16) + InvertedIndex.headWeight * Double(count & 0xFFFF)
    }

    static func decode(_ p: UnsafeBufferPointer<UInt8>, _ offset: inout Int, count: UInt32, into out: inout [UInt32]) {
        out.removeAll(keepingCapacity: true)
        var position: UInt32 = 0
        for _ in 0..<occurrences(count) {
            let v = VarInt.read(p, &offset)
            position += v >> 1
            out.append(position << 1 | (v & 1))
        }
    }

    /// Appends entries (position << 1 | head, ascending) as varint deltas.
    static func encode(_ entries: some Collection<UInt32>, into out: inout [UInt8]) {
        var previous: UInt32 = 0
        for e in entries {
            VarInt.append(((e >> 1) - previous) << 1 | (e & 1), to: &out)
            previous = e >> 1
        }
    }
}

extension InvertedIndex {
    /// Writes the sealed index: dictionary, postings, positions, lengths.
    public func write(to w: inout BinaryWriter) {
        precondition(isSealed, "seal the index before saving it")
        w.write(terms.arena)
        w.write(terms.offsets)
        postingStart.write(to: &w)
        // Documents and counts as plain numbers, decoded straight into the writer.
        w.write(count: postingCounts.count, of: Int32.self) { put in
            for t in 0..<postingBlocks.termCount { postingBlocks.forEach(term: t, put) }
        }
        w.write(count: postingCounts.count, of: UInt32.self) { put in
            for i in 0..<postingCounts.count { put(postingCounts[i]) }
        }
        positionStart.write(to: &w)
        w.write(positionBytes)
        w.write(lengths)
        w.write(documentCount)
    }

    /// Reads an index `write(to:)` wrote, checking that its parts fit together.
    public init(from r: inout BinaryReader) throws(BinaryReader.Failure) {
        self.init()
        r.section = "index dictionary"
        let arena: [UInt8] = try r.readArray()
        let offsets: [Int32] = try r.readArray()
        try r.check(offsets.first == 0 && offsets.last.map { Int($0) == arena.count } == true
                    && zip(offsets, offsets.dropFirst()).allSatisfy { $0 <= $1 }, "the index dictionary is inconsistent")
        var dictionary = TermInterner(capacity: max(16, offsets.count))
        arena.withUnsafeBufferPointer { p in
            for t in 0..<(offsets.count - 1) {
                _ = dictionary.intern(UnsafeBufferPointer(rebasing: p[Int(offsets[t])..<Int(offsets[t + 1])]))
            }
        }
        try r.check(dictionary.count == offsets.count - 1, "the index dictionary has a term twice")
        terms = dictionary
        r.section = "index postings"
        let postingOffsets = TermStarts(try r.readArray(Int64.self))
        let postingDocuments: [Int32] = try r.readArray()
        postingCounts = PackedCounts(try r.readArray())
        let positionOffsets = TermStarts(try r.readArray(Int64.self))
        positionBytes = try r.readArray()
        try r.check(postingOffsets != nil && positionOffsets != nil, "the index postings do not fit their dictionary")
        postingStart = postingOffsets!
        positionStart = positionOffsets!
        r.section = "index lengths"
        lengths = try r.readArray()
        documentCount = try r.readInt()
        totalLength = lengths.reduce(0) { $0 + Int($1) }
        let termCount = terms.count
        try r.check(postingStart.termCount == termCount && positionStart.termCount == termCount
                    && postingStart[0] == 0 && positionStart[0] == 0
                    && postingStart.total == postingDocuments.count && postingCounts.count == postingDocuments.count
                    && positionStart.total == positionBytes.count && postingStart.isAscending && positionStart.isAscending,
                    "the index postings do not fit their dictionary")
        let documents = Int32(lengths.count)
        for t in 0..<termCount {
            var previous: Int32 = -1
            var occurrences = 0
            for i in postingStart.range(t) {
                let d = postingDocuments[i]
                try r.check(d > previous && d < documents, "index postings out of order")
                previous = d
                occurrences += Postings.occurrences(postingCounts[i])
            }
            // Each occurrence is one varint: as many bytes end a varint in the term's run as it has occurrences.
            var ends = 0
            for i in positionStart.range(t) where positionBytes[i] < 0x80 { ends += 1 }
            try r.check(ends == occurrences && (occurrences == 0 || positionBytes[positionStart[t + 1] - 1] < 0x80),
                        "index positions do not fit their postings")
        }
        postingBlocks = DocumentBlocks(start: postingStart, documents: postingDocuments)
        normalise(averageLength: averageLength)
        groupByPrefix()
    }
}
