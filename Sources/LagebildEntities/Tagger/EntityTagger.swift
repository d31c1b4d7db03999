/// Tags sentences with a model. One per worker: it keeps its scratch buffers between sentences.
public struct EntityTagger {
    public let model: EntityModel
    private var extractor: FeatureExtractor
    private var bytes: [UInt8] = []
    private var ranges: [Range<Int>] = []

    public init(model: EntityModel) {
        self.model = model
        extractor = FeatureExtractor(hashBits: model.hashBits)
    }

    /// Tags one sentence given as byte ranges of `text`, appending one tag per token to `tags`.
    public mutating func tag(
        _ text: UnsafeBufferPointer<UInt8>, tokens: UnsafeBufferPointer<Range<Int>>, into tags: inout [EntityTag]
    ) {
        extractor.prepare(text, tokens, tables: model.tables, learned: model.learned)
        var previous: UInt8 = 0, beforePrevious: UInt8 = 0
        model.weights.withUnsafeBufferPointer { w in
            for i in 0..<tokens.count {
                let tag = GreedyDecoder.best(i, extractor: extractor, weights: w, previous: previous, beforePrevious: beforePrevious)
                tags.append(EntityTag(rawValue: tag))
                beforePrevious = previous
                previous = tag
            }
        }
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
