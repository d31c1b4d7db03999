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
        var sizer = Sizer(termCount: start.termCount)
        for t in 0..<start.termCount {
            for i in start.range(t) { sizer.add(documents[i], term: t) }
        }
        var appender = Appender(
            bytes: sizer.sizes.reduce(0) { $0 + Int($1) }, terms: start.termCount,
            skips: sizer.counts.reduce(0) { $0 + Self.skipCount(postings: Int($1)) })
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

        /// Appends term `t` of `other` as it is (its bytes and skip entries copied, nothing decoded) and ends it.
        mutating func copy(term t: Int, of other: DocumentBlocks) {
            precondition(count == 0, "a term is copied whole")
            blocks.bytes.append(contentsOf: other.bytes[other.byteStart.range(t)])
            blocks.skips.append(contentsOf: other.skips[other.skipStart.range(t)])
            endTerm()
        }

        mutating func endTerm() {
            blocks.byteStart.append(blocks.bytes.count)
            blocks.skipStart.append(blocks.skips.count)
            last = 0
            count = 0
        }
    }

    /// Builds blocks from documents that arrive in any order of terms but in document order within each
    /// term (the index's segments one after the other): `sizer` saw them all once, and the bytes are then
    /// written in place, each array allocated once at its final size. Per term it keeps 32-bit counters:
    /// at the end of a load both shards lay out their terms at once, and these tables are much of the
    /// memory that takes.
    struct Sizer {
        /// Per term: postings and bytes.
        private(set) var counts: [UInt32]
        private(set) var sizes: [UInt32]
        private var last: [Int32]

        init(termCount: Int) {
            counts = Array(repeating: 0, count: termCount)
            sizes = Array(repeating: 0, count: termCount)
            last = Array(repeating: 0, count: termCount)
        }

        @inline(__always)
        mutating func add(_ document: Int32, term t: Int) {
            sizes[t] += UInt32(VarInt.size(UInt32(bitPattern: document &- last[t])))
            last[t] = document
            counts[t] += 1
        }
    }

    struct Writer {
        private var blocks = DocumentBlocks()
        /// Per term: bytes and postings written so far, and the last document.
        private var fill: [UInt32]
        private var written: [UInt32]
        private var last: [Int32]

        init(_ sizer: Sizer) {
            let termCount = sizer.counts.count
            blocks.byteStart = TermStarts(lengths: sizer.sizes.lazy.map { Int($0) }, terms: termCount)
            blocks.skipStart = TermStarts(lengths: sizer.counts.lazy.map { DocumentBlocks.skipCount(postings: Int($0)) }, terms: termCount)
            // Uninitialised: every byte and entry is written once below.
            blocks.bytes = [UInt8](unsafeUninitializedCapacity: blocks.byteStart.total) { $1 = $0.count }
            blocks.skips = [Skip](unsafeUninitializedCapacity: blocks.skipStart.total) { $1 = $0.count }
            fill = Array(repeating: 0, count: termCount)
            written = Array(repeating: 0, count: termCount)
            last = Array(repeating: 0, count: termCount)
        }

        /// Writes term `t`'s next document; returns how many of the term's postings came before it.
        @inline(__always) @discardableResult
        mutating func put(_ document: Int32, term t: Int) -> Int {
            let n = Int(written[t])
            if n > 0 && n % DocumentBlocks.blockSize == 0 {
                blocks.skips[blocks.skipStart[t] + n / DocumentBlocks.blockSize - 1] = Skip(before: last[t], offset: fill[t])
            }
            let start = blocks.byteStart[t]
            var offset = start + Int(fill[t])
            blocks.bytes.withUnsafeMutableBufferPointer { VarInt.write(UInt32(bitPattern: document &- last[t]), to: $0, &offset) }
            fill[t] = UInt32(offset - start)
            last[t] = document
            written[t] += 1
            return n
        }

        consuming func finish() -> DocumentBlocks {
            precondition(fill.indices.allSatisfy { Int(fill[$0]) == blocks.byteStart.length($0) }, "every sized document was written")
            return blocks
        }
    }
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
