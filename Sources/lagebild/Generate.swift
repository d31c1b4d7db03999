import ArgumentParser
import Foundation
import LagebildEngine

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

    func validate() throws {
        guard (docs ?? 1) >= 1, (megabytes ?? 1) > 0 else { throw ValidationError("--docs and --megabytes must be positive") }
        guard docs != nil || megabytes != nil else { throw ValidationError("give --docs N or --megabytes M") }
    }

    func run() throws {
        let jsonl = out.hasSuffix(".jsonl")
        let fm = FileManager.default
        if !jsonl { try fm.createDirectory(atPath: out, withIntermediateDirectories: true) }
        let truthPath = truth ?? (jsonl ? String(out.dropLast(".jsonl".count)) + ".truth.jsonl" : out + "/truth.jsonl")
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
