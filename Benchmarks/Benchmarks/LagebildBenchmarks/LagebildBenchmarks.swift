import Benchmark
import Foundation
import LagebildEngine

// Text-layer throughput: decode, paragraphs and roles, sentences, tokens, index terms.
// Inputs are read before the measured region; each iteration analyses the whole input once.
// MB/s = input bytes / median wall time (the input sizes are printed at start-up).

/// The package root, from this file's path (benchmarks run from Benchmarks/).
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

func load(_ path: String, limit: Int) -> [CorpusItem] {
    guard let source = try? CorpusSource(path: path), let items = try? source.collect(limit: limit) else { return [] }
    return items
}

func bytes(_ items: [CorpusItem]) -> Int {
    items.reduce(0) { sum, item in
        if case .document(let raw) = item { return sum + raw.bytes.count }
        return sum
    }
}

/// Splits items into batches of about 1 MB, as the ingestion pipeline does.
func batches(_ items: [CorpusItem], size: Int = 1 << 20) -> [[CorpusItem]] {
    var out: [[CorpusItem]] = []
    var current: [CorpusItem] = []
    var filled = 0
    for item in items {
        current.append(item)
        if case .document(let raw) = item { filled += raw.bytes.count }
        if filled >= size {
            out.append(current)
            current = []
            filled = 0
        }
    }
    if !current.isEmpty { out.append(current) }
    return out
}

/// Analyses the batches with at most `workers` in flight; returns the number of documents.
func analyse(_ batches: [[CorpusItem]], workers: Int) async -> Int {
    await withTaskGroup(of: Int.self) { group in
        var next = 0
        var inFlight = 0
        var documents = 0
        while next < batches.count || inFlight > 0 {
            while inFlight < workers, next < batches.count {
                let batch = batches[next]
                let sequence = next
                group.addTask { DocumentAnalysis.analyze(batch, sequence: sequence).documents.count }
                next += 1
                inFlight += 1
            }
            if let done = await group.next() {
                documents += done
                inFlight -= 1
            }
        }
        return documents
    }
}

let seeds = load(root.appendingPathComponent("seeds").path, limit: .max)
let fangPath = root.deletingLastPathComponent().appendingPathComponent("shared/data/news/fang-covid-de.jsonl.gz").path
// The first 4,000 FANG-COVID articles (about 30 MB): large enough for stable medians, small enough to repeat.
let fang = FileManager.default.fileExists(atPath: fangPath) ? load(fangPath, limit: 4000) : []
let seedBatches = batches(seeds)
let fangBatches = batches(fang)

let benchmarks: @Sendable () -> Void = {
    print("inputs: seeds \(bytes(seeds)) bytes in \(seeds.count) documents; "
        + "FANG-COVID sample \(bytes(fang)) bytes in \(fang.count) documents")
    let metrics: [BenchmarkMetric] = [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident]

    Benchmark("TextLayer-seeds", configuration: .init(metrics: metrics, maxDuration: .seconds(3))) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(await analyse(seedBatches, workers: 1))
        }
    }

    Benchmark("Ingest-seeds", configuration: .init(metrics: metrics, maxDuration: .seconds(3))) { benchmark in
        for _ in benchmark.scaledIterations {
            let source = try! CorpusSource(path: root.appendingPathComponent("seeds").path)
            blackHole(try! await Ingest.load(source, options: .init(workers: 2)).documents.count)
        }
    }

    guard !fang.isEmpty else { return }
    for workers in [1, 2] {
        Benchmark("TextLayer-FANG-\(workers)workers",
                  configuration: .init(metrics: metrics, maxDuration: .seconds(20), maxIterations: 7)) { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(await analyse(fangBatches, workers: workers))
            }
        }
    }
}
