public import LagebildText

/// The index of one batch of documents, built by one worker.
///
/// Workers never share a dictionary. A worker's `TermAnalyzer` gives every term an id in the worker's own
/// dictionary, which lives as long as the worker; the segment maps the ids it sees to dense local ids and,
/// when the batch is done, copies just those terms' bytes (`finish`). The index builder then merges the
/// segment with one dictionary lookup per distinct term of the batch.
///
/// A posting is (document, counts, positions). Counts pack how often the term occurs as a word of its own
/// (high 16 bits) and as the head of a German compound (low 16 bits: "minist" in "Verteidigungsminister"),
/// so that BM25 can weigh the two differently. Positions are varint-coded, delta from the previous one, each
/// shifted left by one with the low bit set for a compound-head occurrence; a head shares its compound's
/// position. Occurrences of one term in one document beyond 65,535 of a kind are not recorded.
public struct IndexSegment: Sendable {
    /// The segment's terms: `termArena[termOffsets[k] ..< termOffsets[k + 1]]` is local term k.
    public private(set) var termArena: [UInt8] = []
    public private(set) var termOffsets: [Int32] = [0]
    /// Global document numbers of the segment's documents, in order.
    public private(set) var documents: [Int32] = []
    /// Number of word positions per document (BM25's document length; compound heads and gaps not counted).
    public private(set) var lengths: [Int32] = []
    /// After `finish`: the postings inverted, term-major and compact (a merged segment waits in memory
    /// until the end of the load). Local term k's postings are the run `termRuns[termRunStart[k] ..<
    /// termRunStart[k + 1]]` (see `PostingRuns`), its positions `termPositionBytes[termPositionStart[k] ..<
    /// termPositionStart[k + 1]]`, the postings' position lists one after the other. Inverting here, in the
    /// worker, keeps the serial merge down to one pass per term.
    public private(set) var termRunStart: [UInt32] = []
    public private(set) var termRuns: [UInt8] = []
    public private(set) var termPositionStart: [UInt32] = []
    public private(set) var termPositionBytes: [UInt8] = []

    /// While building, document-major: `postingStart[k] ..< postingStart[k + 1]` are document k's postings
    /// (local term, counts; in order of first occurrence), and `postingByteEnd[i]` ends posting i's run in `positionBytes`.
    private var postingStart: [Int32] = [0]
    private var postingTerms: [Int32] = []
    private var postingCounts: [UInt32] = []
    private var postingByteEnd: [Int] = []
    private var positionBytes: [UInt8] = []

    private var localOf: [Int32] = []  // dictionary id → local id (-1: not seen in this segment)
    private var dictionaryIDs: [Int32] = []  // local id → dictionary id
    private var ownTerms: TermInterner? = nil  // for terms added as bytes
    /// The current document: per local term its counts (packed as in postings), the terms it touched,
    /// and every occurrence in order as (local term, position << 1 | head).
    private var counts: [UInt32] = []
    private var touched: [Int32] = []
    private var occurrences: [(term: Int32, entry: UInt32)] = []
    private var sorted: [UInt32] = []
    private var slot: [Int32] = []
    private var currentLength: Int32 = 0
    private var position: UInt32 = 0

    public init() {}

    public var termCount: Int { termOffsets.count - 1 }

    /// Starts a document; add its terms, then call `endDocument`.
    public mutating func beginDocument(_ number: Int32) {
        documents.append(number)
        currentLength = 0
        position = 0
    }

    /// Adds one occurrence of a term given as bytes (the segment keeps its own dictionary; then call
    /// `finish()`). Extra terms (compound heads) share the previous term's position and do not add length.
    public mutating func add(_ term: UnsafeBufferPointer<UInt8>, extra: Bool) {
        if ownTerms == nil { ownTerms = TermInterner() }
        add(id: ownTerms!.intern(term), extra: extra)
    }

    /// The position the next word of the current document will take.
    public var nextPosition: UInt32 { position }

    /// Leaves one position empty, so that no phrase matches across it (between paragraphs).
    public mutating func gap() {
        position += 1
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
        let at: UInt32
        if extra {
            at = position == 0 ? 0 : position - 1
        } else {
            at = position
            position += 1
            currentLength += 1
        }
        let c = counts[Int(local)]
        if c == 0 { touched.append(local) }
        if extra ? c & 0xFFFF == 0xFFFF : c >> 16 == 0xFFFF { return }
        counts[Int(local)] = c + (extra ? 1 : 1 << 16)
        occurrences.append((local, at << 1 | (extra ? 1 : 0)))
    }

