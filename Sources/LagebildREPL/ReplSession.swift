public import LagebildEngine
import LagebildQuery
import Foundation

/// One interactive or scripted session: reads lines, runs meta commands and queries, prints results.
///
/// All output goes through the two sinks, so the same session serves a terminal, a pipe and tests.
public final class ReplSession {
    public let service: QueryService
    public var renderer: ResultRenderer
    public var timer = false
    /// Loads a corpus for `.open` (given by the front end, which owns progress display).
    public var opener: (@Sendable (String) async throws -> Snapshot)?
    public private(set) var completer = Completer()
    private let printResult: (String) -> Void
    /// Where `.output FILE` sends results (nil: the session's output).
    private var outputFile: FileHandle?
    private var readDepth = 0
    private let errors: (String) -> Void
    /// Failed queries so far (the CLI's exit code).
    public private(set) var failures = 0
    /// Stop reading at the first failed line (scripts with `--fail-fast`).
    public var stopOnFailure = false
    /// Cancels the running query on Ctrl-C (the front end wires SIGINT to it).
    public let interrupter = Interrupter()

    public init(
        service: QueryService, renderer: ResultRenderer, output: @escaping (String) -> Void,
        errors: @escaping (String) -> Void
    ) {
        self.service = service
        self.renderer = renderer
        self.printResult = output
        self.errors = errors
    }

    private func output(_ text: String) {
        if let outputFile {
            outputFile.write(Data(text.utf8))
        } else {
            printResult(text)
        }
    }

    public func refreshCompletions() async {
        let snapshot = await service.current()
        completer = Completer(
            documentIDs: snapshot.documents.map(\.metadata.id),
            entityNames: snapshot.entities.ranked().prefix(20_000).map(\.name))
    }

    /// Reads and handles lines until end of input or `.quit`.
    /// The prompt of a continued query (as wide as the main prompt).
    public static let continuationPrompt = "     ...> "

    public func run(reader: any LineReader, prompt: String = "lagebild> ", source: String? = nil) async {
        await refreshCompletions()
        _ = await read(reader, prompt: prompt, source: source, lineNumbers: 1)
    }

    /// Reads `reader` to its end (its first line numbered `lineNumbers`); false when the session is to
    /// stop (`.quit`, or a failure with `stopOnFailure`).
    private func read(_ reader: any LineReader, prompt: String, source: String?, lineNumbers: Int) async -> Bool {
        var number = lineNumbers - 1
        // The open query's lines, as read (trimmed), and the number of its first.
        var pending: [String] = []
        var firstLine = 0
        while let input = reader.readLine(prompt: pending.isEmpty ? prompt : (prompt.isEmpty ? "" : Self.continuationPrompt)) {
            number += 1
            guard case .line(let line) = input else {
                pending = []  // Ctrl-C: the open query is dropped, the next line starts a new one
                continue
            }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            // A meta command is never part of a query: an open query before it runs (and reports what is open).
            if !pending.isEmpty, trimmed.hasPrefix(".") {
                let query = pending.joined(separator: "\n")
                pending = []
                await handle(query, source: source, firstLine: firstLine)
                if stopOnFailure && failures > 0 { return false }
            }
            if pending.isEmpty {
                if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix("--") { continue }
                firstLine = number
            }
            pending.append(trimmed)
            let query = pending.joined(separator: "\n")
            // A query with an open quote or parenthesis, or ending in a pipe, continues on the next line.
            if !query.hasPrefix("."), Self.isIncomplete(query) { continue }
            reader.remember(pending.joined(separator: " "))
            pending = []
            if await !handle(query, source: source, firstLine: firstLine) { return false }
            if stopOnFailure && failures > 0 { return false }
        }
        guard !pending.isEmpty else { return true }
        // Input ended inside a query. Its first line runs alone, so that the parser says what it left open
        // and where; the lines after it are read again as lines of their own: one stray quote in a script
        // does not swallow the queries after it.
        if await !handle(pending[0], source: source, firstLine: firstLine) { return false }
        if stopOnFailure && failures > 0 { return false }
        guard pending.count > 1 else { return true }
        let rest = ScriptLineReader(text: pending.dropFirst().joined(separator: "\n"))
        return await read(rest, prompt: "", source: source, lineNumbers: firstLine + 1)
    }

