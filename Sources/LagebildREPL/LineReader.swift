/// Where the REPL gets its lines: libedit on a terminal, plain standard input otherwise.
public protocol LineReader: AnyObject {
    /// The next line without its newline, or nil at end of input.
    func readLine(prompt: String) -> String?
    /// Records a line in the history (no-op for readers without one).
    func remember(_ line: String)
}

/// Reads piped standard input; prints no prompt.
public final class PipedLineReader: LineReader {
    public init() {}
    public func readLine(prompt: String) -> String? { Swift.readLine(strippingNewline: true) }
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

    public func readLine(prompt: String) -> String? {
        guard position < lines.count else { return nil }
        defer { position += 1 }
        var line = String(lines[position])
        if line.hasSuffix("\r") { line.removeLast() }
        return line
    }

    public func remember(_ line: String) {}
}