    public mutating func endDocument() {
        // The document's postings go in the order its terms first occur: `invert` groups them by term
        // (a counting sort), so their order within a document does not show.
        // Occurrences grouped by term (stable, so positions stay ascending within a term).
        if slot.count < dictionaryIDs.count { slot.append(contentsOf: repeatElement(0, count: dictionaryIDs.count - slot.count)) }
        var next: Int32 = 0
        for id in touched {
            slot[Int(id)] = next
            next += Int32(Postings.occurrences(counts[Int(id)]))
        }
        if sorted.count < occurrences.count { sorted.append(contentsOf: repeatElement(0, count: occurrences.count - sorted.count)) }
        for (term, entry) in occurrences {
            sorted[Int(slot[Int(term)])] = entry
            slot[Int(term)] += 1
        }
        var k = 0
        for id in touched {
            let c = counts[Int(id)]
            postingTerms.append(id)
            postingCounts.append(c)
            let n = Postings.occurrences(c)
            Postings.encode(sorted[k..<(k + n)], into: &positionBytes)
            k += n
            postingByteEnd.append(positionBytes.count)
            counts[Int(id)] = 0
        }
        touched.removeAll(keepingCapacity: true)
        occurrences.removeAll(keepingCapacity: true)
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
        // The per-document scratch goes too: segments wait for the seal until the end of the load.
        localOf = []
        dictionaryIDs = []
        counts = []
        sorted = []
        slot = []
        touched = []
        occurrences = []
    }

    /// Counting sort of the postings by term; documents stay ascending within a term.
    private mutating func invert() {
        let terms = termCount
        var start = [Int32](repeating: 0, count: terms + 1)
        precondition(positionBytes.count <= Int(UInt32.max), "a segment's positions fit 32-bit offsets")
        var byteStart = [UInt32](repeating: 0, count: terms + 1)
        for (i, t) in postingTerms.enumerated() {
            start[Int(t) + 1] += 1
            byteStart[Int(t) + 1] += UInt32(postingByteEnd[i] - (i == 0 ? 0 : postingByteEnd[i - 1]))
        }
        for k in 0..<terms {
            start[k + 1] += start[k]
            byteStart[k + 1] += byteStart[k]
        }
        var fill = start
        var byteFill = byteStart
        var docs = [Int32](repeating: 0, count: postingTerms.count)
        var packed = [UInt32](repeating: 0, count: postingTerms.count)
        var bytes = [UInt8](repeating: 0, count: positionBytes.count)
        bytes.withUnsafeMutableBufferPointer { out in
            positionBytes.withUnsafeBufferPointer { source in
                for (k, document) in documents.enumerated() {
                    for i in Int(postingStart[k])..<Int(postingStart[k + 1]) {
                        let t = Int(postingTerms[i])
                        let slot = Int(fill[t])
                        docs[slot] = document
                        packed[slot] = postingCounts[i]
                        fill[t] += 1
                        let from = i == 0 ? 0 : postingByteEnd[i - 1]
                        let count = postingByteEnd[i] - from
                        out.baseAddress!.advanced(by: Int(byteFill[t])).update(from: source.baseAddress!.advanced(by: from),
                                                                              count: count)
                        byteFill[t] += UInt32(count)
                    }
                }
            }
        }
        (termRunStart, termRuns) = PostingRuns.encode(start: start, documents: docs, counts: packed)
        termPositionStart = byteStart
        termPositionBytes = bytes
        postingTerms = []
        postingCounts = []
        postingByteEnd = []
        positionBytes = []
        postingStart = [0]
    }

    /// Finishes a segment whose terms were added as bytes.
    public mutating func finish() {
        if let ownTerms { finish(dictionary: ownTerms) }
        ownTerms = nil
    }
}

