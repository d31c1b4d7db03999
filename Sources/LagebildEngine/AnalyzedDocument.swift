public import LagebildEntities
public import LagebildText
public import LagebildTimeline

/// One document after the text layer: its clean text and its structure. Tokens are not stored (they are
/// recomputed on demand in microseconds); paragraphs and sentences are.
public struct AnalyzedDocument: Sendable {
    public var metadata: DocumentMetadata
    /// The clean text. After the load it is usually read from the corpus's `TextFile` (each access reads
    /// it: take it once into a local when it is used more than once).
    public var text: String {
        get {
            switch storedText {
            case .memory(let text): text
            case .file(let file, let offset, let count): file.read(at: offset, count: Int(count))
            }
        }
        set { storedText = .memory(newValue) }
    }
    var storedText: StoredText
    public var structure: TextStructure
    /// Entity mentions in the story text (title, lead, headings, body), in order.
    public var mentions: [EntityMention] = []
    /// Direct quotes in the story text, with their speakers (indices into `mentions`).
    public var quotes: [Quote] = []
    /// Event candidates of the story sentences (found with the entities).
    public var events: [EventCandidate] = []
    /// Where each paragraph's words start in the index's positions (one more entry for the end): paragraph
    /// k holds positions `indexPositions[k] ..< indexPositions[k + 1] − 1` when indexed (an empty position
    /// follows each). Kept until the end of the load, to take a paragraph back out.
    var indexPositions: [UInt32] = []

    public init(metadata: DocumentMetadata, text: String, structure: TextStructure) {
        self.init(metadata: metadata, storedText: .memory(text), structure: structure)
    }

    init(metadata: DocumentMetadata, storedText: StoredText, structure: TextStructure) {
        self.metadata = metadata
        self.storedText = storedText
        self.structure = structure
    }

    /// Moves the text into `file` (it stays in memory if it cannot be written there).
    mutating func moveText(to file: TextFile) {
        guard case .memory(let text) = storedText, text.utf8.count <= Int(Int32.max),
              let offset = file.append(text) else { return }
        storedText = .file(file, offset: offset, count: Int32(text.utf8.count))
    }

    /// Whether the text is in memory (not in a text file).
    public var isTextInMemory: Bool {
        if case .memory = storedText { true } else { false }
    }

    public var paragraphs: [Paragraph] { structure.paragraphs }
    public var language: Language { structure.language }

    /// The title: from metadata, or the last line of the title block (the first is a kicker).
    public var title: String {
        if let title = metadata.title { return title }
        if let last = structure.paragraphs.prefix(while: { $0.role == .title }).last {
            return String(text.slice(last.span))
        }
        if let lead = structure.paragraphs.first(where: { $0.role.isStoryText }) {
            let s = text.slice(lead.span)
            return s.count > 80 ? String(s.prefix(79)) + "…" : String(s)
        }
        return ""
    }
}

extension Duration {
    /// The duration in seconds, as a `Double` (for rates and reports).
    public var inSeconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

/// Time spent in each stage, summed over documents (CPU time of the workers, not wall time).
public struct StageTimes: Sendable, Equatable {
    public var decode: Duration = .zero
    public var structure: Duration = .zero
    public var terms: Duration = .zero
    public var entities: Duration = .zero
    public var events: Duration = .zero
    /// The store's serial work: merging batches and the end of the load (which includes the two below).
    public var merge: Duration = .zero
    /// The end of a load, wall time: relabelling repeated paragraphs and sealing the index (a core per
    /// shard); clustering the entities, which runs while the index is sealed.
    public var sealing: Duration = .zero
    public var clustering: Duration = .zero

    public init() {}

