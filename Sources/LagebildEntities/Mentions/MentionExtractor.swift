public import LagebildText

/// One entity mention in a document: the byte span of its words, its class and the sentence it is in.
public struct EntityMention: Sendable, Hashable {
    public var span: TextSpan
    public var entityClass: EntityClass
    public var sentence: Int32

    public init(span: TextSpan, entityClass: EntityClass, sentence: Int32) {
        self.span = span
        self.entityClass = entityClass
        self.sentence = sentence
    }
}

/// Finds the entity mentions of a document's story text: the tagger per sentence, then the curated
/// gazetteer's multi-word names ("German Marshall Fund", "Vereinte Nationen"), which replace what the
/// tagger found on the same words. One per worker.
public struct MentionExtractor {
    private var tagger: EntityTagger
    private let gazetteer: CuratedGazetteer
    private var ranges: [Range<Int>] = []
    private var tags: [EntityTag] = []
    private var words: [String] = []
    private var lower: [UInt8] = []

    public init(model: EntityModel, gazetteer: CuratedGazetteer) {
        tagger = EntityTagger(model: model)
        self.gazetteer = gazetteer
    }

    /// The shared bundled model and lists, loaded once; nil (with the reason) when they cannot be read.
    public static let bundled: Result<(EntityModel, CuratedGazetteer), any Error> = Result {
        (try EntityModel.bundled(), try CuratedGazetteer.bundled())
    }

    /// Tags the tokens of one sentence and appends its mentions.
    public mutating func extract(
        _ text: UnsafeBufferPointer<UInt8>, tokens: ArraySlice<Token>, sentence: Int32, into mentions: inout [EntityMention]
    ) {
        guard !tokens.isEmpty else { return }
        ranges.removeAll(keepingCapacity: true)
        for token in tokens { ranges.append(token.span.range) }
        tags.removeAll(keepingCapacity: true)
        let r = ranges
        r.withUnsafeBufferPointer { tagger.tag(text, tokens: $0, into: &tags) }
        applyGazetteerPhrases(text)
        let base = tokens.startIndex
        for chunk in EntitySpan.chunks(tags) {
            let span = TextSpan(tokens[base + chunk.start].span.lowerBound, tokens[base + chunk.end - 1].span.upperBound)
            mentions.append(EntityMention(span: span, entityClass: chunk.entityClass, sentence: sentence))
        }
    }

    private mutating func applyGazetteerPhrases(_ text: UnsafeBufferPointer<UInt8>) {
        var candidate = false
        for range in ranges {
            ByteCase.lower(text, range, into: &lower)
            let key = lower.withUnsafeBufferPointer { FeatureHash.bytes($0, 0..<$0.count) }
            if gazetteer.phraseFirstWords[key] != 0 { candidate = true; break }
        }
        guard candidate else { return }
        words.removeAll(keepingCapacity: true)
        for range in ranges { words.append(String(decoding: UnsafeBufferPointer(rebasing: text[range]), as: UTF8.self)) }
        var i = 0
        while i < words.count {
            if let (entry, length) = gazetteer.phrase(in: words, at: i) {
                // The words before and after must not continue a chunk into the phrase.
                tags[i] = .begin(entry.entityClass)
                for k in (i + 1)..<(i + length) { tags[k] = .inside(entry.entityClass) }
                if i + length < tags.count, tags[i + length].isInside { tags[i + length] = .begin(tags[i + length].entityClass!) }
                i += length
            } else {
                i += 1
            }
        }
    }
}
