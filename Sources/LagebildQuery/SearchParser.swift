/// Parses the tokens after `search` into a `SearchExpression`, by recursive descent:
///
///     or      := and ("OR" and)*
///     and     := unary (["AND"] unary)*
///     unary   := "NOT" unary | primary
///     primary := "(" or ")" | "…"[~N] | field:value | field:"…" | prefix* | word
///
/// It recovers from errors (a missing parenthesis, an operator without an operand, an unknown field) and
/// reports every one with its byte range.
struct SearchParser {
    private let tokens: [QueryToken]
    private var i = 0
    private(set) var diagnostics: [QueryDiagnostic] = []

    init(_ tokens: [QueryToken]) { self.tokens = tokens }

    static func parse(_ tokens: [QueryToken]) -> (SearchExpression?, [QueryDiagnostic]) {
        var parser = SearchParser(tokens)
        let expression = parser.parseOr()
        while parser.i < tokens.count {
            let token = tokens[parser.i]
            parser.diagnostics.append(QueryDiagnostic(
                .unexpectedToken, token.kind == .close ? "unmatched ')'" : "unexpected '\(token.text)'", token.range))
            parser.i += 1
            _ = parser.parseOr()
        }
        return (parser.diagnostics.isEmpty ? expression : nil, parser.diagnostics)
    }

    private var current: QueryToken? { i < tokens.count ? tokens[i] : nil }

    private func isOperator(_ token: QueryToken?, _ name: String) -> Bool {
        guard let token, token.kind == .word else { return false }
        return token.text == name
    }

    private mutating func parseOr() -> SearchExpression? {
        var parts: [SearchExpression] = []
        if let first = parseAnd() { parts.append(first) }
        while let token = current, isOperator(token, "OR") {
            i += 1
            if parts.isEmpty {
                diagnostics.append(QueryDiagnostic(.missingArgument, "OR needs a term on its left", token.range))
            }
            guard let next = parseAnd() else {
                diagnostics.append(QueryDiagnostic(.missingArgument, "OR needs a term on its right", token.range))
                continue
            }
            parts.append(next)
        }
        return parts.count > 1 ? .or(parts) : parts.first
    }

    private mutating func parseAnd() -> SearchExpression? {
        var parts: [SearchExpression] = []
        while let token = current, token.kind != .close, !isOperator(token, "OR") {
            if isOperator(token, "AND") {
                i += 1
                if parts.isEmpty {
                    diagnostics.append(QueryDiagnostic(.missingArgument, "AND needs a term on its left", token.range))
                }
                let next = current
                if next == nil || next!.kind == .close || isOperator(next, "OR") || isOperator(next, "AND") {
                    diagnostics.append(QueryDiagnostic(.missingArgument, "AND needs a term on its right", token.range))
                }
                continue
            }
            if let unary = parseUnary() { parts.append(unary) }
        }
        return parts.count > 1 ? .and(parts) : parts.first
    }

    private mutating func parseUnary() -> SearchExpression? {
        guard let token = current else { return nil }
        if isOperator(token, "NOT") {
            i += 1
            let next = current
            if next == nil || next!.kind == .close || isOperator(next, "OR") || isOperator(next, "AND") {
                diagnostics.append(QueryDiagnostic(.missingArgument, "NOT needs a term after it", token.range))
                return nil
            }
            return parseUnary().map { .not($0) }
        }
        return parsePrimary()
    }

    private mutating func parsePrimary() -> SearchExpression? {
        guard let token = current else { return nil }
        i += 1
        switch token.kind {
        case .open:
            let inner = parseOr()
            if let close = current, close.kind == .close {
                i += 1
                if inner == nil {
                    diagnostics.append(QueryDiagnostic(.missingArgument, "empty parentheses",
                                                       token.range.lowerBound..<close.range.upperBound))
                }
            } else {
                diagnostics.append(QueryDiagnostic(.unexpectedToken, "missing ')' for this '('", token.range))
            }
            return inner
        case .close, .pipe:
            diagnostics.append(QueryDiagnostic(.unexpectedToken, "unexpected '\(token.text)'", token.range))
            return nil
        case .quoted(let terminated):
            if !terminated {
                diagnostics.append(QueryDiagnostic(.unterminatedPhrase, "unterminated phrase", token.range))
                return nil
            }
            let words = token.text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).map(String.init)
            guard !words.isEmpty else {
                diagnostics.append(QueryDiagnostic(.missingArgument, "empty phrase", token.range))
                return nil
            }
            var slop = 0
            if let next = current, next.kind == .word, next.range.lowerBound == token.range.upperBound, next.text.hasPrefix("~") {
                i += 1
                guard let n = Int(next.text.dropFirst()), n >= 0, n <= 1000 else {
                    diagnostics.append(QueryDiagnostic(.badNumber, "a phrase's ~ needs a whole number (0 to 1000)", next.range))
                    return nil
                }
                slop = n
            }
            return .phrase(words, slop: slop)
        case .word:
            return word(token)
        }
    }

    /// A word, a prefix or a field filter.
    private mutating func word(_ token: QueryToken) -> SearchExpression? {
        let text = token.text
        if let colon = text.firstIndex(of: ":"), colon != text.startIndex {
            let name = String(text[..<colon])
            if name.allSatisfy(\.isLetter) {
                let lower = name.lowercased()
                guard SearchField.names.contains(lower) else {
                    let suggestion = CommandCatalog.suggestion(for: lower, among: SearchField.names)
                    diagnostics.append(QueryDiagnostic(
                        .unknownField, "unknown field '\(name)' (fields: \(SearchField.names.joined(separator: ", ")))",
                        token.range.lowerBound..<(token.range.lowerBound + name.utf8.count),
                        hint: suggestion.map { "did you mean '\($0):'?" }))
                    return nil
                }
                var value = String(text[text.index(after: colon)...])
                if value.isEmpty, let next = current, case .quoted(let terminated) = next.kind,
                    next.range.lowerBound == token.range.upperBound
                {
                    i += 1
                    guard terminated else {
                        diagnostics.append(QueryDiagnostic(.unterminatedPhrase, "unterminated phrase", next.range))
                        return nil
                    }
                    value = next.text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).joined(separator: " ")
                }
                guard !value.isEmpty else {
                    diagnostics.append(QueryDiagnostic(.missingArgument, "\(lower): needs a value", token.range))
                    return nil
                }
                if lower == "date", !SearchField.isDateRange(value) {
                    diagnostics.append(QueryDiagnostic(
                        .badDate, "date: takes 2025, 2025-10, 2025-10-31 or a range such as 2025-10..2025-11", token.range))
                    return nil
                }
                return .field(name: lower, value: value)
            }
        }
        if text.hasSuffix("*") {
            let stem = String(text.drop { $0 == "*" }.reversed().drop { $0 == "*" }.reversed())
            guard !stem.isEmpty else {
                diagnostics.append(QueryDiagnostic(.missingArgument, "a prefix needs at least one letter before '*'", token.range))
                return nil
            }
            return .prefix(stem)
        }
        return .word(text)
    }
}
