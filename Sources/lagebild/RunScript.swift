import ArgumentParser
import Foundation
import LagebildEngine
import LagebildREPL

/// `lagebild run CORPUS SCRIPT`: the lines of a script (or standard input with `-`), as in the REPL.
struct RunScript: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a script of queries and meta commands against a corpus ('-' reads standard input).",
        discussion: """
            Results go to standard output, diagnostics to standard error as SCRIPT:LINE:COLUMN: error: \
            MESSAGE (the line counted in the script). Lines starting with # or -- are comments. Exit code 1 \
            if any line failed.
            """)

    @Argument(help: "The corpus.")
    var corpus: String

    @Argument(help: "The script file, or - for standard input.")
    var script: String

    @OptionGroup var output: OutputOptions

    @Flag(name: .long, help: "Stop at the first line that fails (default: report it and go on).")
    var failFast = false

    @OptionGroup var parallel: WorkerOptions

    @OptionGroup var analysis: AnalysisOptions

    func run() async throws {
        let reader: any LineReader
        if script == "-" {
            reader = PipedLineReader()
        } else {
            guard let text = try? String(contentsOfFile: script, encoding: .utf8) else {
                Front.printError("error: cannot read the script '\(script)'\n")
                throw ExitCode(2)
            }
            reader = ScriptLineReader(text: text)
        }
        let session = try await Front.scriptSession(
            corpus: corpus, workers: parallel.workers, settings: analysis.settings, format: output.format)
        session.stopOnFailure = failFast
        await session.run(reader: reader, prompt: "", source: script == "-" ? "<stdin>" : script)
        if session.failures > 0 { throw ExitCode(1) }
    }
}
