internal import CIntrinsics
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

        /// How many terms ahead a pass asks for a term's record, and (the record arrived) for the places
        /// the term's postings go.
        static let prefetchDistance = 12
        static let placeDistance = 4

        /// Gives `pass` the segment in order of local terms: each posting (its document numbered in the
        /// corpus, its counts) gathered, then the term ended with its position bytes.
        @inline(__always)
        func visit(_ pass: inout some LayoutPass) {
            runs.withUnsafeBufferPointer { runs in
                bytes.withUnsafeBufferPointer { bytes in
                    var runOffset = 0, byteOffset = 0
                    for local in 0..<map.count {
                        // The terms' records are scattered over the dictionary, and so is where their postings
                        // go: the records are asked for a few terms ahead, and from them the places.
                        if local &+ Self.prefetchDistance < map.count { pass.prefetch(term: Int(map[local &+ Self.prefetchDistance])) }
                        if local &+ Self.placeDistance < map.count { pass.prefetchPlaces(term: Int(map[local &+ Self.placeDistance])) }
                        var occurrences = 0
                        PostingRuns.forEach(runs, from: &runOffset) { document, count in
                            occurrences += Postings.occurrences(count)
                            pass.term.add(document + base, count)
                        }
                        let start = byteOffset
                        VarInt.skip(occurrences, in: bytes, &byteOffset)
                        pass.end(term: Int(map[local]), positions: UnsafeBufferPointer(rebasing: bytes[start..<byteOffset]))
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
            // The dictionary outgrows the caches and a batch's terms land all over it: each term's slot
            // is asked for some terms ahead, and (its slot arrived) the bytes to compare it with.
            let count = segment.termCount
            func term(_ local: Int) -> UnsafeBufferPointer<UInt8> {
                UnsafeBufferPointer(rebasing: arena[Int(segment.termOffsets[local])..<Int(segment.termOffsets[local + 1])])
            }
            let hashes = (0..<count).map { TermInterner.hash(term($0)) }
            let slotsAhead = 16, bytesAhead = 6
            for local in 0..<count {
                if local &+ slotsAhead < count { terms.prefetch(hash: hashes[local &+ slotsAhead]) }
                if local &+ bytesAhead < count { terms.prefetchBytes(hash: hashes[local &+ bytesAhead]) }
                map[local] = terms.intern(term(local), hash: hashes[local])
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

    /// Lays the postings already sealed and the pending segments out anew, taking out on the way the
    /// occurrences at the positions in `removing` (document → position ranges: paragraphs found to be
    /// boilerplate after they were indexed). A posting left without occurrences disappears; document
    /// lengths shrink by the words taken out.
    /// - Complexity: O(postings + position bytes + terms).
    public mutating func seal(removing: [Int32: [Range<UInt32>]] = [:]) {
        if !pending.isEmpty || !removing.isEmpty { layOut(removing: removing) }
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

    /// Lays the sealed postings and the pending segments out into new flat arrays, in two passes over the
    /// same order (sealed terms, then each segment): one sizes every term's postings and bytes, one writes
    /// them. Occurrences in `removing` are taken out on the way: each term's postings are gathered first,
    /// and only in a term with a posting in an affected document are its positions walked posting by
    /// posting, filtered in each pass (what the first pass filtered, kept for the second, was much memory
    /// at the end of a load, where its memory peaks). A corpus loses well under 1 % of its words so, in
    /// about a tenth of its documents: compacting the laid-out arrays afterwards moved every byte once more.
    ///
    /// Both passes visit the terms in the order of each source's own, scattered over the whole
    /// dictionary: what a pass keeps per term (sizes, then write cursors) is one 16-byte record, so that a
    /// term costs one cache miss there, not one per table.
    private mutating func layOut(removing: [Int32: [Range<UInt32>]]) {
        let termCount = terms.count
        let removal = Removal(removing, documents: lengths.count)
        let gathered = GatheredTerm(documents: lengths.count, affected: removal.documents)
        let cursors = UnsafeMutableBufferPointer<TermCursor>.allocate(capacity: termCount)
        cursors.initialize(repeating: TermCursor())
        defer {
            gathered.deallocate()
            cursors.deallocate()
        }
        var size = LayoutSize(cursors: cursors, term: gathered, removal: removal)
        visitSealed(&size)
        for p in pending { p.visit(&size) }
        let removedWords = size.removal.removedWords
        let counts = TermStarts(lengths: cursors.lazy.map { Int($0.postings) }, terms: termCount)
        let documentStarts = TermStarts(lengths: cursors.lazy.map { Int($0.documentBytes) }, terms: termCount)
        let byteStarts = TermStarts(lengths: cursors.lazy.map { Int($0.positionBytes) }, terms: termCount)
        for t in 0..<termCount {
            cursors[t] = TermCursor(postings: UInt32(counts[t]), documentBytes: UInt32(documentStarts[t]),
                                    positionBytes: UInt32(byteStarts[t]))
        }
        // Left uninitialised (every element is written below), so that a page becomes resident only when
        // postings reach it, while the pending segments are let go one by one.
        var documentBytes = [UInt8](unsafeUninitializedCapacity: documentStarts.total) { $1 = $0.count }
        var packed = [UInt8](unsafeUninitializedCapacity: counts.total) { $1 = $0.count }
        var bytes = [UInt8](unsafeUninitializedCapacity: byteStarts.total) { $1 = $0.count }
        var segments = Array(pending.reversed())
        pending = []
        var escaped: [(posting: Int, count: UInt32)] = []
        bytes.withUnsafeMutableBufferPointer { out in packed.withUnsafeMutableBufferPointer { packedOut in
            documentBytes.withUnsafeMutableBufferPointer { documentsOut in
                var fill = LayoutFill(cursors: cursors, term: gathered, removal: removal, documents: documentsOut, counts: packedOut,
                                      positions: out)
                visitSealed(&fill)
                while let p = segments.popLast() { p.visit(&fill) }
                escaped = fill.escaped
            }
        } }
        precondition((0..<termCount).allSatisfy {
            cursors[$0].postings == counts[$0 + 1] && cursors[$0].documentBytes == documentStarts[$0 + 1]
                && cursors[$0].positionBytes == byteStarts[$0 + 1]
        }, "every sized posting was written")
        postingStart = counts
        postingBlocks = DocumentBlocks(bytes: documentBytes, byteStart: documentStarts, postings: counts)
        postingCounts = PackedCounts(bytes: packed, escaped: escaped)
        positionStart = byteStarts
        positionBytes = bytes
        for (document, words) in removedWords {
            let taken = min(words, lengths[Int(document)])
            lengths[Int(document)] -= taken
            totalLength -= Int(taken)
        }
    }

    /// Gives `pass` the sealed postings, term after term: each posting gathered, then the term ended with
    /// its position bytes.
    private func visitSealed(_ pass: inout some LayoutPass) {
        positionBytes.withUnsafeBufferPointer { old in
            for t in 0..<postingStart.termCount {
                forEachPosting(of: t) { i, document in pass.term.add(document, postingCounts[i]) }
                pass.end(term: t, positions: UnsafeBufferPointer(rebasing: old[positionStart.range(t)]))
            }
        }
    }

    /// What `layOut` keeps per term: in the first pass its postings, document bytes and position bytes,
    /// and its last document (for the gaps); in the second where its next posting, document gap and
    /// positions go, and its last document.
    fileprivate struct TermCursor {
        var postings: UInt32 = 0
        var documentBytes: UInt32 = 0
        var positionBytes: UInt32 = 0
        var last: Int32 = 0
    }

    /// One term's postings from one source (the sealed index or a pending segment), gathered until the
    /// source reaches the term's positions. Plain buffers, sized once (a term has at most one posting per
    /// document), so that gathering costs no array checks: a source has many terms of few postings.
    fileprivate struct GatheredTerm {
        let documents: UnsafeMutablePointer<Int32>
        let counts: UnsafeMutablePointer<UInt32>
        /// Per document: whether it has occurrences to take out.
        let affectedDocuments: UnsafeMutableBufferPointer<Bool>
        private(set) var count = 0
        /// Whether a gathered posting's document has occurrences to take out.
        private(set) var affected = false

        init(documents: Int, affected: some Sequence<Int32>) {
            self.documents = .allocate(capacity: max(documents, 1))
            counts = .allocate(capacity: max(documents, 1))
            affectedDocuments = .allocate(capacity: documents)
            affectedDocuments.initialize(repeating: false)
            for d in affected { affectedDocuments[Int(d)] = true }
        }

        func deallocate() {
            documents.deallocate()
            counts.deallocate()
            affectedDocuments.deallocate()
        }

        @inline(__always)
        mutating func add(_ document: Int32, _ count: UInt32) {
            documents[self.count] = document
            counts[self.count] = count
            self.count += 1
            affected = affected || affectedDocuments[Int(document)]
        }

        @inline(__always)
        func isAffected(_ document: Int32) -> Bool { affectedDocuments[Int(document)] }

        @inline(__always)
        mutating func reset() {
            count = 0
            affected = false
        }
    }

    /// Occurrences to take out while laying out: per document, position ranges.
    private struct Removal {
        /// Per document (+ 1): its first range in `ranges`; empty when nothing is taken out.
        private let rangeStart: [Int32]
        private let ranges: [Range<UInt32>]
        private var entries: [UInt32] = []
        /// Per document: the words taken out (compound heads are not words of the document's length).
        private(set) var removedWords: [Int32: Int32] = [:]

        init(_ removing: [Int32: [Range<UInt32>]], documents: Int) {
            let removing = removing.filter { $0.key >= 0 && Int($0.key) < documents && !$0.value.isEmpty }
            var start = [Int32](repeating: 0, count: removing.isEmpty ? 0 : documents + 1)
            for (d, r) in removing { start[Int(d) + 1] = Int32(r.count) }
            for d in start.indices.dropFirst() { start[d] += start[d - 1] }
            var ranges = [Range<UInt32>](repeating: 0..<0, count: Int(start.last ?? 0))
            for (d, r) in removing { ranges.replaceSubrange(Int(start[Int(d)])..<Int(start[Int(d) + 1]), with: r) }
            rangeStart = start
            self.ranges = ranges
        }

        /// The documents with occurrences to take out.
        var documents: some Sequence<Int32> {
            rangeStart.indices.dropLast().lazy.filter { rangeStart[$0 + 1] > rangeStart[$0] }.map { Int32($0) }
        }

        /// Takes the removed occurrences out of one posting (its counts, its positions), putting the
        /// positions left into `kept` (replacing what it held); returns the counts left (0: none), or nil
        /// when no occurrence is removed (most postings of an affected document: its other paragraphs). The words taken out are
        /// counted when `counting`: the first pass counts, the second filters again (keeping the first's
        /// results until then held much memory at the end of a load, where its memory peaks).
        mutating func filter(_ document: Int32, _ count: UInt32, _ positions: UnsafeBufferPointer<UInt8>,
                             into kept: inout [UInt8], counting: Bool) -> UInt32? {
            kept.removeAll(keepingCapacity: true)
            var offset = 0
            Postings.decode(positions, &offset, count: count, into: &entries)
            let removed = ranges[Int(rangeStart[Int(document)])..<Int(rangeStart[Int(document) + 1])]
            func isRemoved(_ e: UInt32) -> Bool { removed.contains { $0.contains(e >> 1) } }
            guard entries.contains(where: isRemoved) else { return nil }
            entries.removeAll(where: isRemoved)
            Postings.encode(entries, into: &kept)
            let heads = UInt32(entries.count { $0 & 1 == 1 }), exact = UInt32(entries.count) - heads
            if counting, exact < count >> 16 { removedWords[document, default: 0] += Int32(count >> 16 - exact) }
            return exact << 16 | heads
        }
    }

    /// One of `layOut`'s passes: it gathers each term's postings from one source, then ends the term.
    fileprivate protocol LayoutPass {
        var term: GatheredTerm { get set }
        /// Handles term `t`'s gathered postings, whose positions (from the same source) are `positions`.
        mutating func end(term t: Int, positions: UnsafeBufferPointer<UInt8>)
        /// Per term, the pass's record.
        var cursors: UnsafeMutableBufferPointer<TermCursor> { get }
        /// Asks for what `end(term: t, …)` will read, a few terms before: term `t`'s record; where its
        /// postings go (read from the record).
        func prefetch(term t: Int)
        func prefetchPlaces(term t: Int)
    }

    /// The first pass of `layOut`: postings and bytes per term.
    private struct LayoutSize: LayoutPass {
        let cursors: UnsafeMutableBufferPointer<TermCursor>
        var term: GatheredTerm
        var removal: Removal
        var kept: [UInt8] = []

        /// Sizes term `t`'s gathered postings, whose positions (from the same source) are `positions`.
        @inline(__always)
        mutating func end(term t: Int, positions: UnsafeBufferPointer<UInt8>) {
            defer { term.reset() }
            let c = cursors.baseAddress! + t
            guard term.affected else {
                for k in 0..<term.count { add(term.documents[k], to: c) }
                c.pointee.positionBytes += UInt32(positions.count)
                return
            }
            var offset = 0
            for k in 0..<term.count {
                let document = term.documents[k], count = term.counts[k]
                let start = offset
                VarInt.skip(Postings.occurrences(count), in: positions, &offset)
                var size = offset - start
                if term.isAffected(document) {
                    if let left = removal.filter(document, count, UnsafeBufferPointer(rebasing: positions[start..<offset]), into: &kept,
                                                 counting: true) {
                        if left == 0 { continue }
                        size = kept.count
                    }
                }
                add(document, to: c)
                c.pointee.positionBytes += UInt32(size)
            }
        }

        @inline(__always)
        private func add(_ document: Int32, to c: UnsafeMutablePointer<TermCursor>) {
            c.pointee.documentBytes += UInt32(VarInt.size(DocumentBlocks.gap(document, after: c.pointee.last)))
            c.pointee.last = document
            c.pointee.postings += 1
        }
    }

    /// The second pass of `layOut`, in one value that the pass's closures borrow (captured one by one,
    /// each was a heap box checked for exclusive access at every posting: a third of the pass).
    private struct LayoutFill: LayoutPass {
        let cursors: UnsafeMutableBufferPointer<TermCursor>
        var term: GatheredTerm
        var removal: Removal
        /// The positions an affected posting keeps.
        var kept: [UInt8] = []
        var escaped: [(posting: Int, count: UInt32)] = []
        /// Where documents' gaps, counts and positions go.
        let documents: UnsafeMutableBufferPointer<UInt8>
        let counts: UnsafeMutableBufferPointer<UInt8>
        let positions: UnsafeMutableBufferPointer<UInt8>

        /// Writes term `t`'s gathered postings and their positions (`source`, from the same source).
        @inline(__always)
        mutating func end(term t: Int, positions source: UnsafeBufferPointer<UInt8>) {
            defer { term.reset() }
            let c = cursors.baseAddress! + t
            guard term.affected else {
                for k in 0..<term.count { put(term.documents[k], term.counts[k], c) }
                copy(source, c)
                return
            }
            // Positions of postings left whole are copied in runs, from `run` up to the next filtered one.
            var offset = 0, run = 0
            for k in 0..<term.count {
                let document = term.documents[k], count = term.counts[k]
                let start = offset
                VarInt.skip(Postings.occurrences(count), in: source, &offset)
                guard term.isAffected(document),
                      let left = removal.filter(document, count, UnsafeBufferPointer(rebasing: source[start..<offset]), into: &kept,
                                                counting: false)
                else {
                    put(document, count, c)
                    continue
                }
                copy(UnsafeBufferPointer(rebasing: source[run..<start]), c)
                run = offset
                guard left != 0 else { continue }
                put(document, left, c)
                kept.withUnsafeBufferPointer { copy($0, c) }
            }
            copy(UnsafeBufferPointer(rebasing: source[run..<offset]), c)
        }

        @inline(__always)
        func prefetchPlaces(term t: Int) {
            let c = cursors[t]
            if let d = documents.baseAddress { lagebild_prefetch_write(d + Int(c.documentBytes)) }
            if let n = counts.baseAddress { lagebild_prefetch_write(n + Int(c.postings)) }
            if let p = positions.baseAddress { lagebild_prefetch_write(p + Int(c.positionBytes)) }
        }

        /// Writes a term's next posting (its cursor `c`): its document's gap, and its counts.
        @inline(__always)
        private mutating func put(_ document: Int32, _ count: UInt32, _ c: UnsafeMutablePointer<TermCursor>) {
            var offset = Int(c.pointee.documentBytes)
            VarInt.write(DocumentBlocks.gap(document, after: c.pointee.last), to: documents, &offset)
            c.pointee.documentBytes = UInt32(offset)
            c.pointee.last = document
            PackedCounts.put(count, at: Int(c.pointee.postings), in: counts, escaped: &escaped)
            c.pointee.postings += 1
        }

        /// Appends `source` to a term's position bytes (its cursor `c`).
        @inline(__always)
        private func copy(_ source: UnsafeBufferPointer<UInt8>, _ c: UnsafeMutablePointer<TermCursor>) {
            guard !source.isEmpty else { return }
            (positions.baseAddress! + Int(c.pointee.positionBytes)).update(from: source.baseAddress!, count: source.count)
            c.pointee.positionBytes += UInt32(source.count)
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

/// Both passes of the layout ask for a term's record alike; only a pass that writes asks for the places too.
extension InvertedIndex.LayoutPass {
    @inline(__always)
    func prefetch(term t: Int) { lagebild_prefetch(cursors.baseAddress! + t) }

    @inline(__always)
    func prefetchPlaces(term t: Int) {}
}
