internal import CIntrinsics

/// Tags sentences with a model. One per worker: it keeps its scratch buffers between sentences.
public struct EntityTagger {
    public let model: EntityModel
    private var extractor: FeatureExtractor
    private var bytes: [UInt8] = []
    private var ranges: [Range<Int>] = []
    /// Whether tokens that cannot start a chunk (`FeatureExtractor.isCandidate`) are tagged `O` without
    /// scoring when they do not follow a chunk. On by default; off scores every token.
    public var scoresCandidatesOnly = true
    /// Sums of weight rows by a word's `wordKey`: of its own rows (`FeatureExtractor.appendWordRows`) with
    /// its history rows after two `O`s (the history of most scored tokens; `GreedyDecoder.best` swaps
    /// them for others), of
    /// the rows it gives the token after it and the token before it (`FeatureExtractor.ContextRows`
    /// `.previous` and `.next`). A scored token adds three cached sums and its remaining rows.
    private var ownSums = SumCache(bits: 15)
    private var previousSums = SumCache(bits: 14)
    private var nextSums = SumCache(bits: 14)
    /// The sentence's word keys (`FeatureExtractor.wordKey`), by token.
    private var keys: [UInt64] = []
    /// Entries of the extractor's cache of token descriptions (`DescriptionCache`).
    private static let descriptionCacheBits = 16

    /// `cachesDescriptions: false` describes every token from its bytes and the tables (for comparing).
    public init(model: EntityModel, cachesDescriptions: Bool = true) {
        self.model = model
        extractor = FeatureExtractor(hashBits: model.hashBits, cacheBits: cachesDescriptions ? Self.descriptionCacheBits : nil)
    }

    /// Tags one sentence given as byte ranges of `text`, appending one tag per token to `tags`.
    ///
    /// The weight rows are scattered over a table larger than the caches, so scoring waits on memory:
    /// while one token is scored, the next candidate's rows are computed and prefetched.
    public mutating func tag(
        _ text: UnsafeBufferPointer<UInt8>, tokens: UnsafeBufferPointer<Range<Int>>, into tags: inout [EntityTag]
    ) {
        extractor.describeTokens(text, tokens, tables: model.tables, learned: model.learned)
        let n = tokens.count, first = tags.count
        // The caches are larger than the processor's nearest caches: their entries for the tokens that
        // will be scored are asked for first.
        keys.removeAll(keepingCapacity: true)
        for i in 0..<n { keys.append(extractor.wordKey(i)) }
        for i in 0..<n where scores(i) {
            ownSums.prefetch(keys[i])
            previousSums.prefetch(previousKey(i))
            nextSums.prefetch(nextKey(i))
        }
        var previous: UInt8 = 0, beforePrevious: UInt8 = 0
        var ahead = Prepared(index: -1)
        // Whether a candidate may follow the last one prepared (once none does, none is looked for again).
        var candidatesLeft = true
        model.weights.withUnsafeBufferPointer { w in
            for i in 0..<n {
                var tag: UInt8 = 0
                if previous != 0 || scores(i) {
                    let this = ahead.index == i ? ahead : prepare(i, text, tokens[i], weights: w)
                    // The next token scored for sure, however far: its rows arrive while this one is scored
                    // (a token after an O is scored only if it is a candidate; one after a chunk may be
                    // scored too, and is prepared when it comes).
                    if ahead.index <= i, candidatesLeft {
                        if let next = (i + 1..<n).first(where: scores) {
                            ahead = prepare(next, text, tokens[next], weights: w)
                        } else {
                            candidatesLeft = false
                        }
                    }
                    // The parts not cached were prefetched with the context's rows: sum and cache them now.
                    var sums = this.sums
                    if let miss = this.own { sums.add(ownSums.store(miss, extractor: extractor, weights: w)) }
                    if let miss = this.previous { sums.add(previousSums.store(miss, extractor: extractor, weights: w)) }
                    if let miss = this.next { sums.add(nextSums.store(miss, extractor: extractor, weights: w)) }
                    tag = GreedyDecoder.best(
                        i, rows: this.contextRows, extractor: extractor, weights: w, previous: previous,
                        beforePrevious: beforePrevious, sumsAfterOutside: sums
                    )
                }
                tags.append(EntityTag(rawValue: tag))
                beforePrevious = previous
                previous = tag
            }
        }
        Self.joinAdjacentPersons(&tags, from: first)
    }

    /// A person chunk that begins right after another ("Wang" "Yi", tagged as two) continues it: two
    /// person names side by side without a comma or "und" are one name far more often than two
    /// (10-fold cross-validation: coarse F1 69.31 → 69.40).
    static func joinAdjacentPersons(_ tags: inout [EntityTag], from first: Int) {
        let begin = EntityTag.begin(EntityClass(.person)), inside = EntityTag.inside(EntityClass(.person))
        var k = first + 1
        while k < tags.count {
            if tags[k] == begin, tags[k - 1] == begin || tags[k - 1] == inside { tags[k] = inside }
            k += 1
        }
    }

    /// A token whose rows are computed and prefetched: the sum of its cached parts, the parts not cached
    /// (their rows, to be summed and cached), and its remaining context rows.
    private struct Prepared {
        var index: Int
        var sums = GreedyDecoder.RowSums()
        var own: SumCache.Miss?
        var previous: SumCache.Miss?
        var next: SumCache.Miss?
        var contextRows: Range<Int> = 0..<0
    }

    /// Whether token `i` is scored even after an `O`.
    @inline(__always)
    private func scores(_ i: Int) -> Bool { extractor.infos[i].candidate || !scoresCandidatesOnly }