    public static func + (a: StageTimes, b: StageTimes) -> StageTimes {
        var r = a
        r.decode += b.decode
        r.structure += b.structure
        r.terms += b.terms
        r.entities += b.entities
        r.events += b.events
        r.merge += b.merge
        r.sealing += b.sealing
        r.clustering += b.clustering
        return r
    }
}

/// The result of analysing one batch of documents: pure data, handed from a worker to the store.
public struct AnalyzedBatch: Sendable {
    public var sequence: Int
    public var documents: [AnalyzedDocument] = []
    public var problems: [LoadProblem] = []
    public var segment = IndexSegmentBox()
    /// Counts of this batch (documents, paragraphs by role, …, stage times, bytes read).
    public var stats = CorpusStats()
    /// Per document, a hash of each paragraph's text: the store finds lines a source repeats across
    /// documents (publisher footers, promotion blocks) with them.
    public var paragraphHashes: [[UInt64]] = []
    /// The batch's entity mentions for the registry, prepared per document, names numbered (documents
    /// numbered within the batch; the store adds the offset).
    public var entityMentions = EntityRegistry.Mentions()
}

import LagebildIndex

/// Wraps the index segment so that this module's public API does not expose the index module's types.
public struct IndexSegmentBox: Sendable {
    var segment = IndexSegment()
}

/// What one worker keeps between batches: scratch buffers and the term analyzer with its cache of the
/// surface forms the worker has seen (so a word is stemmed once per worker, not once per batch).
public struct WorkerState {
    /// The term analyzer starts afresh, between batches, once its caches hold this many surface forms.
    /// News vocabulary is Zipfian: the forms that matter come back within the next batch, while the rare
    /// ones, most of the forms, would pile up over a corpus (a worker held 400,000 by the end of
    /// FANG-COVID, about 20 MB, at the point where a load's memory peaks).
    static let formLimit = 1 << 18

    var scratch = TextAnalyzer.Scratch()
    /// The tokens of a batch's documents, one after the other, and their paragraphs' ranges of them (each
    /// document's from 0), between the two halves of `DocumentAnalysis.analyze`.
    var batchTokens: [Token] = []
    var batchParagraphTokens: [Range<Int>] = []
    var terms = TermAnalyzer()
    var mentions: MentionExtractor?
    var events: EventFinder?
    /// Where analysed documents put their text (nil: they keep it in memory).
    var textFile: TextFile?

    /// `entities: false` leaves out entity tagging and events (for measuring the text layer alone).
    public init(entities: Bool = true) {
        guard entities, case .success(let resources) = MentionExtractor.bundled else { return }
        mentions = MentionExtractor(resources)
        events = EventFinder.bundled
    }

    public init() {}
}

/// The per-document work of the pipeline: pure functions, run by the workers in parallel.
public enum DocumentAnalysis {
    /// Loads what the workers share (the entity model and lists, the event triggers and temporal rules)
    /// now rather than inside the first load that needs it, so that a measured load does not include it.
    public static func loadSharedResources(entities: Bool = true) {
        guard entities else { return }
        _ = MentionExtractor.bundled
        _ = EventFinder.bundled
    }

    /// Analyses one batch with fresh worker state (see `analyze(_:sequence:state:)`).
    public static func analyze(_ items: [CorpusItem], sequence: Int) -> AnalyzedBatch {
        var state = WorkerState()
        return analyze(items, sequence: sequence, state: &state)
    }

