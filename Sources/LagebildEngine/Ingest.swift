/// Progress of a load, reported after each merged batch.
public struct IngestProgress: Sendable {
    public var documents: Int
    public var bytes: Int
}

/// The ingestion pipeline: read → analyse (in parallel) → merge (in order) → snapshot.
///
/// The reader fills batches of about `batchBytes`; up to `workers` batches are analysed at once by child
/// tasks of a task group, each running pure functions over its own documents; finished batches are merged
/// by the `CorpusStore` actor while the next ones are being analysed, so reading, analysis and merging
/// overlap.
public enum Ingest {
    public struct Options: Sendable {
        public var workers: Int
        public var batchBytes: Int
        /// Whether to tag entities (off only for measuring or testing the text layer alone).
        public var entities: Bool
        /// Whether the documents' texts go to a temporary file (`TextFile`) once analysed, rather than
        /// staying in memory.
        public var textInFile: Bool

        public init(workers: Int = Ingest.activeCores, batchBytes: Int = 1 << 20, entities: Bool = true,
                    textInFile: Bool = true) {
            self.workers = max(1, workers)
            self.batchBytes = batchBytes
            self.entities = entities
            self.textInFile = textInFile
        }
    }

    public static var activeCores: Int { ProcessInfo.processInfo.activeProcessorCount }

    public static func load(
        _ source: CorpusSource, options: Options = Options(),
        progress: (@Sendable (IngestProgress) -> Void)? = nil
    ) async throws -> Snapshot {
        try await load(source, name: source.path, options: options, progress: progress)
    }

    /// Loads items already in memory (benchmarks: reading is then not part of the measurement).
    public static func load(
        items: [CorpusItem], name: String, options: Options = Options()
    ) async throws -> Snapshot {
        try await load(InMemoryItems(items: items), name: name, options: options, progress: nil)
    }

    static func load<Source: AsyncSequence>(
        _ source: Source, name: String, options: Options,
        progress: (@Sendable (IngestProgress) -> Void)?
    ) async throws -> Snapshot where Source.Element == CorpusItem {
        let clock = ContinuousClock()
        let start = clock.now
        let store = CorpusStore(name: name, shards: options.workers)
        // Two batches waiting per worker keep the workers busy while the reader fills the next one.
        let queue = BatchQueue(capacity: options.workers * 2)
        let textFile = options.textInFile ? TextFile() : nil
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<options.workers {
                group.addTask {
                    var state = WorkerState(entities: options.entities)
                    state.textFile = textFile
                    while let (sequence, items) = await queue.take() {
                        let batch = DocumentAnalysis.analyze(items, sequence: sequence, state: &state)
                        let totals = await store.merge(consume batch)
                        progress?(totals)
                    }
                }
            }
            do {
                var sequence = 0
                var batch: [CorpusItem] = []
                var batchBytes = 0
                for try await item in source {
                    try Task.checkCancellation()
                    if case .document(let raw) = item { batchBytes += raw.bytes.count }
                    batch.append(item)
                    if batchBytes >= options.batchBytes || batch.count >= 4096 {
                        await queue.put((sequence, batch))
                        sequence += 1
                        batch = []
                        batchBytes = 0
                    }
                }
                if !batch.isEmpty { await queue.put((sequence, batch)) }
                await queue.close()
            } catch {
                await queue.close()
                throw error
            }
            try await group.waitForAll()
        }
        if options.entities, case .failure(let error) = MentionExtractor.bundled {
            // The load goes on without entities; the reason is shown with the other problems.
            await store.report(LoadProblem("entity model", .skipped, "entities not extracted: \(error)"))
        }
        return await store.snapshot(loadStart: start, workers: options.workers)
    }
}

/// Corpus items held in memory, as an async sequence.
struct InMemoryItems: AsyncSequence, Sendable {
    typealias Element = CorpusItem
    let items: [CorpusItem]

    struct Iterator: AsyncIteratorProtocol {
        var items: [CorpusItem]
        var position = 0
        mutating func next() async -> CorpusItem? {
            guard position < items.count else { return nil }
            defer { position += 1 }
            return items[position]
        }
    }

    func makeAsyncIterator() -> Iterator { Iterator(items: items) }
}

/// A bounded hand-over between the reader and the workers: `put` waits while the queue is full (so a fast
/// reader cannot pull the whole corpus into memory), `take` waits while it is empty and returns nil once
/// the queue is closed and drained.
actor BatchQueue {
    typealias Item = (Int, [CorpusItem])
    private var items: [Item] = []
    private var closed = false
    private var takers: [CheckedContinuation<Item?, Never>] = []
    private var putters: [CheckedContinuation<Void, Never>] = []
    private let capacity: Int

    init(capacity: Int) { self.capacity = max(1, capacity) }

    func put(_ item: Item) async {
        while items.count >= capacity && takers.isEmpty {
            await withCheckedContinuation { putters.append($0) }
        }
        if !takers.isEmpty {
            takers.removeFirst().resume(returning: item)
        } else {
            items.append(item)
        }
    }

    func take() async -> Item? {
        if !items.isEmpty {
            let item = items.removeFirst()
            if !putters.isEmpty { putters.removeFirst().resume() }
            return item
        }
        if closed { return nil }
        return await withCheckedContinuation { takers.append($0) }
    }

    func close() {
        closed = true
        for taker in takers { taker.resume(returning: nil) }
        takers.removeAll()
    }
}

import Foundation
import LagebildEntities
public import LagebildIndex

extension Ingest {
    /// The index of analysed batches alone, built as a load builds it: each batch's segment merged into a
    /// shard (batches dealt out in turn, documents numbered in batch order), then every shard sealed. The
    /// batches are left as they are, so that a benchmark can build from them again.
    public static func buildIndex(of batches: [AnalyzedBatch], shards: Int) -> ShardedIndex {
        var index = ShardedIndex(shards: shards)
        var base: Int32 = 0
        for batch in batches.sorted(by: { $0.sequence < $1.sequence }) {
            index.merge(batch.segment.segment, base: base, shard: batch.sequence)
            base += Int32(batch.documents.count)
        }
        index.seal()
        return index
    }
}