    /// An open straight or typographic quote, more "(" than ")", or a trailing "|".
    public static func isIncomplete(_ text: String) -> Bool {
        var straight = 0
        var typographic = 0
        var depth = 0
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": straight += 1
            case "\u{201E}": typographic += 1
            case "\u{201C}", "\u{201D}": if typographic > 0 { typographic -= 1 }
            case "(": depth += 1
            case ")": depth -= 1
            default: break
            }
        }
        if straight % 2 == 1 || typographic > 0 || depth > 0 { return true }
        return text.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("|")
    }

    /// Handles one line. Returns false when the session should end. `source` names where the line comes
    /// from (a script) and `firstLine` its line there, for what is reported ("q.lq:4:8: error: …").
    @discardableResult
    public func handle(_ line: String, source: String? = nil, firstLine: Int = 1) async -> Bool {
        if line.hasPrefix(".") { return await meta(line) }
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let service = self.service
            let table = try await interrupter.run { try await service.run(line) }
            output(renderer.render(table))
            if timer {
                let elapsed = clock.now - start
                let ms = elapsed.inSeconds * 1000
                errors(String(format: "Run time: %.3f ms, %d rows\n", ms, table.rows.count))
            }
        } catch QueryFailure.syntax(let diagnostics) {
            failures += 1
            for diagnostic in diagnostics {
                errors(DiagnosticRenderer.render(diagnostic, in: line, source: source, firstLine: firstLine) + "\n")
            }
        } catch is CancellationError {
            errors("query cancelled\n")
        } catch {
            failures += 1
            errors((source.map { "\($0):\(firstLine): " } ?? "") + "error: \(error)\n")
        }
        return true
    }

    private func meta(_ line: String) async -> Bool {
        let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
        let name = parts[0]
        let argument = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : nil
        switch name {
        case ".quit", ".exit", ".q":
            return false
        case ".help":
            output(help(argument))
        case ".mode":
            guard let argument, let mode = OutputMode(rawValue: argument) else {
                errors("usage: .mode table|json|jsonl|csv|markdown|line|dot (now \(renderer.mode.rawValue))\n")
                failures += 1
                return true
            }
            renderer.mode = mode
        case ".timer":
            guard argument == "on" || argument == "off" else {
                errors("usage: .timer on|off\n")
                failures += 1
                return true
            }
            timer = argument == "on"
        case ".width":
            guard let argument, let width = Int(argument), width >= 20 else {
                errors("usage: .width N (N ≥ 20)\n")
                failures += 1
                return true
            }
            renderer.width = width
        case ".output":
            try? outputFile?.close()
            outputFile = nil
            guard let argument else { return true }  // `.output` alone: back to the terminal
            guard FileManager.default.createFile(atPath: argument, contents: nil),
                let handle = FileHandle(forWritingAtPath: argument)
            else {
                errors("error: cannot write '\(argument)'\n")
                failures += 1
                return true
            }
            outputFile = handle
        case ".read":
            guard let argument else {
                errors("usage: .read FILE\n")
                failures += 1
                return true
            }
            guard readDepth < 8, let text = try? String(contentsOfFile: argument, encoding: .utf8) else {
                errors(readDepth >= 8 ? "error: .read nested too deeply\n" : "error: cannot read '\(argument)'\n")
                failures += 1
                return true
            }
            readDepth += 1
            await run(reader: ScriptLineReader(text: text), prompt: "", source: argument)
            readDepth -= 1
        case ".open":
            guard let argument, let opener else {
                errors("usage: .open PATH\n")
                failures += 1
                return true
            }
            do {
                let snapshot = try await opener(argument)
                await service.publish(snapshot)
                await refreshCompletions()
                errors("loaded \(snapshot.documents.count) documents from \(argument)\n")
            } catch {
                failures += 1
                errors("error: \(error)\n")
            }
        case ".save":
            guard let argument else {
                errors("usage: .save PATH\n")
                failures += 1
                return true
            }
            let snapshot = await service.current()
            let clock = ContinuousClock()
            let start = clock.now
            do {
                try SnapshotFile.save(snapshot, to: argument)
                errors(String(format: "saved %d documents to %@ in %.2f s\n", snapshot.documents.count, argument,
                              (clock.now - start).inSeconds))
            } catch {
                failures += 1
                errors("error: \(error)\n")
            }
        default:
            let hint = CommandCatalog.suggestion(for: name, among: MetaCommands.all.map(\.name))
            errors("unknown command '\(name)'" + (hint.map { "; did you mean '\($0)'?" } ?? "") + " (see .help)\n")
            failures += 1
        }
        return true
    }

    func help(_ topic: String?) -> String {
        var lines: [String] = []
        if topic == nil { lines.append("Queries (combine with |: the documents of the left side restrict the right):") }
        for info in CommandCatalog.commands where topic == nil || topic == info.name {
            lines.append("  \(info.syntax.padding(toLength: 46, withPad: " ", startingAt: 0)) \(info.summary)")
            if topic != nil { lines.append("  example: \(info.example)") }
        }
        if topic == nil { lines.append("Session commands:") }
        for meta in MetaCommands.all where topic == nil || topic == meta.name || "." + (topic ?? "") == meta.name {
            lines.append("  \(meta.syntax.padding(toLength: 46, withPad: " ", startingAt: 0)) \(meta.summary)")
        }
        if lines.isEmpty { lines.append("no command '\(topic ?? "")' (see .help)") }
        return lines.joined(separator: "\n") + "\n"
    }
}