    /// Analyses one batch: decode, paragraphs and roles, sentences, tokens, index terms; then entities and
    /// events. Documents are numbered from 0 within the batch; the store adds the offset.
    ///
    /// The two halves run one after the other over the whole batch, not document by document: the term
    /// analyzer's caches and the tagger's tables (weights, sums, token descriptions) are each larger than
    /// a core's own caches, and interleaved per document each evicted the other (on 8,000 FANG-COVID
    /// articles the index terms took a third longer with the entity stage between them than without it).
    /// The tokens of the batch's documents wait for the second half in the worker's buffers.
    public static func analyze(_ items: [CorpusItem], sequence: Int, state: inout WorkerState) -> AnalyzedBatch {
        var batch = AnalyzedBatch(sequence: sequence)
        if state.terms.formCount > WorkerState.formLimit { state.terms = TermAnalyzer() }
        let analyzer = TextAnalyzer()
        let clock = ContinuousClock()
        var documents: [AnalyzedDocument] = []
        // Per document of `documents`: where its tokens and its paragraphs' token ranges begin in the buffers.
        var tokenStart: [Int] = [0], paragraphStart: [Int] = [0]
        state.batchTokens.removeAll(keepingCapacity: true)
        state.batchParagraphTokens.removeAll(keepingCapacity: true)
        for item in items {
            guard case .document(let raw) = item else {
                if case .problem(let problem) = item { batch.problems.append(problem) }
                continue
            }
            batch.stats.bytes += raw.bytes.count
            let t0 = clock.now
            let decoded: TextDecoder.Decoded
            do {
                decoded = try TextDecoder.decode(raw.bytes)
            } catch {
                batch.problems.append(LoadProblem(raw.metadata.origin, .skipped, error.description))
                batch.stats.times.decode += clock.now - t0
                continue
            }
            for repair in decoded.repairs.reportable {
                batch.problems.append(LoadProblem(raw.metadata.origin, .repaired, repair))
            }
            let t1 = clock.now
            var document = AnalyzedDocument(metadata: raw.metadata, text: decoded.text, structure: TextStructure())
            document.structure = analyzer.analyze(
                document.text, title: raw.metadata.title, defaultLanguage: raw.metadata.language,
                scratch: &state.scratch)
            let t2 = clock.now
            indexTerms(of: &document, number: Int32(documents.count), into: &batch.segment.segment, terms: &state.terms,
                       scratch: &state.scratch)
            batch.stats.times.decode += t1 - t0
            batch.stats.times.structure += t2 - t1
            batch.stats.times.terms += clock.now - t2
            // Only the store needs the hashes, and only while loading: moved out, not copied.
            var hashes: [UInt64] = []
            swap(&hashes, &document.structure.paragraphHashes)
            CorpusStore.zeroInsubstantial(&hashes, of: document.structure.paragraphs, text: document.text)
            batch.paragraphHashes.append(hashes)
            if state.mentions != nil {
                state.batchTokens.append(contentsOf: state.scratch.tokens)
                state.batchParagraphTokens.append(contentsOf: state.scratch.paragraphTokens)
            }
            tokenStart.append(state.batchTokens.count)
            paragraphStart.append(state.batchParagraphTokens.count)
            documents.append(document)
        }
        for k in documents.indices {
            var document = documents[k]
            documents[k] = AnalyzedDocument(metadata: document.metadata, text: "", structure: TextStructure())  // moved out
            if state.mentions != nil {
                let t3 = clock.now
                state.scratch.tokens.removeAll(keepingCapacity: true)
                state.scratch.tokens.append(contentsOf: state.batchTokens[tokenStart[k]..<tokenStart[k + 1]])
                state.scratch.paragraphTokens.removeAll(keepingCapacity: true)
                state.scratch.paragraphTokens.append(contentsOf: state.batchParagraphTokens[paragraphStart[k]..<paragraphStart[k + 1]])
                let sentences = extractMentions(of: &document, extractor: &state.mentions!, scratch: state.scratch)
                for input in registryInputs(document, number: Int32(k), gazetteer: state.mentions!.gazetteer) {
                    batch.entityMentions.append(input)
                }
                let t4 = clock.now
                if let finder = state.events {
                    document.events = finder.candidates(of: document, sentences: sentences, tokens: state.scratch.tokens)
                    document.events.dropGrowthSlack()
                }
                batch.stats.times.entities += t4 - t3
                batch.stats.times.events += clock.now - t4
            }
            batch.stats.add(document)
            if let file = state.textFile { document.moveText(to: file) }
            batch.documents.append(document)
        }
        batch.segment.segment.finish(dictionary: state.terms.terms)
        // The mentions are kept until the end of the load: without the slack of the array's growth.
        batch.entityMentions.shrink()
        return batch
    }

