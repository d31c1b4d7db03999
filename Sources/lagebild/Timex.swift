import ArgumentParser
import Foundation
import LagebildEngine
import LagebildREPL
import LagebildTime

/// `lagebild eval timex --gold DIR --system DIR`: TempEval-3 scores of TimeML files.
struct EvalTimex: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timex",
        abstract: "Score TimeML files against gold ones (same file names): strict and relaxed extent, type and value.")

    @Option(name: .long, help: "A folder of gold .tml files.")
    var gold: String

    @Option(name: .long, help: "A folder of system .tml files with the same names.")
    var system: String

    func run() async throws {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: gold).filter({ $0.hasSuffix(".tml") }).sorted(), !names.isEmpty else {
            Front.printError("error: no .tml files in \(gold)\n")
            throw ExitCode(2)
        }
        var score = TimexScore()
        var missing: [String] = []
        for name in names {
            let g = try read(gold + "/" + name)
            guard fm.fileExists(atPath: system + "/" + name) else {
                missing.append(name)
                score.add(gold: g.timexes, system: [])
                continue
            }
            let s = try read(system + "/" + name)
            guard s.text == g.text else {
                Front.printError("error: \(system)/\(name): the text differs from the gold file's\n")
                throw ExitCode(1)
            }
            score.add(gold: g.timexes, system: s.timexes)
        }
        if !missing.isEmpty {
            Front.printError("\(missing.count) gold files have no system file (counted as finding nothing): \(missing.prefix(3).joined(separator: ", "))\n")
        }
        var out = "\(score.documents) documents, \(score.relaxed.gold) gold and \(score.relaxed.system) system expressions\n"
        out += "                    P      R     F1\n"
        for (name, counts) in [("strict extent", score.strict), ("relaxed extent", score.relaxed), ("type", score.type), ("value", score.value)] {
            out += String(format: "%-15@ %6.2f %6.2f %6.2f\n", name as NSString, 100 * counts.precision, 100 * counts.recall, 100 * counts.f1)
        }
        Front.printOutput(out)
    }

    func read(_ path: String) throws -> TimeMLDocument {
        let data = try Front.readFile(path)
        do {
            return try TimeMLDocument(bytes: [UInt8](data))
        } catch {
            Front.printError("error: \(path): \(error)\n")
            throw ExitCode(2)
        }
    }
}

/// `lagebild timeml annotate IN_DIR OUT_DIR`: the same TimeML files with our TIMEX3 tags.
struct TimeML: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timeml", abstract: "Temporal tagging of TimeML files.", subcommands: [Annotate.self])

    struct Annotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Tag the <TEXT> of every .tml file in IN_DIR relative to its <DCT> and write it to OUT_DIR, text byte-identical.")

        @Argument(help: "A folder of TimeML files (existing TIMEX3 tags in <TEXT> are replaced).")
        var input: String

        @Argument(help: "Where to write the tagged files.")
        var output: String

        @Option(name: .long, help: "The rules' language.")
        var language = "de"

        @Option(name: .long, help: "A rules file to use instead of the bundled one (for writing rules).")
        var rules: String?

        @Flag(name: .long, help: "Narrative mode: resolve relative expressions against the date the text last named (histories, biographies), not the document date.")
        var narrative = false

        func run() async throws {
            let rules: TimexRules
            do {
                if let path = self.rules {
                    rules = try TimexRules(text: String(decoding: try Front.readFile(path), as: UTF8.self))
                } else {
                    rules = try TimexRules.bundled(language: language)
                }
            } catch let exit as ExitCode {
                throw exit
            } catch {
                Front.printError("error: \(error)\n")
                throw ExitCode(3)
            }
            let tagger = TemporalTagger(rules: rules)
            let fm = FileManager.default
            guard let names = try? fm.contentsOfDirectory(atPath: input).filter({ $0.hasSuffix(".tml") }).sorted(), !names.isEmpty else {
                Front.printError("error: no .tml files in \(input)\n")
                throw ExitCode(2)
            }
            try? fm.createDirectory(atPath: output, withIntermediateDirectories: true)
            var failed = 0, expressions = 0
            for name in names {
                guard let data = fm.contents(atPath: input + "/" + name) else {
                    Front.printError("\(input)/\(name): cannot read; skipped\n")
                    failed += 1
                    continue
                }
                do {
                    let document = try TimeMLDocument(bytes: [UInt8](data))
                    let reference = document.creationTime.flatMap { CalendarDate(iso: $0) }
                    let found = tagger.tag(document.plainText, reference: reference, mode: narrative ? .narrative : .news)
                    expressions += found.count
                    try Data(document.rendered(with: found)).write(to: URL(fileURLWithPath: output + "/" + name))
                } catch {
                    Front.printError("\(input)/\(name): \(error); skipped\n")
                    failed += 1
                }
            }
            Front.printError("tagged \(names.count - failed) files, \(expressions) expressions\(failed > 0 ? ", \(failed) skipped" : "")\n")
            if failed > 0 { throw ExitCode(1) }
        }
    }
}

/// `lagebild eval dates CORPUS`: document dates inferred from the text against the corpus's own dates.
struct EvalDates: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dates",
        abstract: "Infer each dated document's date from its text alone and compare it with the date its metadata give.",
        discussion: """
            For every document with a full date in its metadata: the date a dateline gives, else the latest \
            full date the story tells (what the engine uses when a corpus has no dates), and how far it lies \
            from the given date.
            """)

    @Argument(help: "A corpus with document dates (JSONL with a date field, a folder with a manifest) or its snapshot file.")
    var corpus: String

    @OptionGroup var parallel: WorkerOptions

    @OptionGroup var output: OutputOptions

    func run() async throws {
        let snapshot = try await Front.load(corpus: corpus, workers: parallel.workers, settings: LoadSettings(entities: false), quiet: false)
        let check = CreationDateCheck.run(snapshot)
        guard check.dated > 0 else {
            Front.printError("error: no document of \(corpus) has a full date in its metadata: nothing to compare the inferred dates with\n")
            throw ExitCode(1)
        }
        var table = ResultTable(kind: "eval-dates", columns: [
            .init("source"), .init("inferred", .integer), .init("of dated", .number), .init("same day", .number),
            .init("within a week", .number), .init("later than given", .integer), .init("median days before", .integer),
        ])
        let dated = max(1, check.dated)
        for (name, tally) in [("dateline", check.dateline), ("latest date in the text", check.text)] {
            let n = max(1, tally.inferred)
            table.rows.append([
                .text(name), .integer(tally.inferred), .number(Double(tally.inferred) / Double(dated)),
                .number(Double(tally.sameDay) / Double(n)), .number(Double(tally.withinWeek) / Double(n)), .integer(tally.later),
                tally.medianDaysBefore.map { .integer($0) } ?? .null,
            ])
        }
        table.notes.append("\(check.dated) of \(snapshot.documents.count) documents have a full date in their metadata; "
            + "\(check.dated - check.dateline.inferred - check.text.inferred) of them get none from the text (their relative dates would stay underspecified)")
        for example in check.examples.prefix(5) {
            table.notes.append("\(example.id): given \(example.given), inferred \(example.inferred)")
        }
        Front.printOutput(ResultRenderer(mode: output.format, width: Front.terminalWidth()).render(table))
    }
}
