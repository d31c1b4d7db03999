public import LagebildEntities
public import LagebildIndex
public import LagebildText

/// Corpus-wide counts for `stats`. Workers count their batches; the store adds the counts up.
public struct CorpusStats: Sendable, Equatable {
    public var documents = 0
    public var bytes = 0
    /// Indexed by `ParagraphRole.rawValue` and `Language.rawValue`.
    public var paragraphsByRole = [Int](repeating: 0, count: ParagraphRole.allCases.count)
    public var sentences = 0
    public var tokens = 0
    /// Entity mentions and direct quotes found (0 when entities were not extracted).
    public var mentions = 0
    public var quotes = 0
    public var documentsByLanguage = [Int](repeating: 0, count: Language.allCases.count)
    public var paragraphsByLanguage = [Int](repeating: 0, count: Language.allCases.count)
    public var times = StageTimes()
    /// Wall-clock time of the whole load.
    public var wall: Duration = .zero
    public var workers = 1

    public init() {}

    mutating func add(_ document: AnalyzedDocument) {
        documents += 1
        sentences += document.structure.sentences.count
        tokens += document.structure.tokenCount
        mentions += document.mentions.count
        quotes += document.quotes.count
        documentsByLanguage[Int(document.language.rawValue)] += 1
        for paragraph in document.paragraphs {
            paragraphsByRole[Int(paragraph.role.rawValue)] += 1
            paragraphsByLanguage[Int(paragraph.language.rawValue)] += 1
        }
    }

    /// Adds the counts of `other` (a batch) to these.
    mutating func absorb(_ other: CorpusStats) {
        documents += other.documents
        bytes += other.bytes
        sentences += other.sentences
        tokens += other.tokens
        mentions += other.mentions
        quotes += other.quotes
        for k in paragraphsByRole.indices { paragraphsByRole[k] += other.paragraphsByRole[k] }
        for k in documentsByLanguage.indices {
            documentsByLanguage[k] += other.documentsByLanguage[k]
            paragraphsByLanguage[k] += other.paragraphsByLanguage[k]
        }
        times = times + other.times
    }

    public func paragraphs(_ role: ParagraphRole) -> Int { paragraphsByRole[Int(role.rawValue)] }
    public func documents(_ language: Language) -> Int { documentsByLanguage[Int(language.rawValue)] }
    public func paragraphs(_ language: Language) -> Int { paragraphsByLanguage[Int(language.rawValue)] }
}

/// An immutable view of an analysed corpus. Queries hold a snapshot for their whole run, so a load that
/// publishes a new one never disturbs them.
public struct Snapshot: Sendable {
    public let name: String
    public let documents: [AnalyzedDocument]
    public let index: ShardedIndex
    public let problems: [LoadProblem]
    public let stats: CorpusStats
    /// The corpus's entities, mentions clustered across documents.
    public let entities: EntityRegistry
    /// For each document and each of its mentions, the entity (an index into `entities`), or -1 for a
    /// mention in a paragraph that is not story text.
    public let mentionEntities: [[Int32]]

    public init(name: String, documents: [AnalyzedDocument], index: ShardedIndex, problems: [LoadProblem],
                stats: CorpusStats, entities: EntityRegistry = EntityRegistry(), mentionEntities: [[Int32]] = [])
    {
        self.entities = entities
        self.mentionEntities = mentionEntities
        self.name = name
        self.documents = documents
        self.index = index
        self.problems = problems
        self.stats = stats
    }

    public static let empty = Snapshot(name: "(empty)", documents: [], index: ShardedIndex(), problems: [],
                                       stats: CorpusStats())

    /// The document with this id, or the only one whose id starts with it ("000" finds "000_1eab…").
    public func document(_ reference: String) throws(EngineError) -> Int {
        if let exact = documents.firstIndex(where: { $0.metadata.id == reference }) { return exact }
        let matches = documents.indices.filter { documents[$0].metadata.id.hasPrefix(reference) }
        if matches.count == 1 { return matches[0] }
        if matches.isEmpty { throw .unknownDocument(reference) }
        throw .ambiguousDocument(reference, matches.map { documents[$0].metadata.id })
    }
}

