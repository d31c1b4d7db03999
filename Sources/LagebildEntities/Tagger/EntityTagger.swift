/// Tags sentences with a model. One per worker: it keeps its scratch buffers between sentences.
public struct EntityTagger {
    public let model: EntityModel
    private var extractor: FeatureExtractor
    private var bytes: [UInt8] = []
    private var ranges: [Range<Int>] = []
    /// Whether tokens that cannot start a chunk (`FeatureExtractor.isCandidate`) are tagged `O` without
    /// scoring when they do not follow a chunk. On by default; off scores every token.
    public var scoresCandidatesOnly = true
    /// The sums of recent words' own rows (`FeatureExtractor.appendWordRows`), direct-mapped by
    /// `wordKey`: frequent words are scored from one cached entry plus their context rows.
    private var cacheKeys: [UInt64]
    private var cacheSums: [GreedyDecoder.RowSums]
    private static let cacheBits = 14
    /// Entries of the extractor's cache of token descriptions (`DescriptionCache`).
    private static let descriptionCacheBits = 16

    /// `cachesDescriptions: false` describes every token from its bytes and the tables (for comparing).
    public init(model: EntityModel, cachesDescriptions: Bool = true) {
        self.model = model
        extractor = FeatureExtractor(hashBits: model.hashBits, cacheBits: cachesDescriptions ? Self.descriptionCacheBits : nil)
        cacheKeys = Array(repeating: 0, count: 1 << Self.cacheBits)
        cacheSums = Array(repeating: GreedyDecoder.RowSums(), count: 1 << Self.cacheBits)
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
        var previous: UInt8 = 0, beforePrevious: UInt8 = 0
        var ahead = Prepared(index: -1)
        model.weights.withUnsafeBufferPointer { w in
            for i in 0..<n {
                var tag: UInt8 = 0
                if previous != 0 || scores(i) {
                    let this = ahead.index == i ? ahead : prepare(i, text, tokens[i], weights: w)
                    if i + 1 < n, scores(i + 1) { ahead = prepare(i + 1, text, tokens[i + 1], weights: w) }
                    var sums = this.sums
                    if let slot = this.missedSlot {
                        // The word's own rows were prefetched with the context's: sum and cache them now.
                        sums = GreedyDecoder.RowSums(rows: this.wordRows, extractor: extractor, weights: w)
                        cacheKeys[slot] = this.key
                        cacheSums[slot] = sums
                    }
                    tag = GreedyDecoder.best(
                        i, rows: this.contextRows, extractor: extractor, weights: w, previous: previous,
                        beforePrevious: beforePrevious, sums: sums
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

    /// A token whose rows are computed and prefetched: its word rows' sums from the cache (or, on a
    /// miss, the word rows to sum and the cache slot to fill), and its context rows.
    private struct Prepared {
        var index: Int
        var key: UInt64 = 0
        var sums = GreedyDecoder.RowSums()
        var missedSlot: Int? = nil
        var wordRows: Range<Int> = 0..<0
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
        p.key = extractor.wordKey(i) | 1
        let slot = Int(truncatingIfNeeded: p.key >> UInt64(64 - Self.cacheBits))
        if cacheKeys[slot] == p.key {
            p.sums = cacheSums[slot]
        } else {
            let start = extractor.features.count
            extractor.appendWordRows(i, text, range)
            p.wordRows = start..<extractor.features.count
            p.missedSlot = slot
            GreedyDecoder.prefetch(rows: p.wordRows, extractor: extractor, weights: w)
        }
        let start = extractor.features.count
        extractor.appendContextRows(i)
        p.contextRows = start..<extractor.features.count
        GreedyDecoder.prefetch(rows: p.contextRows, extractor: extractor, weights: w)
        return p
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
