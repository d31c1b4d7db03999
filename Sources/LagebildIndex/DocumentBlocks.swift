/// The sealed index's document numbers, term after term: each term's ascending numbers as varint gaps (the
/// first from 0), about 1.2 bytes a posting on news text against 4 for plain numbers. Every `blockSize`
/// postings a skip entry records the document before the block and where the block's bytes begin, so
/// that a cursor jumps over whole blocks (an AND or a phrase moves its frequent terms' cursors to a rare
/// term's documents) and decodes at most one block's gaps.
struct DocumentBlocks: Sendable {
    static let blockSize = 128

    struct Skip: Sendable {
        /// The last document before the block.
        var before: Int32
        /// The block's first byte, from the term's first.
        var offset: UInt32
    }

    private(set) var bytes: [UInt8] = []
    /// Per term (+ 1): its first byte.
    private(set) var byteStart = TermStarts()
    /// Per term (+ 1): its first skip entry (a term of n postings has (n - 1) / blockSize).
    private(set) var skipStart = TermStarts()
    private(set) var skips: [Skip] = []

    var termCount: Int { byteStart.termCount }
    var byteSize: Int { bytes.count + byteStart.byteSize + skipStart.byteSize + skips.count * 8 }

    /// Calls `body` with each of term `t`'s documents in order.
    @inline(__always)
    func forEach(term t: Int, _ body: (Int32) -> Void) {
        _ = contains(term: t) { document in
            body(document)
            return false
        }
    }

    /// Whether one of term `t`'s documents satisfies `predicate` (decoding stops at the first).
    @inline(__always)
    func contains(term t: Int, where predicate: (Int32) -> Bool) -> Bool {
        bytes.withUnsafeBufferPointer { p in
            var offset = byteStart[t]
            let end = byteStart[t + 1]
            var document: Int32 = 0
            while offset < end {
                document += Int32(bitPattern: VarInt.read(p, &offset))
                if predicate(document) { return true }
            }
            return false
        }
    }

    /// How many skip entries a term of `postings` postings has: one per block after the first.
    static func skipCount(postings: Int) -> Int { max(0, postings - 1) / blockSize }

    /// Term `t`'s documents.
    func documents(term t: Int) -> [Int32] {
        var out: [Int32] = []
        forEach(term: t) { out.append($0) }
        return out
    }

    /// All documents, term after term (as the snapshot format stores them).
    func flattened() -> [Int32] {
        var out: [Int32] = []
        for t in 0..<termCount { forEach(term: t) { out.append($0) } }
        return out
    }

    /// Blocks of documents given term after term (`start[t] ..< start[t + 1]` are term t's).
    init(start: TermStarts, documents: [Int32]) {
        var bytes = 0, skips = 0
        for t in 0..<start.termCount {
            var last: Int32 = 0
            for i in start.range(t) {
                bytes += VarInt.size(Self.gap(documents[i], after: last))
                last = documents[i]
            }
            skips += Self.skipCount(postings: start.length(t))
        }
        var appender = Appender(bytes: bytes, terms: start.termCount, skips: skips)
        for t in 0..<start.termCount {
            for i in start.range(t) { appender.append(documents[i]) }
            appender.endTerm()
        }
        self = appender.blocks
    }

    init() {}

    /// Builds blocks term after term.
    struct Appender {
        private(set) var blocks = DocumentBlocks()
        private var last: Int32 = 0
        private var count = 0

        /// An appender with room for about this much: the blocks are kept as they are built, and growth
        /// would leave up to as much slack as there are bytes.
        init(bytes: Int, terms: Int, skips: Int) {
            blocks.bytes.reserveCapacity(bytes)
            blocks.byteStart.reserveCapacity(terms)
            blocks.skipStart.reserveCapacity(terms)
            blocks.skips.reserveCapacity(skips)
        }

        mutating func append(_ document: Int32) {
            if count > 0 && count % DocumentBlocks.blockSize == 0 {
                blocks.skips.append(Skip(before: last, offset: UInt32(blocks.bytes.count - blocks.byteStart.total)))
            }
            VarInt.append(UInt32(bitPattern: document &- last), to: &blocks.bytes)
            last = document
            count += 1
        }

