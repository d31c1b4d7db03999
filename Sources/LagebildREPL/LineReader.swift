/// What a reader got: a line (without its newline), or Ctrl-C, which drops the line and any query left
/// open on earlier lines.
public enum LineInput: Equatable, Sendable {
    case line(String)
    case interrupted
}

/// Where the REPL gets its lines: libedit on a terminal, plain standard input otherwise.
public protocol LineReader: AnyObject {
    /// The next line, or nil at end of input.
    func readLine(prompt: String) -> LineInput?
    /// Records a line in the history (no-op for readers without one).
    func remember(_ line: String)
}

/// Reads piped standard input; prints no prompt.
public final class PipedLineReader: LineReader {
    public init() {}
    public func readLine(prompt: String) -> LineInput? { Swift.readLine(strippingNewline: true).map(LineInput.line) }
    public func remember(_ line: String) {}
}

/// Reads the lines of a script held in memory (a file given to `lagebild run`).
public final class ScriptLineReader: LineReader {
    private var lines: [Substring]
    private var position = 0

    public init(text: String) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
    }

    public func readLine(prompt: String) -> LineInput? {
        guard position < lines.count else { return nil }
        defer { position += 1 }
        var line = String(lines[position])
        if line.hasSuffix("\r") { line.removeLast() }
        return .line(line)
    }

    public func remember(_ line: String) {}
}