    /// Computes token `i`'s rows (see `Prepared`; the token is at `range` of `text`), appended to the
    /// extractor's features, and prefetches them.
    @inline(__always)
    private mutating func prepare(
        _ i: Int, _ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, weights w: UnsafeBufferPointer<Int16>
    ) -> Prepared {
        var p = Prepared(index: i)
        p.own = Self.look(up: ownSums, key: keys[i], adding: &p.sums, extractor: &extractor, weights: w) {
            $0.appendWordRows(i, text, range)
            $0.appendHistoryRows(i, previous: 0, beforePrevious: 0)
        }
        p.previous = Self.look(up: previousSums, key: previousKey(i), adding: &p.sums, extractor: &extractor, weights: w) {
            $0.appendContextRows(i, .previous)
        }
        p.next = Self.look(up: nextSums, key: nextKey(i), adding: &p.sums, extractor: &extractor, weights: w) {
            $0.appendContextRows(i, .next)
        }
        let start = extractor.features.count
        extractor.appendContextRows(i, .pair)
        p.contextRows = start..<extractor.features.count
        GreedyDecoder.prefetch(rows: p.contextRows, extractor: extractor, weights: w)
        return p
    }

    /// The key of the sums of token `i`'s `.previous` rows: its previous word's, or at the sentence's start
    /// the boundary's (even: word keys are odd).
    @inline(__always)
    private func previousKey(_ i: Int) -> UInt64 { i > 0 ? keys[i - 1] : 2 }

    /// The key of the sums of token `i`'s `.next` rows: its next word's, or the boundary's at the end.
    @inline(__always)
    private func nextKey(_ i: Int) -> UInt64 { i + 1 < keys.count ? keys[i + 1] : 2 }

    /// Adds `cache`'s sum for `key` to `sums`; or, when it has none, appends the rows (`rows`) and
    /// prefetches them, returning what to sum and store.
    @inline(__always)
    private static func look(
        up cache: borrowing SumCache, key: UInt64, adding sums: inout GreedyDecoder.RowSums, extractor: inout FeatureExtractor,
        weights w: UnsafeBufferPointer<Int16>, rows: (inout FeatureExtractor) -> Void
    ) -> SumCache.Miss? {
        let slot = cache.slot(key)
        if let cached = cache.sums(key, at: slot) {
            sums.add(cached)
            return nil
        }
        let start = extractor.features.count
        rows(&extractor)
        let miss = SumCache.Miss(key: key, slot: slot, rows: start..<extractor.features.count)
        GreedyDecoder.prefetch(rows: miss.rows, extractor: extractor, weights: w)
        return miss
    }

    /// What the tagger computed about the last sentence's tokens (their word keys among it), for
    /// lookups after tagging without hashing the words again.
    var lastTokens: [TokenInfo] { extractor.infos }

    /// Tags one sentence of words.
    public mutating func tag(words: [String]) -> [EntityTag] {
        bytes.removeAll(keepingCapacity: true)
        ranges.removeAll(keepingCapacity: true)
        for word in words {
            let start = bytes.count
            bytes.append(contentsOf: word.utf8)
            ranges.append(start..<bytes.count)
        }
        var tags: [EntityTag] = []
        tags.reserveCapacity(words.count)
        let b = bytes, r = ranges
        b.withUnsafeBufferPointer { p in
            r.withUnsafeBufferPointer { tag(p, tokens: $0, into: &tags) }
        }
        return tags
    }
}

/// A direct-mapped cache of weight-row sums by a 64-bit key (never 0, the empty slot's). A slot holds the
/// key beside its sums (in the 12 bytes the sums leave of their 112-byte stride), so that a lookup reads
/// two cache lines, not three.
struct SumCache {
    private struct Slot {
        var sums = GreedyDecoder.RowSums()
        var key: UInt64 = 0
    }
    private var slots: [Slot]
    private let bits: Int

    /// Rows to sum for a key the cache did not have, and the slot that will hold them.
    struct Miss {
        var key: UInt64
        var slot: Int
        var rows: Range<Int>
    }

    init(bits: Int) {
        self.bits = bits
        slots = Array(repeating: Slot(), count: 1 << bits)
    }

    @inline(__always)
    func slot(_ key: UInt64) -> Int { Int(truncatingIfNeeded: key >> UInt64(64 - bits)) }

    /// Asks for every cache line of `key`'s slot (two or three: a slot is only 16-byte aligned): one
    /// address a line apart from its start, and its last byte.
    @inline(__always)
    func prefetch(_ key: UInt64) {
        let slot = slot(key)
        slots.withUnsafeBufferPointer { p in
            let entry = UnsafeRawPointer(p.baseAddress! + slot)
            for offset in stride(from: 0, to: MemoryLayout<Slot>.size, by: 64) { lagebild_prefetch(entry + offset) }
            lagebild_prefetch(entry + (MemoryLayout<Slot>.size - 1))
        }
    }

    @inline(__always)
    func sums(_ key: UInt64, at slot: Int) -> GreedyDecoder.RowSums? {
        slots.withUnsafeBufferPointer { p in p[slot].key == key ? p[slot].sums : nil }
    }

    /// Sums the missed rows of `extractor.features`, keeps the sum and returns it.
    @inline(__always)
    mutating func store(_ miss: Miss, extractor: borrowing FeatureExtractor, weights: UnsafeBufferPointer<Int16>) -> GreedyDecoder.RowSums {
        let total = GreedyDecoder.RowSums(rows: miss.rows, extractor: extractor, weights: weights)
        slots[miss.slot] = Slot(sums: total, key: miss.key)
        return total
    }
}
