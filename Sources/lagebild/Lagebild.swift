public import ArgumentParser
import Foundation
import LagebildEngine
import LagebildREPL

@main
struct Lagebild: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lagebild",
        abstract: "A concurrent analysis engine for news corpora (German and English).",
        discussion: """
            Without a subcommand, opens the REPL on the seed corpus. A corpus is a folder of .txt/.md files, \
            a .jsonl or .jsonl.gz file, a single .txt/.md file, or a snapshot file written by 'lagebild index'.

            Exit codes: 0 ok, 1 a query failed, 2 a script could not be read, 3 the corpus could not be loaded, 64 usage error.
            """,
        subcommands: [Repl.self, Query.self, RunScript.self, Index.self, Stats.self, Bench.self, Generate.self, Train.self, Tag.self, Eval.self, TimeML.self],
        defaultSubcommand: Repl.self
    )
}

/// `--format`, shared by every command that prints results.
struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: "Output format: table, json, jsonl, csv, markdown, line, dot (graphs).")
    var format: OutputMode = .table
}

/// `--workers`, shared by every command that loads a corpus.
struct WorkerOptions: ParsableArguments {
    @Option(name: .long, help: "Parallel analysis workers (default: the active cores).")
    var workers: Int?
}

/// `--no-entities`, shared by every command that loads a corpus.
struct AnalysisOptions: ParsableArguments {
    @Flag(name: .customLong("no-entities"), help: "Skip entity tagging, roles and quotes (a faster load; entity queries find nothing).")
    var noEntities = false

    @Flag(name: .customLong("text-in-memory"),
          help: "Keep the documents' texts in memory (default: in an unlinked temporary file in TMPDIR, read back when shown).")
    var textInMemory = false

    var entities: Bool { !noEntities }
    var settings: LoadSettings { LoadSettings(entities: entities, textInFile: !textInMemory) }
}

/// What a corpus load does besides the text layer and the index.
struct LoadSettings: Sendable {
    var entities = true
    /// Texts go to a temporary file once analysed (see `TextFile`).
    var textInFile = true

    func ingest(workers: Int?) -> Ingest.Options {
        Ingest.Options(workers: workers ?? Ingest.activeCores, entities: entities, textInFile: textInFile)
    }
}

struct CorpusOptions: ParsableArguments {
    @Argument(help: "The corpus (default: the seed articles).")
    var corpus: String?

    @OptionGroup var parallel: WorkerOptions

    @OptionGroup var analysis: AnalysisOptions

    @Flag(name: .long, help: "No progress bar on standard error.")
    var quiet = false

    var workers: Int? { parallel.workers }
}

struct Repl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Explore a corpus interactively (reads piped input too).")

    @OptionGroup var options: CorpusOptions

    @OptionGroup var output: OutputOptions

    func run() async throws {
        let snapshot = try await Front.load(options)
        let interactive = isatty(STDIN_FILENO) != 0 && isatty(STDOUT_FILENO) != 0
        let session = Front.session(snapshot, format: output.format, workers: options.workers, settings: options.analysis.settings)
        if interactive {
            Front.printError("Lagebild: \(snapshot.documents.count) documents from \(snapshot.name)"
                + (snapshot.problems.isEmpty ? "" : ", \(snapshot.problems.count) problems (see 'problems')")
                + ". Type .help for help, .quit to leave.\n")
            let history = (ProcessInfo.processInfo.environment["HOME"] ?? ".") + "/.lagebild_history"
            guard let reader = EditLineReader(historyPath: history, completer: { session.completer }) else {
                await session.run(reader: PipedLineReader())
                return
            }
            Signals.install(interrupter: session.interrupter)
            await session.run(reader: reader)
        } else {
            await session.run(reader: PipedLineReader(), prompt: "", source: "<stdin>")
            if session.failures > 0 { throw ExitCode(1) }
        }
    }
}

struct Query: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run one query and print its result.")

    @Argument(help: "The corpus.")
    var corpus: String

    @Argument(help: "The query, e.g. 'search Hegseth'.")
    var query: String

    @OptionGroup var output: OutputOptions

    @OptionGroup var parallel: WorkerOptions

    @OptionGroup var analysis: AnalysisOptions

    func run() async throws {
        let session = try await Front.scriptSession(
            corpus: corpus, workers: parallel.workers, settings: analysis.settings, format: output.format)
        await session.handle(query, source: "<query>")
        if session.failures > 0 { throw ExitCode(1) }
    }
}

struct Stats: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load a corpus and print documents, bytes, paragraphs by role, sentences, tokens, languages, "
            + "problems and time per stage.")

    @OptionGroup var options: CorpusOptions

    @OptionGroup var output: OutputOptions

    @Flag(name: .long, help: "Also list every problem.")
    var problems = false

    func run() async throws {
        let snapshot = try await Front.load(options)
        let session = Front.session(snapshot, format: output.format, workers: options.workers, settings: options.analysis.settings)
        await session.handle("stats")
        if problems || (!snapshot.problems.isEmpty && snapshot.problems.count <= 50) {
            await session.handle("problems")
        } else if !snapshot.problems.isEmpty {
            Front.printError("\(snapshot.problems.count) problems; list them with --problems\n")
        }
    }
}

extension OutputMode: ExpressibleByArgument {}
