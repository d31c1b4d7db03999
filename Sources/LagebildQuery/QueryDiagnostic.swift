/// A problem found in a query, located by UTF-8 byte offsets into the query text.
public struct QueryDiagnostic: Error, Sendable, Equatable {
    public enum Code: String, Sendable {
        case unterminatedPhrase = "unterminated phrase"
        case unknownCommand = "unknown command"
        case missingArgument = "missing argument"
        case badNumber = "bad number"
        case unexpectedToken = "unexpected input"
        case emptyPipe = "empty pipe stage"
        case unknownField = "unknown field"
        case badDate = "bad date"
    }

    public var code: Code
    public var message: String
    public var range: Range<Int>
    /// A suggestion ("did you mean …").
    public var hint: String?

    public init(_ code: Code, _ message: String, _ range: Range<Int>, hint: String? = nil) {
        self.code = code
        self.message = message
        self.range = range
        self.hint = hint
    }
}

/// Turns diagnostics into "error at 1:8: unterminated phrase" with the query line and a caret under the spot;
/// with a source (a script), as a compiler would: "q.lq:4:8: error: unterminated phrase", the line counted
/// in the script.
public enum DiagnosticRenderer {
    /// Line and column (1-based, counting characters, not bytes) of a byte offset in `text`.
    public static func position(of offset: Int, in text: String) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        var consumed = 0
        for scalar in text.unicodeScalars {
            if consumed >= offset { break }
            consumed += String(scalar).utf8.count
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (line, column)
    }

    /// `firstLine`: the line of `source` the query's first line is.
    public static func render(_ d: QueryDiagnostic, in text: String, source: String? = nil, firstLine: Int = 1) -> String {
        let (line, column) = position(of: d.range.lowerBound, in: text)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let sourceLine = line - 1 < lines.count ? String(lines[line - 1]) : ""
        let head = source.map { "\($0):\(firstLine + line - 1):\(column): error: " } ?? "error at \(line):\(column): "
        var out = "\(head)\(d.message)\n  \(sourceLine)\n  "
        out += String(repeating: " ", count: column - 1) + "^"
        let width = max(1, text.utf8.count >= d.range.upperBound
            ? String(decoding: Array(text.utf8)[d.range], as: UTF8.self).count : 1)
        if width > 1 { out += String(repeating: "~", count: min(width - 1, 60)) }
        if let hint = d.hint { out += "\n  \(hint)" }
        return out
    }
}
