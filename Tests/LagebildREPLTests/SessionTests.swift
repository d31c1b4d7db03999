import Foundation
import LagebildEngine
import LagebildREPL
import LagebildTestSupport
import Testing

/// Hands the session a fixed list of inputs, as a terminal would deliver them.
private final class ListedInputs: LineReader {
    private var inputs: [LineInput]
    private(set) var prompts: [String] = []
    init(_ inputs: [LineInput]) { self.inputs = inputs }
    func readLine(prompt: String) -> LineInput? {
        prompts.append(prompt)
        return inputs.isEmpty ? nil : inputs.removeFirst()
    }
    func remember(_ line: String) {}
}

/// What the session printed.
private final class Printed {
    var texts: [String] = []
}

@Suite struct SessionInputTests {
    fileprivate static func session() async throws -> (ReplSession, output: Printed, errors: Printed) {
        let snapshot = try await Ingest.load(
            try CorpusSource(path: TestSupport.seedsDirectory.path), options: Ingest.Options(workers: 2))
        let output = Printed(), errors = Printed()
        let session = ReplSession(
            service: QueryService(snapshot: snapshot), renderer: ResultRenderer(mode: .jsonl),
            output: { output.texts.append($0) }, errors: { errors.texts.append($0) })
        return (session, output, errors)
    }

    /// Ctrl-C at the continuation prompt drops the open query: the next line is a query of its own.
    @Test func ctrlCDropsAnOpenQuery() async throws {
        let (session, output, errors) = try await Self.session()
        let reader = ListedInputs([.line("search ("), .interrupted, .line("search Hegseth")])
        await session.run(reader: reader)
        #expect(reader.prompts == ["lagebild> ", ReplSession.continuationPrompt, "lagebild> ", "lagebild> "])
        #expect(session.failures == 0)
        #expect(errors.texts.isEmpty)
        // One result: the three seeds that name Hegseth.
        let lines = output.texts.joined().split(separator: "\n")
        let documents = lines.compactMap { line in
            line.firstRange(of: "\"doc\":\"").map { String(line[$0.upperBound...].prefix(3)) }
        }
        #expect(Set(documents) == ["000", "001", "003"] && lines.count == 3, "\(lines)")
    }

    /// The same lines without Ctrl-C are read as one query that never closes its parenthesis. When the
    /// input ends, its first line is reported as the error it is, and the line after it runs on its own.
    @Test func anOpenQueryAtTheEndGivesBackItsLaterLines() async throws {
        let (session, output, errors) = try await Self.session()
        let reader = ListedInputs([.line("search ("), .line("search Hegseth")])
        await session.run(reader: reader)
        #expect(reader.prompts == ["lagebild> ", ReplSession.continuationPrompt, ReplSession.continuationPrompt])
        #expect(session.failures == 1)
        #expect(errors.texts.joined().contains("error at 1:8"), "\(errors.texts)")
        let lines = output.texts.joined().split(separator: "\n")
        #expect(lines.count == 3, "\(lines)")
    }

    /// In a script, a stray quote is reported at its own line; the queries after it still run, with their
    /// own line numbers in what they report.
    @Test func aStrayQuoteInAScriptLosesNoLaterQuery() async throws {
        let (session, output, errors) = try await Self.session()
        let script = """
            search "Dong Jun
            # a comment

            kwic Peking limit 2
            search Hegseth AND
            entities PER top 1
            """
        await session.run(reader: ScriptLineReader(text: script), prompt: "", source: "s.lq")
        #expect(session.failures == 2)
        let reported = errors.texts.joined()
        #expect(reported.contains("s.lq:1:8: error: unterminated phrase"), "\(reported)")
        #expect(reported.contains("s.lq:5:"), "\(reported)")
        let lines = output.texts.joined().split(separator: "\n")
        #expect(lines.filter { $0.contains("\"match\":\"Peking\"") }.count == 2, "\(lines)")
        #expect(lines.contains { $0.contains("\"entity\":\"Pete Hegseth\"") }, "\(lines)")
        #expect(lines.count == 3, "\(lines)")
    }

    /// An error on a continued query's second line is reported at that line of the script, with its column.
    @Test func errorsInAContinuedQueryNameTheirScriptLine() async throws {
        let (session, _, errors) = try await Self.session()
        await session.run(reader: ScriptLineReader(text: "# first\nsearch (Hegseth\nAND OR)\n"), prompt: "", source: "s.lq")
        #expect(session.failures == 1)
        #expect(errors.texts.joined().contains("s.lq:3:5: error: OR needs a term on its right"), "\(errors.texts)")
    }
}
