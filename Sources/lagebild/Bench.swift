import ArgumentParser
import Foundation
import LagebildEngine
import LagebildEntities
import LagebildREPL

/// `lagebild bench CORPUS`: throughput of the whole pipeline (analysis, merge, seal) per worker count,
/// on a corpus read into memory first, with CPU time per stage, speed-up and scaling efficiency.
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure pipeline throughput on a corpus for 1, 2, … workers (medians of repeated runs).",
        discussion: """
            The corpus is read into memory once; each run then analyses, merges and seals it. Reported, \
            each the median over the runs: wall time, MB/s, documents/s and tokens/s of the whole \
            pipeline, CPU time per stage as MB/s per core, the serial merge with the end of the load \
            (index seal and entity clustering, which run at once: the wall time of each), speed-up over \
            the first worker count and scaling efficiency (speed-up per worker), and peak resident memory \
            of the process.
            """)

    @Argument(help: "The corpus.")
    var corpus: String

    @Option(name: .long, help: "Worker counts to measure, comma-separated.")
    var workers: String = "1,2"

    @Option(name: .long, help: "Runs per worker count (the median is reported).")
    var runs: Int = 3

    @Option(name: .long, help: "Search queries per kind (term, phrase, and, or, prefix) drawn from the corpus and timed on the last snapshot; 0 for none.")
    var queries: Int = 1000

    @Option(name: .long, help: "Write the drawn queries to this file as JSON lines (kind, words, query), for running them elsewhere.")
    var queriesOut: String?

    @OptionGroup var output: OutputOptions

    @OptionGroup var analysis: AnalysisOptions

    func validate() throws {
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
        guard queries >= 0 else { throw ValidationError("--queries must be 0 or more") }
        guard !workerCounts.isEmpty else { throw ValidationError("--workers takes counts such as 1,2") }
    }

    var workerCounts: [Int] { workers.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        .filter { $0 >= 1 } }

    func run() async throws {
        let items: [CorpusItem]
        do {
            items = try CorpusSource(path: corpus).collect()
        } catch {
            Front.printError("error: \(error)\n")
            throw ExitCode(3)
        }
        var table = ResultTable(
            kind: "bench",
            columns: [
                .init("workers", .integer), .init("wall ms", .number), .init("MB/s", .number),
                .init("docs/s", .number), .init("tokens/s", .number), .init("speed-up", .number),
                .init("efficiency", .number), .init("decode MB/s/core", .number),
                .init("structure MB/s/core", .number), .init("terms MB/s/core", .number),
                .init("entities MB/s/core", .number), .init("events MB/s/core", .number), .init("merge ms", .number),
                .init("seal ms", .number), .init("clustering ms", .number),
            ])
        // The model and lists load once per process; do it before the first measured run.
        // A model that cannot be read would make every run measure a lighter pipeline than asked for.
        if analysis.entities, case .failure(let error) = MentionExtractor.bundled {
            Front.printError("error: \(error)\n(measure without entities with --no-entities)\n")
            throw ExitCode(3)
        }
        DocumentAnalysis.loadSharedResources(entities: analysis.entities)
        var baseline: Double? = nil
        var documents = 0
        var bytes = 0
        var lastSnapshot: Snapshot? = nil
        for count in workerCounts {
            var walls: [Double] = []
            // Every run's counts and stage times: each figure reported is the median over the runs.
            var runStats: [CorpusStats] = []
            for run in 0..<runs {
                if isatty(STDERR_FILENO) != 0 {
                    Front.printError("\r\u{1B}[Kbench: \(count) worker\(count == 1 ? "" : "s"), run \(run + 1) of \(runs)")
                }
                // The previous run's snapshot goes before this one loads: peak RSS is one load's, not two.
                lastSnapshot = nil
                let clock = ContinuousClock()
                let start = clock.now
                let snapshot = try await AllocatorPolicy.loading {
                    try await Ingest.load(items: items, name: corpus, options: analysis.settings.ingest(workers: count))
                }
                walls.append((clock.now - start).inSeconds)
                runStats.append(snapshot.stats)
                lastSnapshot = snapshot
            }
            guard let stats = runStats.last else { continue }
            documents = stats.documents
            bytes = stats.bytes
            func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
            func median(_ time: (StageTimes) -> Duration) -> Double { median(runStats.map { time($0.times).inSeconds }) }
            let wall = median(walls)
            let mb = Double(stats.bytes) / 1e6
            let speedUp = baseline.map { $0 / wall } ?? 1
            if baseline == nil { baseline = wall }
            func perCore(_ time: (StageTimes) -> Duration) -> ResultTable.Value {
                let s = median(time)
                return s > 0 ? .number(mb / s) : .null
            }
            table.rows.append([
                .integer(count), .number(wall * 1000), .number(mb / wall), .number(Double(stats.documents) / wall),
                .number(Double(stats.tokens) / wall), .number(speedUp),
                .number(speedUp / (Double(count) / Double(workerCounts[0]))), perCore(\.decode),
                perCore(\.structure), perCore(\.terms),
                analysis.entities ? perCore(\.entities) : .null, analysis.entities ? perCore(\.events) : .null,
                .number(median(\.merge) * 1000), .number(median(\.sealing) * 1000),
                analysis.entities ? .number(median(\.clustering) * 1000) : .null,
            ])
        }
        if isatty(STDERR_FILENO) != 0 { Front.printError("\r\u{1B}[K") }
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        table.notes.append("\(corpus): \(documents) documents, "
            + String(format: "%.1f MB in memory; median of %d runs; peak RSS %.0f MB", Double(bytes) / 1e6, runs,
                     Double(usage.ru_maxrss) / 1024))
        if let index = lastSnapshot?.index {
            table.notes.append(String(format: "index: %.1f MB, %.2f × the corpus; %d terms", Double(index.byteSize) / 1e6,
                                      Double(index.byteSize) / Double(max(bytes, 1)), index.termCount))
        }
        let renderer = ResultRenderer(mode: output.format, width: Front.terminalWidth())
        Front.printOutput(renderer.render(table))
        if queries > 0, let snapshot = lastSnapshot {
            Front.printOutput(renderer.render(try await Self.queryLatencies(snapshot, count: queries, export: queriesOut)))
        }
    }

    /// Latency of top-10 searches (analysis of the query, evaluation, ranking; no snippets), per kind of
    /// query, after one untimed pass over the same queries.
    static func queryLatencies(_ snapshot: Snapshot, count: Int, export: String? = nil) async throws -> ResultTable {
        var exported = ""
        var table = ResultTable(
            kind: "bench-queries",
            columns: [
                .init("query", .text), .init("queries", .integer), .init("p50 ms", .number), .init("p99 ms", .number),
                .init("mean ms", .number), .init("mean hits", .number),
            ])
        for kind in QueryWorkload.Kind.allCases {
            let expressions = QueryWorkload.draw(kind, count: count, from: snapshot, seed: 2026)
            guard !expressions.isEmpty else { continue }
            for e in expressions {
                let line: [String: Any] = ["kind": kind.rawValue, "words": QueryWorkload.words(of: e), "query": "search " + e.text]
                if let data = try? JSONSerialization.data(withJSONObject: line, options: [.sortedKeys, .withoutEscapingSlashes]) {
                    exported += String(decoding: data, as: UTF8.self) + "\n"
                }
            }
            for e in expressions { _ = try await snapshot.searchHits(e, limit: 10) }
            var times: [Double] = []
            var hits = 0
            let clock = ContinuousClock()
            for e in expressions {
                let start = clock.now
                let result = try await snapshot.searchHits(e, limit: 10)
                times.append((clock.now - start).inSeconds * 1000)
                hits += result.total
            }
            times.sort()
            table.rows.append([
                .text(kind.rawValue), .integer(times.count), .number(times[times.count / 2]),
                .number(times[min(times.count - 1, times.count * 99 / 100)]), .number(times.reduce(0, +) / Double(times.count)),
                .number(Double(hits) / Double(times.count)),
            ])
        }
        table.notes.append("top-10 searches drawn from the corpus (seed 2026), one thread, after a warm-up pass")
        if let export { try Data(exported.utf8).write(to: URL(fileURLWithPath: export)) }
        return table
    }
}