    /// Tags the sentences of the story text (not captions, credits, embeds or boilerplate: a photo
    /// credit never makes a person of the story); returns those sentences with their tokens.
    @discardableResult
    static func extractMentions(
        of document: inout AnalyzedDocument, extractor: inout MentionExtractor, scratch: TextAnalyzer.Scratch
    ) -> [SentenceTokens] {
        let structure = document.structure
        var mentions: [EntityMention] = []
        // Each story sentence with its tokens.
        var sentences: [SentenceTokens] = []
        var s = 0
        for (k, paragraph) in structure.paragraphs.enumerated() {
            while s < structure.sentences.count, Int(structure.sentenceParagraph[s]) < k { s += 1 }
            guard paragraph.role.isStoryText, paragraph.role != .embed else { continue }
            let range = scratch.paragraphTokens[k]
            var t = range.lowerBound
            var sentence = s
            while sentence < structure.sentences.count, Int(structure.sentenceParagraph[sentence]) == k {
                let span = structure.sentences[sentence]
                while t < range.upperBound, scratch.tokens[t].span.lowerBound < span.lowerBound { t += 1 }
                var end = t
                while end < range.upperBound, scratch.tokens[end].span.upperBound <= span.upperBound { end += 1 }
                sentences.append(SentenceTokens(sentence: Int32(sentence), paragraph: Int32(k), tokens: t..<end))
                t = end
                sentence += 1
            }
        }
        var text = document.text
        text.withUTF8 { p in
            for sentence in sentences {
                extractor.extract(p, tokens: scratch.tokens[sentence.tokens], sentence: sentence.sentence, into: &mentions)
            }
            MentionExtractor.propagateNames(p, tokens: scratch.tokens, sentences: sentences, mentions: &mentions)
            document.quotes = extractor.quotes.find(p, tokens: scratch.tokens, sentences: sentences, mentions: mentions)
        }
        // Kept to the end of a load, like the quotes and events: without the growth slack.
        mentions.dropGrowthSlack()
        document.mentions = mentions
        document.quotes.dropGrowthSlack()
        return sentences
    }

    /// A document's mentions in story paragraphs, as the entity registry takes them, prepared.
    static func registryInputs(_ document: AnalyzedDocument, number: Int32, gazetteer: CuratedGazetteer) -> [EntityRegistry.Input] {
        let text = document.text
        var inputs: [EntityRegistry.Input] = []
        inputs.reserveCapacity(document.mentions.count)
        // One input per mention, in order (the builder finds a mention's place by it). Every mention is
        // from a story paragraph here; the builder leaves out those that become boilerplate at the end of
        // the load.
        for mention in document.mentions {
            inputs.append(EntityRegistry.Input(
                document: number, text: String(text.slice(mention.span)), entityClass: mention.entityClass,
                role: mention.role, sentence: mention.sentence))
        }
        EntityRegistry.prepare(document: &inputs, gazetteer: gazetteer)
        return inputs
    }

    /// Per mention of the document: whether its paragraph is story text (the registry clusters those).
    static func storyMentions(of document: AnalyzedDocument) -> [Bool] {
        let structure = document.structure
        return document.mentions.map { structure.paragraphs[Int(structure.sentenceParagraph[Int($0.sentence)])].role.isStoryText }
    }

    /// Whether a paragraph of this role feeds the index.
    static func isIndexed(_ role: ParagraphRole) -> Bool { role.isStoryText || role == .caption }

    /// Feeds the terms of the story text and captions (not credits or boilerplate) to the segment, from the
    /// tokens `TextAnalyzer` left in `scratch`. Each paragraph is followed by an empty position, so that no
    /// phrase matches across paragraphs.
    static func indexTerms(
        of document: inout AnalyzedDocument, number: Int32, into segment: inout IndexSegment,
        terms: inout TermAnalyzer, scratch: inout TextAnalyzer.Scratch
    ) {
        segment.beginDocument(number)
        let paragraphs = document.structure.paragraphs
        var text = document.text
        text.withUTF8 { p in
            var positions: [UInt32] = []
            positions.reserveCapacity(paragraphs.count + 1)
            for (k, paragraph) in paragraphs.enumerated() {
                positions.append(segment.nextPosition)
                guard isIndexed(paragraph.role) else { continue }
                let tokens = scratch.tokens[scratch.paragraphTokens[k]]
                // Dates the paragraph writes out become extra terms at the position of their last token.
                let dates = DateMentions.scan(p, tokens)
                for (i, token) in tokens.enumerated() {
                    if i + 4 < tokens.count { terms.prefetch(p, tokens[tokens.startIndex + i + 4], language: paragraph.language) }
                    terms.analyze(p, token, language: paragraph.language) { term, extra in
                        segment.add(id: term, extra: extra)
                    }
                    if let found = dates[i] { for t in found { segment.add(id: terms.intern(term: t), extra: true) } }
                }
                segment.gap()
            }
            positions.append(segment.nextPosition)
            document.indexPositions = positions
        }
        segment.endDocument()
    }
}
