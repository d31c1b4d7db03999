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

/// Analyses the batches as the pipeline's workers do: `workers` workers, each keeping its `WorkerState`
/// (scratch buffers, term cache) across the batches it takes (round-robin).
///
/// Synchronous, on GCD threads: the benchmark runner waits for an async benchmark with a semaphore on a
/// thread of the cooperative pool, which leaves a 2-core machine one pool thread, so task-group workers
/// did not scale inside it (measured: 2 workers at 109 % CPU).
func analyse(_ batches: [[CorpusItem]], workers: Int) {
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
        var state = WorkerState(entities: false)
        for k in stride(from: worker, to: batches.count, by: workers) {
            blackHole(DocumentAnalysis.analyze(batches[k], sequence: k, state: &state).documents.count)
        }
    }
}

let seeds = load(root.appendingPathComponent("seeds").path, limit: .max)
let fangPath = root.deletingLastPathComponent().appendingPathComponent("shared/data/news/fang-covid-de.jsonl.gz").path
// The whole of FANG-COVID (237 MB of text), and its first 4,000 articles (about 30 MB) for quick A/B runs.
let fangAll = FileManager.default.fileExists(atPath: fangPath) ? load(fangPath, limit: .max) : []
let fang = Array(fangAll.prefix(4000))
let seedBatches = batches(seeds)
let fangBatches = batches(fang)
let fangAllBatches = batches(fangAll)

let benchmarks: @Sendable () -> Void = {
    print("inputs: seeds \(bytes(seeds)) bytes in \(seeds.count) documents; "
        + "FANG-COVID sample \(bytes(fang)) bytes in \(fang.count) documents; "
        + "FANG-COVID \(bytes(fangAll)) bytes in \(fangAll.count) items")
    let metrics: [BenchmarkMetric] = [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident]

    Benchmark("TextLayer-seeds", configuration: .init(metrics: metrics, maxDuration: .seconds(3))) { benchmark in
        for _ in benchmark.scaledIterations {
            analyse(seedBatches, workers: 1)
        }
    }

    Benchmark("Ingest-seeds", configuration: .init(metrics: metrics, maxDuration: .seconds(3))) { benchmark in
        for _ in benchmark.scaledIterations {
            let source = try! CorpusSource(path: root.appendingPathComponent("seeds").path)
            blackHole(try! await Ingest.load(source, options: .init(workers: 2)).documents.count)
        }
    }

    guard !fang.isEmpty else { return }
    // Allocation counts, on one worker.
    Benchmark("TextLayer-FANG-mallocs",
              configuration: .init(metrics: [.mallocCountTotal, .peakMemoryResident], maxIterations: 3)) { benchmark in
        for _ in benchmark.scaledIterations {
            analyse(fangBatches, workers: 1)
        }
    }
    // The whole corpus: the figure the text-layer target is stated for (caches warm up once per worker).
    for workers in [1, 2] {
        Benchmark("TextLayer-FANGall-\(workers)workers",
                  configuration: .init(metrics: [.wallClock], maxDuration: .seconds(60), maxIterations: 3)) {
            benchmark in
            for _ in benchmark.scaledIterations {
                analyse(fangAllBatches, workers: workers)
            }
        }
    }
    // Scaling: wall clock only.
    for workers in [1, 2] {
        Benchmark("TextLayer-FANG-\(workers)workers",
                  configuration: .init(metrics: [.wallClock, .throughput], maxDuration: .seconds(30),
                                       maxIterations: 9)) { benchmark in
            for _ in benchmark.scaledIterations {
                analyse(fangBatches, workers: workers)
            }
        }
    }
}
