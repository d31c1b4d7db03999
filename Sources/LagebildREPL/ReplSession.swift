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
    private let output: (String) -> Void
    private let errors: (String) -> Void
    /// Failed queries so far (the CLI's exit code).
    public private(set) var failures = 0
    /// Stop reading at the first failed line (scripts with `--fail-fast`).
    public var stopOnFailure = false

    public init(
        service: QueryService, renderer: ResultRenderer, output: @escaping (String) -> Void,
        errors: @escaping (String) -> Void
    ) {
        self.service = service
        self.renderer = renderer
        self.output = output
        self.errors = errors
    }

    public func refreshCompletions() async {
        let snapshot = await service.current()
        completer = Completer(documentIDs: snapshot.documents.map(\.metadata.id))
    }

    /// Reads and handles lines until end of input or `.quit`.
    public func run(reader: any LineReader, prompt: String = "lagebild> ", source: String? = nil) async {
        await refreshCompletions()
        var number = 0
        while let line = reader.readLine(prompt: prompt) {
            number += 1
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix("--") { continue }
            reader.remember(trimmed)
            if await !handle(trimmed, source: source.map { "\($0):\(number)" }) { break }
            if stopOnFailure && failures > 0 { break }
        }
    }

    /// Handles one line. Returns false when the session should end.
    @discardableResult
    public func handle(_ line: String, source: String? = nil) async -> Bool {
        if line.hasPrefix(".") { return await meta(line) }
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let table = try await service.run(line)
            output(renderer.render(table))
            if timer {
                let elapsed = clock.now - start
                let ms = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
                errors(String(format: "Run time: %.3f ms, %d rows\n", ms, table.rows.count))
            }
        } catch QueryFailure.syntax(let diagnostics) {
            failures += 1
            for diagnostic in diagnostics {
                errors(DiagnosticRenderer.render(diagnostic, in: line, source: source) + "\n")
            }
        } catch is CancellationError {
            errors("query cancelled\n")
        } catch {
            failures += 1
            errors((source.map { "\($0): " } ?? "") + "error: \(error)\n")
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
                errors("usage: .mode table|json|jsonl|csv|markdown|line (now \(renderer.mode.rawValue))\n")
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