/// Owns the corpus while it is being built: merges analysed batches in order and publishes snapshots.
///
/// Only merging happens here; all analysis ran before, in the workers. Batches may finish out of order;
/// they are held until their turn so that document numbers follow the corpus order.
public actor CorpusStore {
    private let name: String
    private var documents: [AnalyzedDocument] = []
    private var index: ShardedIndex
    private var problems: [LoadProblem] = []
    private var stats = CorpusStats()
    private var waiting: [Int: AnalyzedBatch] = [:]
    private var nextSequence = 0
    /// Paragraph hashes per document (0 for a paragraph too short to count, see `zeroInsubstantial`), in
    /// how many documents of its source each paragraph occurs (the hash salted with the source), and the
    /// salted hashes that reached `repeatThreshold`: few, so that the end of the load looks every
    /// paragraph up in a small table.
    private var paragraphHashes: [[UInt64]] = []
    private var sourceRepeats: [UInt64: Int32] = [:]
    private var repeatedParagraphs: Set<UInt64> = []
    /// A document's distinct hashes (reused).
    private var uniqueHashes: [UInt64] = []
    /// Entity mentions go to the registry builder batch by batch, while later batches are analysed.
    private let entityBuilder = EntityRegistryBuilder()
    private var entityHandovers: [Task<Void, Never>] = []

    /// A paragraph that occurs in at least this many documents of one source is that source's furniture.
    static let repeatThreshold: Int32 = 3

    /// `shards`: how many index shards the batches are dealt out to (one per worker: queries then use all
    /// cores).
    public init(name: String, shards: Int = 1) {
        self.name = name
        index = ShardedIndex(shards: shards)
    }

    /// Records a problem that concerns the whole load rather than one file.
    func report(_ problem: LoadProblem) {
        problems.append(problem)
    }

    /// Merges a batch (or holds it until its predecessors arrived); returns the totals merged so far.
    /// The batch is taken over (`consuming`), so that its arrays are not shared with the worker and can
    /// be moved on without copies.
    func merge(_ batch: consuming AnalyzedBatch) -> IngestProgress {
        let sequence = batch.sequence
        waiting[sequence] = consume batch
        while var next = waiting.removeValue(forKey: nextSequence) {
            let clock = ContinuousClock()
            let start = clock.now
            index.merge(next.segment.segment, base: Int32(documents.count), shard: next.sequence)
            if !next.entityMentions.isEmpty {
                var mentions = EntityRegistry.Mentions()
                swap(&mentions, &next.entityMentions)  // taken over, not copied
                let base = Int32(documents.count)
                mentions.shiftDocuments(by: base)
                let builder = entityBuilder
                entityHandovers.append(Task { [mentions] in await builder.add(mentions, firstDocument: base) })
            }
            for (document, hashes) in zip(next.documents, next.paragraphHashes) {
                guard let source = document.metadata.source else { continue }
                let salt = CorpusStore.salt(source)
                // Each paragraph once per document.
                uniqueHashes.removeAll(keepingCapacity: true)
                uniqueHashes.append(contentsOf: hashes.lazy.filter { $0 != 0 })
                uniqueHashes.sort()
                for (k, hash) in uniqueHashes.enumerated() where k == 0 || uniqueHashes[k - 1] != hash {
                    let key = hash ^ salt
                    let count = (sourceRepeats[key] ?? 0) + 1
                    sourceRepeats[key] = count
                    if count == CorpusStore.repeatThreshold { repeatedParagraphs.insert(key) }
                }
            }
            paragraphHashes.append(contentsOf: next.paragraphHashes)
            documents.append(contentsOf: next.documents)
            problems.append(contentsOf: next.problems)
            stats.absorb(next.stats)
            stats.times.merge += clock.now - start
            nextSequence += 1
        }
        return IngestProgress(documents: documents.count, bytes: stats.bytes)
    }

    /// Paragraphs that a source repeats across documents become boilerplate: publisher notices, promotion
    /// blocks, "read more" lines that the per-document rules did not catch. To spare stock phrases and
    /// syndicated stories, the paragraph must also sit where furniture sits: among the first two paragraphs
    /// or in the last 40 % of its document. Returns the index positions of the relabelled paragraphs, per
    /// document, to be taken out of the index.
    private func relabelSourceRepeats() -> [Int32: [Range<UInt32>]] {
        defer {
            repeatedParagraphs = []
            paragraphHashes = []  // needed only for this pass
        }
        sourceRepeats = [:]  // the keys that reached the threshold are all that is read from here on
        guard !repeatedParagraphs.isEmpty else { return [:] }
        var removals: [Int32: [Range<UInt32>]] = [:]
        for d in documents.indices {
            guard let source = documents[d].metadata.source else { continue }
            let salt = CorpusStore.salt(source)
            let paragraphs = documents[d].structure.paragraphs
            let hashes = paragraphHashes[d]
            // (A paragraph's hash is 0 when it is too short to count: `zeroInsubstantial`.)
            let repeated = paragraphs.indices.filter { k in
                let paragraph = paragraphs[k]
                return hashes[k] != 0 && paragraph.role != .boilerplate && paragraph.role != .credit && paragraph.role != .title
                    && (k < 2 || k * 10 >= paragraphs.count * 6)
                    && repeatedParagraphs.contains(hashes[k] ^ salt)
            }
            guard !repeated.isEmpty else { continue }
            let positions = documents[d].indexPositions
            for k in repeated where DocumentAnalysis.isIndexed(paragraphs[k].role) && positions[k + 1] > positions[k] + 1 {
                removals[Int32(d), default: []].append(positions[k]..<(positions[k + 1] - 1))
            }
            for k in repeated {
                stats.paragraphsByRole[Int(paragraphs[k].role.rawValue)] -= 1
                stats.paragraphsByRole[Int(ParagraphRole.boilerplate.rawValue)] += 1
                documents[d].structure.paragraphs[k].role = .boilerplate
            }
        }
        return removals
    }

    /// Mixed into paragraph hashes so that counts are per source.
    static func salt(_ source: String) -> UInt64 { ByteSet.hash(source.utf8) }

    /// Short lines ("Die", "ZEIT ONLINE:", an interview's "Warum?") repeat by nature; only a paragraph of
    /// at least four words and 25 bytes says enough to be recognised as a source's furniture.
    static func isSubstantial(_ span: TextSpan, in p: UnsafeBufferPointer<UInt8>) -> Bool {
        guard span.count >= 25 else { return false }
        var spaces = 0
        for i in span.range where p[i] == 0x20 {
            spaces += 1
            if spaces >= 3 { return true }
        }
        return false
    }

    /// Makes a document's paragraph hashes what the store counts: 0 for a paragraph that is not
    /// substantial (same text, same hash: such a paragraph is never furniture, so it is not counted at all;
    /// the end of the load then needs no text). In place: the worker hands the array on.
    static func zeroInsubstantial(_ hashes: inout [UInt64], of paragraphs: [Paragraph], text: String) {
        var text = text
        text.withUTF8 { p in
            for k in paragraphs.indices where !isSubstantial(paragraphs[k].span, in: p) { hashes[k] = 0 }
        }
    }

    /// The loaded corpus, once the index is sealed and the entities clustered; its wall time runs from
    /// `loadStart` to the end of that (the serial end of a load is part of what a user waits for).
    func snapshot(loadStart: ContinuousClock.Instant, workers: Int) async -> Snapshot {
        let hadEntityInputs = !entityHandovers.isEmpty
        for handover in entityHandovers { await handover.value }
        entityHandovers = []
        let clock = ContinuousClock()
        let start = clock.now
        let removals = relabelSourceRepeats()
        for d in documents.indices { documents[d].indexPositions = [] }
        // The index is sealed (a core per shard) while the registry clusters the entities: one after the
        // other, the clustering ran on one core while the other waited (about a second of a FANG-COVID
        // load); at once, the load's peak memory did not grow (docs/BENCHMARKS.md). Detached: the
        // clustering must not wait for this actor, which is busy sealing.
        var clusteringTask: Task<(registry: EntityRegistry, mentionEntities: [[Int32]], time: Duration), Never>?
        if hadEntityInputs, case .success(let resources) = MentionExtractor.bundled {
            let kept = documents.map(DocumentAnalysis.storyMentions)
            let builder = entityBuilder, gazetteer = resources.gazetteer
            clusteringTask = Task.detached {
                let clock = ContinuousClock(), start = clock.now
                let (registry, mentionEntities) = await builder.build(gazetteer: gazetteer, kept: kept)
                return (registry, mentionEntities, clock.now - start)
            }
        }
        index.seal(removing: removals)
        stats.times.sealing = clock.now - start
        var registry = EntityRegistry()
        var mentionEntities: [[Int32]] = []
        if let clusteringTask {
            let clustered = await clusteringTask.value
            (registry, mentionEntities) = (clustered.registry, clustered.mentionEntities)
            stats.times.clustering = clustered.time
        }
        stats.times.merge += clock.now - start
        var final = stats
        final.wall = clock.now - loadStart
        final.workers = workers
        return Snapshot(name: name, documents: documents, index: index, problems: problems, stats: final, entities: registry,
                        mentionEntities: mentionEntities)
    }

}
