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

        public init(workers: Int = Ingest.activeCores, batchBytes: Int = 1 << 20) {
            self.workers = max(1, workers)
            self.batchBytes = batchBytes
        }
    }

    public static var activeCores: Int { ProcessInfo.processInfo.activeProcessorCount }

    public static func load(
        _ source: CorpusSource, options: Options = Options(),
        progress: (@Sendable (IngestProgress) -> Void)? = nil
    ) async throws -> Snapshot {
        let clock = ContinuousClock()
        let start = clock.now
        let store = CorpusStore(name: source.path)
        try await withThrowingTaskGroup(of: AnalyzedBatch.self) { group in
            var inFlight = 0
            var sequence = 0
            var batch: [CorpusItem] = []
            var batchBytes = 0
            var documents = 0
            var bytes = 0
            func collect() async throws {
                guard let done = try await group.next() else { return }
                inFlight -= 1
                documents += done.documents.count
                bytes += done.bytes
                await store.merge(done)
                progress?(IngestProgress(documents: documents, bytes: bytes))
            }
            func submit() async throws {
                guard !batch.isEmpty else { return }
                if inFlight >= options.workers { try await collect() }
                let items = batch
                let number = sequence
                group.addTask { DocumentAnalysis.analyze(items, sequence: number) }
                inFlight += 1
                sequence += 1
                batch = []
                batchBytes = 0
            }
            for try await item in source {
                try Task.checkCancellation()
                if case .document(let raw) = item { batchBytes += raw.bytes.count }
                batch.append(item)
                if batchBytes >= options.batchBytes || batch.count >= 4096 { try await submit() }
            }
            try await submit()
            while inFlight > 0 { try await collect() }
        }
        return await store.snapshot(wall: clock.now - start, workers: options.workers)
    }
}

import Foundation
