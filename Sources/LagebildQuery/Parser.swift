/// Parses a query line into a `Pipeline`, recovering from errors so that every problem is reported at once.
public enum Parser {
    public static func parse(_ input: String) -> (pipeline: Pipeline?, diagnostics: [QueryDiagnostic]) {
        let tokens = Lexer.tokenize(input)
        var diagnostics: [QueryDiagnostic] = []
        var stages: [Command] = []
        var current: [QueryToken] = []
        var lastPipe: Range<Int>? = nil
        func flush(_ end: Range<Int>) {
            if current.isEmpty {
                if let lastPipe { diagnostics.append(QueryDiagnostic(.emptyPipe, "a pipe needs a command on each side", lastPipe)) }
                return
            }
            if let command = parseCommand(current, &diagnostics) { stages.append(command) }
            current.removeAll()
        }
        for token in tokens {
            if token.kind == .pipe {
                if current.isEmpty {
                    diagnostics.append(QueryDiagnostic(.emptyPipe, "a pipe needs a command on each side", token.range))
                } else {
                    flush(token.range)
                }
                lastPipe = token.range
            } else {
                current.append(token)
            }
        }
        if let lastPipe, current.isEmpty {
            diagnostics.append(QueryDiagnostic(.emptyPipe, "a pipe needs a command on each side", lastPipe))
        } else {
            flush(input.utf8.count..<input.utf8.count)
        }
        guard diagnostics.isEmpty, !stages.isEmpty else { return (nil, diagnostics) }
        return (Pipeline(stages: stages), diagnostics)
    }

