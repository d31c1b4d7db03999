import Benchmark
import Foundation
import LagebildEngine
import LagebildEntities
import LagebildTime

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
func analyse(_ batches: [[CorpusItem]], workers: Int, entities: Bool = false) {
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
        var state = WorkerState(entities: entities)
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

/// GermEval 2014 sentences as byte buffers with token ranges, for the tagger alone.
struct TaggerInput {
    var bytes: [UInt8] = []
    var sentences: [[Range<Int>]] = []
    var tokens = 0
}

let germEvalPath = root.deletingLastPathComponent().appendingPathComponent("shared/data/ner/germeval2014-test.tsv").path
let germEval: TaggerInput = {
    var input = TaggerInput()
    guard let data = FileManager.default.contents(atPath: germEvalPath),
          let corpus = try? TaggedCorpus(text: String(decoding: data, as: UTF8.self)) else { return input }
    for sentence in corpus.sentences {
        var ranges: [Range<Int>] = []
        for word in sentence.tokens {
            let start = input.bytes.count
            input.bytes.append(contentsOf: word.utf8)
            ranges.append(start..<input.bytes.count)
        }
        input.sentences.append(ranges)
        input.tokens += ranges.count
    }
    return input
}()

/// KRAUTS DieZeit's 50 raw TimeML texts with their creation dates, for the temporal tagger alone.
let krautsPath = root.deletingLastPathComponent().appendingPathComponent("shared/data/timex/krauts/KRAUTS_DieZeit_raw-text").path
let krauts: [(text: String, reference: CalendarDate?)] = {
    let fm = FileManager.default
    guard let names = try? fm.contentsOfDirectory(atPath: krautsPath) else { return [] }
    return names.sorted().compactMap { name in
        guard let data = fm.contents(atPath: krautsPath + "/" + name), let document = try? TimeMLDocument(bytes: [UInt8](data)) else { return nil }
        return (document.plainText, document.creationTime.flatMap { CalendarDate(iso: $0) })
    }
}()

let benchmarks: @Sendable () -> Void = {
    print("inputs: seeds \(bytes(seeds)) bytes in \(seeds.count) documents; "
        + "FANG-COVID sample \(bytes(fang)) bytes in \(fang.count) documents; "
        + "FANG-COVID \(bytes(fangAll)) bytes in \(fangAll.count) items")
    let metrics: [BenchmarkMetric] = [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident]
    // Allocation counts are the committed thresholds (Benchmarks/Thresholds, `make bench-check`): they do
    // not depend on how busy the machine is. Wall clock is reported, never checked. The ingest runs
    // concurrent tasks, so its count may vary a little.
    let mallocs: [BenchmarkMetric: BenchmarkThresholds] = [.mallocCountTotal: .init(relative: [.p90: 5.0])]

    Benchmark("TextLayer-seeds", configuration: .init(metrics: metrics, maxDuration: .seconds(3), thresholds: mallocs)) { benchmark in
        for _ in benchmark.scaledIterations {
            analyse(seedBatches, workers: 1)
        }
    }

    Benchmark("Ingest-seeds", configuration: .init(metrics: metrics, maxDuration: .seconds(3), thresholds: mallocs)) { benchmark in
        for _ in benchmark.scaledIterations {
            let source = try! CorpusSource(path: root.appendingPathComponent("seeds").path)
            blackHole(try! await Ingest.load(source, options: .init(workers: 2)).documents.count)
        }
    }

    // The entity tagger alone, one core: GermEval's 96,499 tokens per iteration (tokens/s = 96,499 / median).
    if germEval.tokens > 0, let model = try? EntityModel.bundled() {
        print("tagger input: \(germEval.tokens) tokens in \(germEval.sentences.count) sentences")
        Benchmark("EntityTagger-GermEval", configuration: .init(metrics: [.wallClock, .mallocCountTotal], maxDuration: .seconds(5))) {
            benchmark in
            var tagger = EntityTagger(model: model)
            var tags: [EntityTag] = []
            for _ in benchmark.scaledIterations {
                germEval.bytes.withUnsafeBufferPointer { p in
                    for sentence in germEval.sentences {
                        tags.removeAll(keepingCapacity: true)
                        sentence.withUnsafeBufferPointer { tagger.tag(p, tokens: $0, into: &tags) }
                    }
                }
                blackHole(tags.count)
            }
        }
    }

    // The temporal tagger alone, one core: KRAUTS DieZeit (MB/s = input bytes / median).
    if !krauts.isEmpty, let rules = try? TimexRules.bundled(language: "de") {
        let tagger = TemporalTagger(rules: rules)
        print("temporal tagger input: \(krauts.reduce(0) { $0 + $1.text.utf8.count }) bytes in \(krauts.count) documents")
        Benchmark("TimexTagger-KRAUTS-DieZeit", configuration: .init(metrics: [.wallClock], maxDuration: .seconds(10))) { benchmark in
            for _ in benchmark.scaledIterations {
                for (text, reference) in krauts { blackHole(tagger.tag(text, reference: reference).count) }
            }
        }
    }

    // Snapshot files: save and load of the seeds, and of the FANG sample when present (entities included).
    // One file name for every run: each run overwrites the last one's file instead of leaving another.
    let snapshotFile = FileManager.default.temporaryDirectory.appendingPathComponent("lagebild-bench-snapshot.lgb").path
    for (name, items) in [("seeds", seeds), ("FANGsample", fang)] where !items.isEmpty {
        Benchmark("Snapshot-save-\(name)", configuration: .init(metrics: [.wallClock, .mallocCountTotal], maxDuration: .seconds(20),
                                                                 maxIterations: 10, thresholds: mallocs)) { benchmark in
            let snapshot = try! await Ingest.load(items: items, name: name, options: .init(workers: 2))
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations { try! SnapshotFile.save(snapshot, to: snapshotFile) }
        }
        Benchmark("Snapshot-load-\(name)", configuration: .init(metrics: [.wallClock, .mallocCountTotal], maxDuration: .seconds(20),
                                                                 maxIterations: 10, thresholds: mallocs)) { benchmark in
            try! SnapshotFile.save(try! await Ingest.load(items: items, name: name, options: .init(workers: 2)), to: snapshotFile)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations { blackHole(try! SnapshotFile.load(snapshotFile).documents.count) }
        }
    }

    guard !fang.isEmpty else { return }
    // Search latency on the FANG sample's index: 200 top-10 queries of one kind per iteration, drawn from
    // the sample (latency per query = median / 200).
    for kind in QueryWorkload.Kind.allCases {
        Benchmark("Search-FANGsample-\(kind.rawValue)", configuration: .init(metrics: [.wallClock, .mallocCountTotal],
                                                                            maxDuration: .seconds(10))) { benchmark in
            let snapshot = try! await Ingest.load(items: fang, name: "fang", options: .init(workers: 2, entities: false))
            let queries = QueryWorkload.draw(kind, count: 200, from: snapshot, seed: 7)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                for q in queries { blackHole(try! await snapshot.searchHits(q, limit: 10).total) }
            }
        }
    }

    // The text layer plus the entity stage (tagger, roles, names, quotes) on the FANG sample; the
    // difference to TextLayer-FANG-Nworkers is the entity stage.
    for workers in [1, 2] {
        Benchmark("Entities-FANG-\(workers)workers",
                  configuration: .init(metrics: [.wallClock], maxDuration: .seconds(60), maxIterations: 5)) { benchmark in
            for _ in benchmark.scaledIterations {
                analyse(fangBatches, workers: workers, entities: true)
            }
        }
    }
    // Each stage's own time on the FANG sample, one worker, as the pipeline clocks it per document
    // (custom metrics in ms per pass over the sample: decode, structure, terms, entities, events). The
    // events stage has no input of its own (it reads the entity stage's sentences and mentions), so it
    // is measured here, inside the pipeline, rather than alone.
    let stages = ["decode", "structure", "terms", "entities", "events"]
    Benchmark("Stages-FANGsample-1worker",
              configuration: .init(metrics: stages.map { .custom("\($0) ms") }, maxDuration: .seconds(60), maxIterations: 5)) {
        benchmark in
        for _ in benchmark.scaledIterations {
            var state = WorkerState(entities: true)
            var times = StageTimes()
            for (k, batch) in fangBatches.enumerated() {
                times = times + DocumentAnalysis.analyze(batch, sequence: k, state: &state).stats.times
            }
            for (name, time) in zip(stages, [times.decode, times.structure, times.terms, times.entities, times.events]) {
                benchmark.measurement(.custom("\(name) ms"), Int(time.inSeconds * 1000))
            }
        }
    }
    // The index build alone: the sample's analysed batches (text layer, analysed once before the measured
    // region) merged into shards and sealed, as the store does during and at the end of a load.
    for shards in [1, 2] {
        Benchmark("IndexBuild-FANGsample-\(shards)shards",
                  configuration: .init(metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident], maxDuration: .seconds(20),
                                       maxIterations: 15)) { benchmark in
            var state = WorkerState(entities: false)
            let analysed = fangBatches.enumerated().map { k, batch in DocumentAnalysis.analyze(batch, sequence: k, state: &state) }
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations { blackHole(Ingest.buildIndex(of: analysed, shards: shards).byteSize) }
        }
    }
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
