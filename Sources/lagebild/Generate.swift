import ArgumentParser
import Foundation
import LagebildEngine
import LagebildREPL

/// `lagebild generate`: German news-like articles at any scale, with their ground truth beside them.
struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate a German news-like corpus with known persons, places, dates and events.",
        discussion: """
            Writes FILE.jsonl (one article per line: id, date, source, title, text) or a folder of .txt files \
            with a manifest.jsonl, and the ground truth as JSON lines (id, persons, places, dates, events) to \
            --truth (default: beside the corpus, truth.jsonl). The same seed gives the same corpus.
            """)

    @Option(name: .long, help: "Number of articles (or use --megabytes).")
    var docs: Int?

    @Option(name: .long, help: "Generate articles until the corpus has this many megabytes of text.")
    var megabytes: Double?

    @Option(name: .long, help: "Random seed.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "FILE.jsonl, or a folder for .txt files.")
    var out: String

    @Option(name: .long, help: "Where to write the ground truth (JSON lines).")
    var truth: String?

    /// Where the ground truth of a generated corpus goes by default: `NAME.truth.jsonl` beside
    /// `NAME.jsonl`, or `truth.jsonl` in the folder.
    static func truthPath(of corpus: String) -> String {
        corpus.hasSuffix(".jsonl") ? String(corpus.dropLast(".jsonl".count)) + ".truth.jsonl" : corpus + "/truth.jsonl"
    }

    func validate() throws {
        guard (docs ?? 1) >= 1, (megabytes ?? 1) > 0 else { throw ValidationError("--docs and --megabytes must be positive") }
        guard docs != nil || megabytes != nil else { throw ValidationError("give --docs N or --megabytes M") }
    }

    func run() throws {
        let jsonl = out.hasSuffix(".jsonl")
        let fm = FileManager.default
        if !jsonl { try fm.createDirectory(atPath: out, withIntermediateDirectories: true) }
        let truthPath = truth ?? Self.truthPath(of: out)
        guard fm.createFile(atPath: jsonl ? out : out + "/manifest.jsonl", contents: nil), fm.createFile(atPath: truthPath, contents: nil),
            let corpus = FileHandle(forWritingAtPath: jsonl ? out : out + "/manifest.jsonl"),
            let truths = FileHandle(forWritingAtPath: truthPath)
        else {
            Front.printError("error: cannot write \(out) or \(truthPath)\n")
            throw ExitCode(2)
        }
        var generator = CorpusGenerator(seed: seed)
        var buffer = "", truthBuffer = ""
        var bytes = 0, count = 0
        let limit = megabytes.map { Int($0 * 1e6) } ?? .max
        while count < (docs ?? .max), bytes < limit {
            count += 1
            let article = generator.article(count)
            bytes += article.text.utf8.count
            if jsonl {
                buffer += CorpusGenerator.jsonLine(article) + "\n"
            } else {
                try Data(article.text.utf8).write(to: URL(fileURLWithPath: out + "/\(article.id).txt"))
                buffer += #"{"file": "\#(article.id).txt", "date": "\#(article.date)", "source": "\#(article.source)"}"# + "\n"
            }
            truthBuffer += CorpusGenerator.truthLine(article.truth) + "\n"
            if buffer.utf8.count > 1 << 20 {
                corpus.write(Data(buffer.utf8))
                truths.write(Data(truthBuffer.utf8))
                buffer = ""
                truthBuffer = ""
            }
        }
        corpus.write(Data(buffer.utf8))
        truths.write(Data(truthBuffer.utf8))
        try corpus.close()
        try truths.close()
        Front.printError(String(format: "%d articles, %.1f MB of text → %@ (truth: %@)\n", count, Double(bytes) / 1e6, out, truthPath))
    }
}

/// `lagebild eval generated CORPUS`: how much of a generated corpus's ground truth the engine recovers.
struct EvalGenerated: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generated",
        abstract: "Load a corpus made by 'lagebild generate' and report how many of its persons, dates and events are recovered.",
        discussion: """
            Persons are checked for every article; dates ('docs where date:') and events ('timeline NAME from \
            DAY to DAY') by one query each for --queried articles spread evenly over the corpus. Exits 1 when a \
            recall is below --minimum.
            """)

    @Argument(help: "The generated corpus (JSONL or folder) or a snapshot file of it.")
    var corpus: String

    @Option(name: .long, help: "The ground truth (default: CORPUS with .truth.jsonl, or truth.jsonl in the folder).")
    var truth: String?

    @Option(name: .long, help: "Articles whose dates and events are queried.")
    var queried = 200

    @Option(name: .long, help: "Lowest acceptable recall for each kind, 0–1.")
    var minimum = 0.9

    @OptionGroup var parallel: WorkerOptions

    @OptionGroup var output: OutputOptions

    func run() async throws {
        let truthPath = truth ?? Generate.truthPath(of: corpus)
        let data = try Front.readFile(truthPath, what: "ground truth")
        var truths: [CorpusGenerator.Truth] = []
        let decoder = JSONDecoder()
        for (n, line) in data.split(separator: UInt8(ascii: "\n")).enumerated() where !line.isEmpty {
            do {
                truths.append(try decoder.decode(CorpusGenerator.Truth.self, from: Data(line)))
            } catch {
                Front.printError("error: \(truthPath):\(n + 1): not a ground-truth line (\(error))\n")
                throw ExitCode(2)
            }
        }
        let clock = ContinuousClock()
        let start = clock.now
        let snapshot = try await Front.load(corpus: corpus, workers: parallel.workers, settings: LoadSettings(), quiet: false)
        let loaded = (clock.now - start).inSeconds
        // Spread the queried articles over the whole corpus: every k-th first, the rest after them.
        let step = max(1, truths.count / max(1, queried))
        let spread = stride(from: 0, to: truths.count, by: step).map { truths[$0] }
        let rest = truths.indices.filter { $0 % step != 0 }.map { truths[$0] }
        let check = try await GeneratedTruthCheck.run(spread + rest, against: snapshot, queried: queried)
        var table = ResultTable(kind: "eval-generated", columns: [
            .init("kind"), .init("found", .integer), .init("total", .integer), .init("recall", .number),
        ])
        for (kind, count) in [("persons", check.persons), ("dates", check.dates), ("events", check.events)] {
            table.rows.append([.text(kind), .integer(count.found), .integer(count.total), .number(count.recall)])
        }
        table.notes.append(String(format: "%d articles, %.1f MB of text, loaded in %.1f s; dates and events queried for %d articles",
                                  snapshot.documents.count, Double(snapshot.stats.bytes) / 1e6, loaded, min(queried, truths.count)))
        if check.missingArticles > 0 { table.notes.append("\(check.missingArticles) articles of the truth are not in the corpus") }
        Front.printOutput(ResultRenderer(mode: output.format, width: Front.terminalWidth()).render(table))
        if [check.persons, check.dates, check.events].contains(where: { $0.recall < minimum }) || check.missingArticles > 0 {
            Front.printError("error: a recall is below \(minimum)\n")
            throw ExitCode(1)
        }
    }
}