    static func parseCommand(_ tokens: [QueryToken], _ diagnostics: inout [QueryDiagnostic]) -> Command? {
        let head = tokens[0]
        let name = head.text.lowercased()
        var args = Array(tokens.dropFirst())
        for arg in args {
            if case .quoted(terminated: false) = arg.kind {
                diagnostics.append(QueryDiagnostic(.unterminatedPhrase, "unterminated phrase", arg.range))
                return nil
            }
        }
        func limit() -> Int?? {
            guard args.count >= 2, args[args.count - 2].kind == .word, args[args.count - 2].text.lowercased() == "limit"
            else { return .some(nil) }
            let value = args[args.count - 1]
            guard let n = Int(value.text), n > 0 else {
                diagnostics.append(QueryDiagnostic(.badNumber, "limit needs a positive whole number", value.range))
                return nil
            }
            args.removeLast(2)
            return .some(n)
        }
        func noArguments() -> Bool {
            guard let extra = args.first else { return true }
            diagnostics.append(QueryDiagnostic(.unexpectedToken, "'\(name)' takes no argument here",
                                               extra.range.lowerBound..<args.last!.range.upperBound))
            return false
        }
        func top() -> Int?? {
            guard args.count >= 2, args[args.count - 2].kind == .word, args[args.count - 2].text.lowercased() == "top" else {
                return .some(nil)
            }
            guard let n = Int(args[args.count - 1].text), n > 0 else {
                diagnostics.append(QueryDiagnostic(.badNumber, "top needs a positive whole number", args[args.count - 1].range))
                return nil
            }
            args.removeLast(2)
            return .some(n)
        }
        func entityName() -> String? {
            guard !args.isEmpty else {
                diagnostics.append(QueryDiagnostic(.missingArgument, "\(head.text) needs a name (see 'entities')",
                                                   head.range.upperBound..<head.range.upperBound))
                return nil
            }
            defer { args.removeAll() }
            return args.map(\.text).joined(separator: " ")
        }
        /// The one argument of a command that takes a document id, and nothing else.
        func documentOnly() -> String? {
            guard let document = args.first else {
                diagnostics.append(QueryDiagnostic(.missingArgument, "\(name) needs a document id (see 'docs')",
                                                   head.range.upperBound..<head.range.upperBound))
                return nil
            }
            args.removeFirst()
            return noArguments() ? document.text : nil
        }
        switch name {
        case "search":
            guard let n = limit() else { return nil }
            guard !args.isEmpty else {
                diagnostics.append(QueryDiagnostic(.missingArgument, "search needs at least one word",
                                                   head.range.upperBound..<head.range.upperBound))
                return nil
            }
            let (expression, problems) = SearchParser.parse(args)
            diagnostics += problems
            return expression.map { .search($0, limit: n) }
        case "docs":
            guard let n = limit() else { return nil }
            guard let first = args.first else { return .docs(where: nil, limit: n) }
            guard first.kind == .word, first.text.lowercased() == "where", args.count > 1 else {
                diagnostics.append(QueryDiagnostic(.unexpectedToken, "docs takes 'where <expression>' and 'limit N'",
                                                   first.range.lowerBound..<args.last!.range.upperBound))
                return nil
            }
            let (expression, problems) = SearchParser.parse(Array(args.dropFirst()))
            diagnostics += problems
            return expression.map { .docs(where: $0, limit: n) }
        case "facets":
            guard let n = top(), noArguments() else { return nil }
            return .facets(top: n)
        case "kwic":
            // `width N` and `limit N` may come in either order at the end.
            var width: Int? = nil
            var n: Int? = nil
            while args.count >= 2, args[args.count - 2].kind == .word,
                ["width", "limit"].contains(args[args.count - 2].text.lowercased())
            {
                let key = args[args.count - 2].text.lowercased()
                guard let value = Int(args[args.count - 1].text), value > 0, value <= 1000 else {
                    diagnostics.append(QueryDiagnostic(.badNumber, "\(key) needs a whole number from 1 to 1000", args[args.count - 1].range))
                    return nil
                }
                if key == "width" { width = value } else { n = value }
                args.removeLast(2)
            }
            guard let target = args.first else {
                diagnostics.append(QueryDiagnostic(.missingArgument, "kwic needs a word or a \"phrase\"",
                                                   head.range.upperBound..<head.range.upperBound))
                return nil
            }
            args.removeFirst()
            guard noArguments() else { return nil }
            let words = target.text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).map(String.init)
            guard !words.isEmpty else {
                diagnostics.append(QueryDiagnostic(.missingArgument, "empty phrase", target.range))
                return nil
            }
            if case .word = target.kind, words.count == 1, words[0] == "limit" || words[0] == "width" {
                diagnostics.append(QueryDiagnostic(.missingArgument, "kwic needs a word or a \"phrase\" before \(words[0])", target.range))
                return nil
            }
            return .kwic(words: words, width: width, limit: n)
        case "similar":
            guard let n = limit(), let document = documentOnly() else { return nil }
            return .similar(document: document, limit: n)
        case "show":
            return documentOnly().map { Command.show(document: $0) }
        case "entity":
            return entityName().map { Command.entity(name: $0) }
        case "dates":
            return documentOnly().map { Command.dates(document: $0) }
        case "timeline":
            var from: String? = nil, to: String? = nil
            var nameWords: [QueryToken] = []
            var k = 0
            while k < args.count {
                let word = args[k].text.lowercased()
                if args[k].kind == .word, word == "from" || word == "to" {
                    guard k + 1 < args.count, SearchField.isDate(args[k + 1].text) else {
                        let at = k + 1 < args.count ? args[k + 1].range : args[k].range.upperBound..<args[k].range.upperBound
                        diagnostics.append(QueryDiagnostic(.badDate, "\(word) needs a date: 2025, 2025-10 or 2025-10-31", at))
                        return nil
                    }
                    if word == "from" { from = args[k + 1].text } else { to = args[k + 1].text }
                    k += 2
                } else {
                    nameWords.append(args[k])
                    k += 1
                }
            }
            let name = nameWords.isEmpty ? nil : nameWords.map(\.text).joined(separator: " ")
            return .timeline(name: name, from: from, to: to)
        case "quotes":
            return .quotes(name: args.isEmpty ? nil : entityName())
        case "cooccur":
            guard let n = top(), let who = entityName() else { return nil }
            return .cooccur(name: who, top: n)
        case "entities", "graph":
            guard let top = top() else { return nil }
            var type: String?
            if let first = args.first {
                let code = first.text.uppercased()
                guard ["PER", "LOC", "ORG", "OTH"].contains(code) else {
                    diagnostics.append(QueryDiagnostic(.unexpectedToken, "\(name) takes a type (PER, LOC, ORG or OTH) and 'top N'", first.range))
                    return nil
                }
                type = code
                args.removeFirst()
            }
            guard noArguments() else { return nil }
            return name == "graph" ? .graph(type: type, top: top) : .entities(type: type, top: top)
        case "stats":
            return noArguments() ? .stats : nil
        case "problems":
            return noArguments() ? .problems : nil
        case "help":
            return .help(topic: args.first?.text)
        default:
            let suggestion = CommandCatalog.suggestion(for: name, among: CommandCatalog.commands.map(\.name))
            diagnostics.append(QueryDiagnostic(.unknownCommand, "unknown command '\(head.text)'", head.range,
                                               hint: suggestion.map { "did you mean '\($0)'?" }))
            return nil
        }
    }
}
