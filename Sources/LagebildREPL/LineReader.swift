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
