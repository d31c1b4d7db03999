import Foundation
import LagebildTestSupport
import Testing

@testable import LagebildEngine
@testable import LagebildEntities
@testable import LagebildText
@testable import LagebildTime

/// The seeds' paragraphs (with roles and languages), sentences and tokens, compared with golden files that
/// were read and judged correct. `RECORD_GOLDEN=1 swift test` rewrites them (and fails, so that a
/// recording is never mistaken for a pass).
struct SeedGoldenTests {
    static let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Golden")

    static func check(_ actual: String, _ name: String) throws {
        let url = goldenDirectory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" {
            try actual.write(to: url, atomically: false, encoding: .utf8)
            Issue.record("recorded \(name); check it, then run the tests again without RECORD_GOLDEN")
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        if expected != actual {
            let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let line = Array(zip(e, a)).firstIndex { $0.0 != $0.1 } ?? min(e.count, a.count)
            Issue.record("""
                \(name) differs first at line \(line + 1):
                  expected: \(line < e.count ? String(e[line]) : "<end>")
                  actual:   \(line < a.count ? String(a[line]) : "<end>")
                """)
        }
    }

    static func analyse(_ url: URL) throws -> (String, TextStructure) {
        let decoded = try TextDecoder.decode([UInt8](try Data(contentsOf: url)))
        var scratch = TextAnalyzer.Scratch()
        let structure = TextAnalyzer().analyze(decoded.text, scratch: &scratch)
        return (decoded.text, structure)
    }

    @Test(arguments: ["000", "001", "002", "003", "004"])
    func paragraphsAndSentences(seed: String) throws {
        let url = try TestSupport.seedFiles().first { $0.lastPathComponent.hasPrefix(seed) }!
        let (text, structure) = try Self.analyse(url)
        var out = ""
        for (k, paragraph) in structure.paragraphs.enumerated() {
            out += "¶\(k + 1) \(paragraph.role) \(paragraph.language) [\(paragraph.span.start)..<\(paragraph.span.end)]\n"
            for (s, sentence) in structure.sentences.enumerated() where structure.sentenceParagraph[s] == k {
                out += "  · \(text.slice(sentence))\n"
            }
        }
        try Self.check(out, "\(seed).paragraphs.txt")
    }

    @Test(arguments: ["000", "002", "003", "004"])
    func tokens(seed: String) throws {
        let url = try TestSupport.seedFiles().first { $0.lastPathComponent.hasPrefix(seed) }!
        let (text, _) = try Self.analyse(url)
        let out = Tokenizer.tokenize(text).map { "\($0.kind)\t\(text.slice($0.span))" }.joined(separator: "\n") + "\n"
        try Self.check(out, "\(seed).tokens.txt")
    }
}

/// The seeds' persons (with aliases, roles and ranks) and quotes (with speakers), compared with golden
/// files that were read and judged correct.
struct SeedEntityGoldenTests {
    @Test func personsAndQuotes() async throws {
        let snapshot = try await Ingest.load(try CorpusSource(path: TestSupport.packageRoot.appendingPathComponent("seeds").path))
        func docs(_ documents: [Int32]) -> String {
            documents.map { String(snapshot.documents[Int($0)].metadata.id.prefix(3)) }.joined(separator: " ")
        }
        var persons = ""
        for entity in snapshot.entities.ranked(type: .person) {
            persons += "\(entity.name)\t\(EntityClass(entity.type, entity.form))\t\(entity.mentionCount)\t\(docs(entity.documents))\n"
            persons += "  as: " + entity.aliases.keys.sorted().joined(separator: " | ") + "\n"
            for (fact, documents) in EntityRegistry.roles(of: entity) { persons += "  role: \(fact.description) in \(docs(documents))\n" }
            for (rank, documents) in EntityRegistry.ranks(of: entity) { persons += "  rank: \(rank) in \(docs(documents))\n" }
        }
        try SeedGoldenTests.check(persons, "persons.txt")
        var quotes = ""
        for (d, document) in snapshot.documents.enumerated() {
            for quote in document.quotes {
                let speaker = quote.speaker.map { snapshot.mentionEntities[d][Int($0)] }.flatMap { $0 < 0 ? nil : snapshot.entities.entities[Int($0)].name }
                quotes += "\(document.metadata.id.prefix(3))\t\(speaker ?? "?")\t\(document.text.slice(quote.span))\n"
            }
        }
        try SeedGoldenTests.check(quotes, "quotes.txt")
    }
}

/// Every temporal expression of the seeds (all paragraphs but boilerplate) with type and value: without
/// document dates, and for 000 also with its date, 2025-11-02 (a Sunday).
struct SeedTimexGoldenTests {
    @Test func temporalExpressions() async throws {
        let snapshot = try await Ingest.load(try CorpusSource(path: TestSupport.packageRoot.appendingPathComponent("seeds").path))
        let tagger = TemporalTagger(rules: try TimexRules.bundled(language: "de"))
        var out = ""
        func run(_ d: Int, _ reference: CalendarDate?) {
            let document = snapshot.documents[d]
            out += "# \(document.metadata.id.prefix(3)) reference \(reference?.description ?? "none")\n"
            let structure = document.structure
            for (s, sentence) in structure.sentences.enumerated()
            where structure.paragraphs[Int(structure.sentenceParagraph[s])].role != .boilerplate {
                let text = String(document.text.slice(sentence))
                for timex in tagger.tag(text, reference: reference) {
                    let expression = String(decoding: Array(text.utf8)[timex.range], as: UTF8.self)
                    out += "\(expression)\t\(timex.kind?.rawValue ?? "?")\t\(timex.value)\n"
                }
            }
        }
        for d in snapshot.documents.indices { run(d, nil) }
        run(0, CalendarDate(year: 2025, month: 11, day: 2))
        try SeedGoldenTests.check(out, "timexes.txt")
    }
}
