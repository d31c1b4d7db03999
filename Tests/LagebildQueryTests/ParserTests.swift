import Testing

@testable import LagebildQuery

struct ParserTests {
    static func render(_ query: String) -> [String] {
        Parser.parse(query).diagnostics.map { DiagnosticRenderer.render($0, in: query) }
    }

    @Test func parsesCommands() {
        #expect(Parser.parse("search Hegseth Dong limit 5").pipeline
            == Pipeline(stages: [.search(terms: [.word("Hegseth"), .word("Dong")], limit: 5)]))
        #expect(Parser.parse("search \"Südchinesisches Meer\" minist*").pipeline
            == Pipeline(stages: [.search(terms: [.phrase(["Südchinesisches", "Meer"]), .prefix("minist")], limit: nil)]))
        #expect(Parser.parse("search „Dong Jun“").pipeline
            == Pipeline(stages: [.search(terms: [.phrase(["Dong", "Jun"])], limit: nil)]))
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

    @Test func badArgumentsAreDiagnosed() {
        #expect(Parser.parse("search").diagnostics.first?.code == .missingArgument)
        #expect(Parser.parse("docs limit x").diagnostics.first?.code == .badNumber)
        #expect(Parser.parse("docs limit 0").diagnostics.first?.code == .badNumber)
        #expect(Parser.parse("stats now").diagnostics.first?.code == .unexpectedToken)
        #expect(Parser.parse("search a |").diagnostics.first?.code == .emptyPipe)
        #expect(Parser.parse("| docs").diagnostics.first?.code == .emptyPipe)
    }

    @Test func printedCommandsParseBack() {
        let commands: [Command] = [
            .search(terms: [.word("Hegseth")], limit: nil), .search(terms: [.phrase(["Dong", "Jun"]), .prefix("min")], limit: 3),
            .docs(limit: nil), .docs(limit: 7), .show(document: "001_x"), .stats, .problems, .help(topic: "search"),
        ]
        for command in commands {
            #expect(Parser.parse(command.text).pipeline == Pipeline(stages: [command]), "\(command.text)")
        }
    }

    @Test func randomInputNeverCrashesAndErrorsPointInsideTheQuery() {
        var state: UInt64 = 7
        let alphabet = Array("search docs show stats | \"„“ limit 5 x * ü 中 ")
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
