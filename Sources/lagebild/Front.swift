import ArgumentParser
import Foundation
import LagebildEngine
import LagebildREPL
import Synchronization

/// What the subcommands share: finding the corpus, loading it with progress, building a session.
enum Front {
    static func printError(_ s: String) {
        _ = s.withCString { write(STDERR_FILENO, $0, strlen($0)) }
    }

    /// A file's bytes; when it cannot be read, says so on standard error and exits with 2.
    static func readFile(_ path: String, what: String = "") throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            printError("error: cannot read \(what.isEmpty ? "" : what + " ")\(path)\n")
            throw ExitCode(2)
        }
        return data
    }

    static func printOutput(_ s: String) {
        FileHandle.standardOutput.write(Data(s.utf8))
    }

    /// The seed corpus: `./seeds`, else the `seeds` folder of the checkout the binary was built in.
    static func defaultCorpus() -> String? {
        let fm = FileManager.default
        if fm.fileExists(atPath: "seeds") { return "seeds" }
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 {
            let candidate = url.appendingPathComponent("seeds").path
            if fm.fileExists(atPath: candidate) { return candidate }
            url.deleteLastPathComponent()
        }
        return nil
    }

    static func load(_ options: CorpusOptions) async throws -> Snapshot {
        try await load(corpus: options.corpus, workers: options.workers, settings: options.analysis.settings, quiet: options.quiet)
    }

    /// Loads `corpus` (default: the seeds), with a progress bar on a terminal unless `quiet`; a snapshot
    /// file is read as saved.
    static func load(corpus: String?, workers: Int?, settings: LoadSettings, quiet: Bool) async throws -> Snapshot {
        guard let path = corpus ?? defaultCorpus() else {
            printError("error: no corpus given and no seeds/ folder found; pass a corpus path\n")
            throw ExitCode(3)
        }
        if SnapshotFile.isSnapshot(path) {
            do {
                return try SnapshotFile.load(path)
            } catch {
                printError("error: \(error)\n")
                throw ExitCode(3)
            }
        }
        let source: CorpusSource
        do {
            source = try CorpusSource(path: path)
        } catch {
            printError("error: \(error)\n")
            throw ExitCode(3)
        }
        let showProgress = !quiet && isatty(STDERR_FILENO) != 0
        let bar = ProgressBar()
        let clock = ContinuousClock()
        let start = clock.now
        let report: @Sendable (IngestProgress) -> Void = { progress in
            bar.update(progress, elapsed: ContinuousClock().now - start)
        }
        let snapshot = try await AllocatorPolicy.loading {
            try await Ingest.load(
                source, options: settings.ingest(workers: workers),
                progress: showProgress ? report : nil)
        }
        if showProgress { bar.finish() }
        return snapshot
    }

    static func session(_ snapshot: Snapshot, format: OutputMode, workers: Int?, settings: LoadSettings) -> ReplSession {
        let width = terminalWidth()
        let session = ReplSession(
            service: QueryService(snapshot: snapshot), renderer: ResultRenderer(mode: format, width: width, colour: useColour()),
            output: printOutput, errors: printError)
        session.opener = { path in try await Front.load(corpus: path, workers: workers, settings: settings, quiet: false) }
        return session
    }

    /// A session for non-interactive use (`query`, `run`): no progress bar.
    static func scriptSession(corpus: String, workers: Int?, settings: LoadSettings, format: OutputMode) async throws -> ReplSession {
        session(try await load(corpus: corpus, workers: workers, settings: settings, quiet: true), format: format, workers: workers,
                settings: settings)
    }

    /// Colour on a terminal, unless NO_COLOR is set (https://no-color.org) or the terminal is "dumb".
    static func useColour() -> Bool {
        let environment = ProcessInfo.processInfo.environment
        return isatty(STDOUT_FILENO) != 0 && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
    }

    static func terminalWidth() -> Int {
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"], let n = Int(columns), n >= 20 { return n }
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col >= 20 { return Int(size.ws_col) }
        return 120
    }
}

/// A one-line progress display on standard error, shown only after the first second of a load.
/// Workers report concurrently; the mutex keeps the line whole and the flag consistent.
final class ProgressBar: Sendable {
    private let shown = Mutex(false)

    func update(_ progress: IngestProgress, elapsed: Duration) {
        guard elapsed > .seconds(1) else { return }
        let seconds = elapsed.inSeconds
        let mb = Double(progress.bytes) / 1e6
        let line = String(format: "\r\u{1B}[Kloading: %d documents, %.1f MB, %.1f MB/s", progress.documents, mb,
                          mb / seconds)
        shown.withLock { shown in
            shown = true
            Front.printError(line)
        }
    }

    func finish() {
        shown.withLock { shown in
            if shown { Front.printError("\r\u{1B}[K") }
        }
    }
}

/// SIGTERM and SIGHUP end the process through `exit`, which lets libedit restore the terminal. SIGINT
/// (Ctrl-C while a query runs; at the prompt libedit reads ^C as a key) cancels the running query.
enum Signals {
    nonisolated(unsafe) static var interruptSource: (any DispatchSourceSignal)?

    static func install(interrupter: Interrupter) {
        signal(SIGTERM) { _ in exit(143) }
        signal(SIGHUP) { _ in exit(129) }
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { interrupter.interrupt() }
        source.resume()
        interruptSource = source
    }
}