/// LEB128-style variable-length unsigned integers: seven bits per byte, low bits first, high bit set on every
/// byte but the last.
public enum VarInt {
    @inline(__always)
    public static func append(_ value: UInt32, to bytes: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    /// Writes `value` at `offset` of `bytes` and moves `offset` past it.
    @inline(__always)
    public static func write(_ value: UInt32, to bytes: UnsafeMutableBufferPointer<UInt8>, _ offset: inout Int) {
        var v = value
        while v >= 0x80 {
            bytes[offset] = UInt8(truncatingIfNeeded: v) | 0x80
            offset += 1
            v >>= 7
        }
        bytes[offset] = UInt8(v)
        offset += 1
    }

    /// How many bytes `value` takes.
    @inline(__always)
    public static func size(_ value: UInt32) -> Int {
        value < 1 << 7 ? 1 : value < 1 << 14 ? 2 : value < 1 << 21 ? 3 : value < 1 << 28 ? 4 : 5
    }

    /// Reads one value at `offset` and moves `offset` past it.
    @inline(__always)
    public static func read(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: inout Int) -> UInt32 {
        var value: UInt32 = 0
        var shift: UInt32 = 0
        while true {
            let b = bytes[offset]
            offset += 1
            value |= UInt32(b & 0x7F) << shift
            if b < 0x80 { return value }
            shift += 7
        }
    }

    /// Moves `offset` past `count` values without decoding them.
    @inline(__always)
    public static func skip(_ count: Int, in bytes: UnsafeBufferPointer<UInt8>, _ offset: inout Int) {
        var left = count
        while left > 0 {
            if bytes[offset] < 0x80 { left -= 1 }
            offset += 1
        }
    }
}

extension IndexSegment {
    /// A segment holding a sealed index's postings (its documents numbered from 0), so that the index can
    /// be merged into another one (appending a corpus to a saved snapshot).
    public init(sealed index: InvertedIndex) {
        precondition(index.isSealed, "seal the index first")
        self.init()
        termArena = index.terms.arena
        termOffsets = index.terms.offsets
        documents = (0..<Int32(index.lengths.count)).map { $0 }
        lengths = index.lengths
        (termRunStart, termRuns) = PostingRuns.encode(start: index.postingStart.values, documents: index.postingBlocks.flattened(),
                                                      counts: index.postingCounts.unpacked)
        termPositionStart = index.positionStart.values
        termPositionBytes = index.positionBytes
    }
}

/// A term's postings in a segment as bytes: the number of postings, then per posting the document as the
/// difference from the previous one and its counts, all `VarInt`s. The counts (words << 16 | compound heads,
/// see `IndexSegment`) are written as words << 1 | (heads > 0), followed by heads when there are any: most
/// postings take two bytes, against eight as two 32-bit arrays.
enum PostingRuns {
    /// Encodes term-major postings (`start` delimits each term's postings in `documents` and `counts`; the
    /// documents ascend within a term); returns each term's run start (one more entry for the end) and the runs.
    static func encode(
        start: [some BinaryInteger], documents: [Int32], counts: [UInt32]
    ) -> (start: [UInt32], runs: [UInt8]) {
        let terms = max(start.count - 1, 0)
        /// Term t's run as the values it is made of, each handed to `emit`.
        func values(of t: Int, _ emit: (UInt32) -> Void) {
            let postings = Int(start[t])..<Int(start[t + 1])
            emit(UInt32(postings.count))
            var previous: Int32 = 0
            for i in postings {
                emit(UInt32(documents[i] - previous))
                previous = documents[i]
                let words = counts[i] >> 16, heads = counts[i] & 0xFFFF
                emit(words << 1 | (heads > 0 ? 1 : 0))
                if heads > 0 { emit(heads) }
            }
        }
        // Sized exactly first: the runs wait in memory until the end of the load, without growth slack.
        var size = 0
        for t in 0..<terms { values(of: t) { size += VarInt.size($0) } }
        precondition(size <= Int(UInt32.max), "a segment's postings fit 32-bit offsets")
        var runStart = [UInt32](repeating: 0, count: terms + 1)
        var runs: [UInt8] = []
        runs.reserveCapacity(size)
        for t in 0..<terms {
            values(of: t) { VarInt.append($0, to: &runs) }
            runStart[t + 1] = UInt32(runs.count)
        }
        return (runStart, runs)
    }

    /// The number of postings of the run at `offset`.
    @inline(__always)
    static func count(_ runs: UnsafeBufferPointer<UInt8>, at offset: Int) -> Int {
        var offset = offset
        return Int(VarInt.read(runs, &offset))
    }

    /// Calls `body` with each posting (document, counts) of the run at `offset`, in order.
    @inline(__always)
    static func forEach(_ runs: UnsafeBufferPointer<UInt8>, at offset: Int, _ body: (Int32, UInt32) -> Void) {
        var offset = offset
        forEach(runs, from: &offset, body)
    }

    /// `forEach(_:at:_:)` that leaves `offset` after the run, at the next one.
    @inline(__always)
    static func forEach(_ runs: UnsafeBufferPointer<UInt8>, from offset: inout Int, _ body: (Int32, UInt32) -> Void) {
        var document: Int32 = 0
        for _ in 0..<VarInt.read(runs, &offset) {
            document += Int32(VarInt.read(runs, &offset))
            let code = VarInt.read(runs, &offset)
            let heads = code & 1 == 1 ? VarInt.read(runs, &offset) : 0
            body(document, (code >> 1) << 16 | heads)
        }
    }
}