        mutating func endTerm() {
            blocks.byteStart.append(blocks.bytes.count)
            blocks.skipStart.append(blocks.skips.count)
            last = 0
            count = 0
        }
    }

    /// Blocks whose document gaps were written in place (`bytes`: term t's at `byteStart.range(t)`, its
    /// `postings.length(t)` documents as gaps from the previous one, the first from 0). The skip entries are
    /// read off the gaps, term by term; only terms of more than one block have any.
    init(bytes: [UInt8], byteStart: TermStarts, postings: TermStarts) {
        let termCount = byteStart.termCount
        self.bytes = bytes
        self.byteStart = byteStart
        skipStart = TermStarts(lengths: (0..<termCount).lazy.map { Self.skipCount(postings: postings.length($0)) }, terms: termCount)
        var skips = [Skip](repeating: Skip(before: 0, offset: 0), count: skipStart.total)
        bytes.withUnsafeBufferPointer { p in
            for t in 0..<termCount where skipStart.length(t) > 0 {
                let start = byteStart[t]
                var offset = start, document: Int32 = 0, next = skipStart[t]
                for n in 0..<postings.length(t) {
                    if n > 0 && n % Self.blockSize == 0 {
                        skips[next] = Skip(before: document, offset: UInt32(offset - start))
                        next += 1
                    }
                    document &+= Int32(bitPattern: VarInt.read(p, &offset))
                }
            }
        }
        self.skips = skips
    }

    /// What a document takes as the gap from the one before it.
    @inline(__always)
    static func gap(_ document: Int32, after last: Int32) -> UInt32 { UInt32(bitPattern: document &- last) }
}

/// A cursor over one term's documents.
struct DocumentCursor {
    private let blocks: DocumentBlocks
    private let term: Int
    private let end: Int  // the term's byte end
    /// Postings read so far, the current one included (0 before the first).
    private(set) var ordinal: Int
    let count: Int
    private(set) var document: Int32 = 0
    private var offset: Int

    init(_ blocks: DocumentBlocks, term t: Int, count: Int) {
        self.blocks = blocks
        term = t
        end = blocks.byteStart[t + 1]
        offset = blocks.byteStart[t]
        self.count = count
        ordinal = 0
        step()
    }

    var isAtEnd: Bool { ordinal > count }

    /// Moves to the next posting.
    @inline(__always)
    mutating func step() {
        ordinal += 1
        guard offset < end else { return }
        blocks.bytes.withUnsafeBufferPointer { p in document += Int32(bitPattern: VarInt.read(p, &offset)) }
    }

    /// Moves to the first posting whose document is ≥ `target`: over whole blocks by their skip entries
    /// (binary search), then gap by gap within the block.
    mutating func advance(to target: Int32) {
        guard !isAtEnd, document < target else { return }
        let first = blocks.skipStart[term], skipCount = blocks.skipStart[term + 1] - first
        // Blocks after the current one: block b ≥ 1 has skip entry first + b - 1. The target lies in the
        // last block whose preceding document is below it.
        var lo = (ordinal - 1) / DocumentBlocks.blockSize + 1, hi = skipCount + 1
        if lo < hi && blocks.skips[first + lo - 1].before < target {
            while lo < hi {
                let mid = (lo + hi) / 2
                if blocks.skips[first + mid - 1].before < target { lo = mid + 1 } else { hi = mid }
            }
            let skip = blocks.skips[first + lo - 2]
            document = skip.before
            offset = blocks.byteStart[term] + Int(skip.offset)
            ordinal = (lo - 1) * DocumentBlocks.blockSize
            step()
        }
        // Gap by gap (the loop of `step`, with the buffer opened once).
        blocks.bytes.withUnsafeBufferPointer { p in
            while document < target {
                ordinal += 1
                guard offset < end else { return }
                document += Int32(bitPattern: VarInt.read(p, &offset))
            }
        }
    }
}
