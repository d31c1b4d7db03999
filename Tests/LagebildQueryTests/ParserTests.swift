import Testing

@testable import LagebildQuery

struct ParserTests {
    static func render(_ query: String) -> [String] {
        Parser.parse(query).diagnostics.map { DiagnosticRenderer.render($0, in: query) }
    }

    @Test func parsesCommands() {
        #expect(Parser.parse("search Hegseth Dong limit 5").pipeline
            == Pipeline(stages: [.search(.and([.word("Hegseth"), .word("Dong")]), limit: 5)]))
        #expect(Parser.parse("search \"Südchinesisches Meer\" minist*").pipeline
            == Pipeline(stages: [.search(.and([.phrase(["Südchinesisches", "Meer"], slop: 0), .prefix("minist")]), limit: nil)]))
        #expect(Parser.parse("search „Dong Jun“").pipeline
            == Pipeline(stages: [.search(.phrase(["Dong", "Jun"], slop: 0), limit: nil)]))
        #expect(Parser.parse("search Peking | docs").pipeline?.stages.count == 2)
        #expect(Parser.parse("show 000").pipeline == Pipeline(stages: [.show(document: "000")]))
        #expect(Parser.parse("entities per top 5").pipeline == Pipeline(stages: [.entities(type: "PER", top: 5)]))
        #expect(Parser.parse("search Peking | entities").pipeline?.stages.last == .entities(type: nil, top: nil))
        #expect(Command.entities(type: "LOC", top: 3).text == "entities LOC top 3")
        #expect(Parser.parse("entity Dong Jun").pipeline == Pipeline(stages: [.entity(name: "Dong Jun")]))
        #expect(Parser.parse("cooccur \"Pete Hegseth\" top 3").pipeline == Pipeline(stages: [.cooccur(name: "Pete Hegseth", top: 3)]))
        #expect(Parser.parse("quotes").pipeline == Pipeline(stages: [.quotes(name: nil)]))
        #expect(Parser.parse("graph PER top 20").pipeline == Pipeline(stages: [.graph(type: "PER", top: 20)]))
        #expect(Parser.parse("dates 000").pipeline == Pipeline(stages: [.dates(document: "000")]))
        #expect(Parser.parse("search Peking | quotes Glaser").pipeline?.stages.last == .quotes(name: "Glaser"))
        #expect(Self.render("entity")[0].hasPrefix("error at 1:7: entity needs a name"))
    }

    @Test func entitiesArgumentsAreChecked() {
        #expect(Self.render("entities PERSON")[0].hasPrefix("error at 1:10: entities takes a type"))
        #expect(Self.render("entities top 0")[0].hasPrefix("error at 1:14: top needs a positive whole number"))
    }

    @Test func unterminatedPhraseIsReportedAtItsQuote() {
        let lines = Self.render("search \"Hegseth AND")
        #expect(lines.count == 1)
        #expect(lines[0].hasPrefix("error at 1:8: unterminated phrase"))
        #expect(lines[0].contains("\n         ^"))
    }

    @Test func columnsCountCharactersNotBytes() {
        let lines = Self.render("search Südkorea \"Peking")
        #expect(lines.first?.hasPrefix("error at 1:17:") == true)
    }

    @Test func unknownCommandSuggestsTheClosest() {
        let result = Parser.parse("serch Hegseth")
        #expect(result.pipeline == nil)
        #expect(result.diagnostics.first?.code == .unknownCommand)
        #expect(result.diagnostics.first?.hint == "did you mean 'search'?")
        #expect(result.diagnostics.first?.range == 0..<5)
    }

    @Test func timelineArguments() {
        #expect(Parser.parse("timeline Pete Hegseth from 2025-10 to 2025-11").pipeline
            == Pipeline(stages: [.timeline(name: "Pete Hegseth", from: "2025-10", to: "2025-11")]))
        #expect(Parser.parse("timeline to 2025").pipeline == Pipeline(stages: [.timeline(name: nil, from: nil, to: "2025")]))
        #expect(Self.render("timeline Hegseth from Oktober")[0].hasPrefix("error at 1:23: from needs a date"))
        #expect(Self.render("timeline from")[0].hasPrefix("error at 1:14: from needs a date"))
    }

    @Test func kwicAndSimilar() {
        #expect(Parser.parse("kwic \"Dong Jun\" limit 3 width 20").pipeline
            == Pipeline(stages: [.kwic(words: ["Dong", "Jun"], width: 20, limit: 3)]))
        #expect(Self.render("kwic")[0].hasPrefix("error at 1:5: kwic needs a word"))
        #expect(Self.render("kwic Dong width 0")[0].hasPrefix("error at 1:17: width needs a whole number from 1 to 1000"))
        #expect(Self.render("similar")[0].hasPrefix("error at 1:8: similar needs a document id"))
        #expect(Parser.parse("search Peking | similar 001 limit 2").pipeline?.stages.last == .similar(document: "001", limit: 2))
    }

    @Test func badArgumentsAreDiagnosed() {
        #expect(Parser.parse("search").diagnostics.first?.code == .missingArgument)
        #expect(Parser.parse("docs limit x").diagnostics.first?.code == .badNumber)
        #expect(Parser.parse("docs Hegseth").diagnostics.first?.code == .unexpectedToken)
        #expect(Parser.parse("docs where (a").diagnostics.first?.message == "missing ')' for this '('")
        #expect(Parser.parse("facets top 0").diagnostics.first?.code == .badNumber)
        #expect(Parser.parse("docs limit 0").diagnostics.first?.code == .badNumber)
        #expect(Parser.parse("stats now").diagnostics.first?.code == .unexpectedToken)
        #expect(Parser.parse("search a |").diagnostics.first?.code == .emptyPipe)
        #expect(Parser.parse("| docs").diagnostics.first?.code == .emptyPipe)
    }

    @Test func searchExpressions() {
        func parse(_ q: String) -> SearchExpression? {
            if case .search(let e, _) = Parser.parse("search " + q).pipeline?.stages.first { return e }
            return nil
        }
        // AND binds tighter than OR; AND may be written or implied.
        #expect(parse("a b OR c") == .or([.and([.word("a"), .word("b")]), .word("c")]))
        #expect(parse("a AND (b OR c)") == .and([.word("a"), .or([.word("b"), .word("c")])]))
        #expect(parse("NOT a b") == .and([.not(.word("a")), .word("b")]))
        #expect(parse("a NOT NOT b") == .and([.word("a"), .not(.not(.word("b")))]))
        #expect(parse("\"Dong Jun\"~3") == .phrase(["Dong", "Jun"], slop: 3))
        #expect(parse("person:\"Pete Hegseth\" date:2025-10..2025-11")
            == .and([.field(name: "person", value: "Pete Hegseth"), .field(name: "date", value: "2025-10..2025-11")]))
        #expect(parse("LANG:de") == .field(name: "lang", value: "de"))
        #expect(parse("10:30") == .word("10:30"))
        #expect(parse("and or not") == .and([.word("and"), .word("or"), .word("not")]))  // lower case: words
    }

    @Test func searchErrorsPointAtTheProblem() {
        #expect(Self.render("search a OR")[0].hasPrefix("error at 1:10: OR needs a term on its right"))
        #expect(Self.render("search OR a")[0].hasPrefix("error at 1:8: OR needs a term on its left"))
        #expect(Self.render("search NOT")[0].hasPrefix("error at 1:8: NOT needs a term after it"))
        #expect(Self.render("search (a b")[0].hasPrefix("error at 1:8: missing ')'"))
        #expect(Self.render("search a b)")[0].hasPrefix("error at 1:11: unmatched ')'"))
        #expect(Self.render("search ()")[0].hasPrefix("error at 1:8: empty parentheses"))
        #expect(Self.render("search \"a b\"~x")[0].hasPrefix("error at 1:13: a phrase's ~ needs a whole number"))
        #expect(Self.render("search date:2025-13")[0].hasPrefix("error at 1:8: date: takes"))
        #expect(Self.render("search date:..")[0].hasPrefix("error at 1:8: date: takes"))
        #expect(Self.render("search person:")[0].hasPrefix("error at 1:8: person: needs a value"))
        let unknown = Parser.parse("search persn:Hegseth").diagnostics
        #expect(unknown.first?.code == .unknownField)
        #expect(unknown.first?.range == 7..<12)
        #expect(unknown.first?.hint == "did you mean 'person:'?")
        // Every problem at once.
        #expect(Parser.parse("search (a OR) persn:x").diagnostics.count == 2)
    }

    /// parse(print(e)) == e for random expressions of every kind.
    @Test func printedSearchExpressionsParseBack() {
        var rng = SplitMix(state: 11)
        let words = ["Hegseth", "Dong", "Südchinesisches", "Meer", "and", "中国", "10:30", "US-Minister"]
        func expression(_ depth: Int) -> SearchExpression {
            switch Int.random(in: 0..<(depth == 0 ? 4 : 7), using: &rng) {
            case 0: return .word(words.randomElement(using: &rng)!)
            case 1:
                return .phrase((0..<Int.random(in: 1...3, using: &rng)).map { _ in words.randomElement(using: &rng)! },
                               slop: [0, 0, 2, 10].randomElement(using: &rng)!)
            case 2: return .prefix(String(words.randomElement(using: &rng)!.prefix(4)))
            case 3:
                return [SearchExpression.field(name: "person", value: "Pete Hegseth"), .field(name: "date", value: "..2025-11"),
                        .field(name: "lang", value: "de"), .field(name: "doc", value: "000")].randomElement(using: &rng)!
            case 4: return .and((0..<Int.random(in: 2...3, using: &rng)).map { _ in expression(depth - 1) })
            case 5: return .or((0..<Int.random(in: 2...3, using: &rng)).map { _ in expression(depth - 1) })
            default: return .not(expression(depth - 1))
            }
        }
        for _ in 0..<2000 {
            let command = Command.search(expression(3), limit: Bool.random(using: &rng) ? nil : 7)
            #expect(Parser.parse(command.text).pipeline == Pipeline(stages: [command]), "\(command.text)")
        }
    }

    @Test func printedCommandsParseBack() {
        let commands: [Command] = [
            .search(.word("Hegseth"), limit: nil), .search(.and([.phrase(["Dong", "Jun"], slop: 0), .prefix("min")]), limit: 3),
            .docs(where: nil, limit: nil), .docs(where: nil, limit: 7),
            .docs(where: .and([.field(name: "person", value: "Hegseth"), .not(.word("Taiwan"))]), limit: 3), .facets(top: nil), .facets(top: 4), .kwic(words: ["Hegseth"], width: nil, limit: nil),
            .kwic(words: ["Südchinesisches", "Meer"], width: 30, limit: 5), .similar(document: "001", limit: nil), .similar(document: "001", limit: 3),
            .timeline(name: nil, from: nil, to: nil), .timeline(name: "Dong Jun", from: "2025-10", to: "2025-11-30"), .show(document: "001_x"), .stats, .problems, .help(topic: "search"),
        ]
        for command in commands {
            #expect(Parser.parse(command.text).pipeline == Pipeline(stages: [command]), "\(command.text)")
        }
    }

    @Test func randomInputNeverCrashesAndErrorsPointInsideTheQuery() {
        var state: UInt64 = 7
        let alphabet = Array("search docs show stats | \"„“ limit 5 x * ü 中 ( ) AND OR NOT person: date: ~2 .. ")
        for _ in 0..<3000 {
            var query = ""
            for _ in 0..<Int.random(in: 0..<24, using: &state.generator) {
                query.append(alphabet.randomElement(using: &state.generator)!)
            }
            let result = Parser.parse(query)
            for diagnostic in result.diagnostics {
                #expect(diagnostic.range.lowerBound >= 0 && diagnostic.range.upperBound <= query.utf8.count)
                _ = DiagnosticRenderer.render(diagnostic, in: query)
            }
        }
    }
}

/// A tiny seeded generator (SplitMix64) for the fuzz-style test.
private struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension UInt64 {
    fileprivate var generator: SplitMix {
        get { SplitMix(state: self) }
        set { self = newValue.state }
    }
}
