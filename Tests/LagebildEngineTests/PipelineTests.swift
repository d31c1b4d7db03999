import Foundation
import LagebildTestSupport
import Testing

@testable import LagebildEngine
import LagebildText
import LagebildTime
@testable import LagebildQuery

struct PipelineTests {
    static func seeds(workers: Int = 2) async throws -> Snapshot {
        try await Ingest.load(try CorpusSource(path: TestSupport.seedsDirectory.path), options: Ingest.Options(workers: workers))
    }

    static func ids(_ table: ResultTable) -> [String] {
        table.rows.map { row in
            guard case .text(let id) = row[0] else { return "" }
            return String(id.prefix(3))
        }
    }

    @Test func searchHegsethFindsExactlyThreeSeeds() async throws {
        let service = QueryService(snapshot: try await Self.seeds())
        let table = try await service.run("search Hegseth")
        #expect(Set(Self.ids(table)) == ["000", "001", "003"])
        #expect(table.rows.count == 3)
    }

    @Test func inflectionsAndCompoundsAreFound() async throws {
        let service = QueryService(snapshot: try await Self.seeds())
        // "Südchinesisches Meer" finds "Südchinesischen Meer" (000, 001, 003 say it that way).
        #expect(Set(Self.ids(try await service.run("search \"Südchinesisches Meer\""))) == ["000", "001", "003"])
        // "Minister" finds the compounds "Verteidigungsminister", "Außenminister".
        #expect(Set(Self.ids(try await service.run("search Minister"))) == ["000", "001", "002", "003", "004"])
        #expect(Set(Self.ids(try await service.run("search Beloussow"))) == ["004"])
        #expect(Set(Self.ids(try await service.run("search Belouss*"))) == ["004"])
        // Boilerplate is not indexed: the RT notice of 000 mentions "Journalismus" and "Österreich".
        #expect(try await service.run("search Journalismus").rows.isEmpty)
        // Credits are not indexed either.
        #expect(try await service.run("search Millis").rows.isEmpty)
    }

    @Test func pipesRestrictTheRightSide() async throws {
        let service = QueryService(snapshot: try await Self.seeds())
        let table = try await service.run("search Peking | search Dong")
        #expect(Set(Self.ids(table)) == ["000", "001", "004"])
        let docs = try await service.run("search Blinken | docs")
        #expect(Self.ids(docs) == ["002"])
    }

    @Test func oneAndTwoWorkersGiveTheSameSnapshot() async throws {
        let one = try await Self.seeds(workers: 1)
        let two = try await Self.seeds(workers: 2)
        #expect(one.documents.map(\.metadata.id) == two.documents.map(\.metadata.id))
        #expect(one.documents.map(\.paragraphs) == two.documents.map(\.paragraphs))
        #expect(one.index.termCount == two.index.termCount)
        #expect(one.index.shards.count == 1 && two.index.shards.count == 2)
        #expect(one.stats.tokens == two.stats.tokens)
    }

    /// Every document its own batch, dealt out to three index shards: the same hits and scores as one index.
    @Test func shardsAnswerLikeOneIndex() async throws {
        let one = QueryService(snapshot: try await Self.seeds(workers: 1))
        let sharded = try await Ingest.load(try CorpusSource(path: TestSupport.seedsDirectory.path),
                                            options: Ingest.Options(workers: 3, batchBytes: 1))
        #expect(sharded.index.shards.count == 3 && sharded.index.shards.allSatisfy { $0.documentCount > 0 })
        let three = QueryService(snapshot: sharded)
        for query in ["search Minister", "search \"Südchinesisches Meer\" OR Beloussow", "search minist* NOT Taiwan",
                      "search \"Dong Hegseth\"~3", "search NOT person:Hegseth", "kwic Dong", "similar 001", "search Peking | search Dong"]
        {
            #expect(try await three.run(query) == (try await one.run(query)), "\(query)")
        }
    }

    @Test func showListsParagraphsWithRoles() async throws {
        let service = QueryService(snapshot: try await Self.seeds())
        let table = try await service.run("show 004")
        let roles = table.rows.map { $0[1].description }
        #expect(roles.prefix(5) == ["title", "title", "lead", "caption", "credit"])
        #expect(roles.suffix(5).allSatisfy { $0 == "boilerplate" })
        await #expect(throws: EngineError.self) { try await service.run("show 9") }
        await #expect(throws: EngineError.self) { try await service.run("show 00") }
    }

    @Test func syntaxErrorsCarryDiagnostics() async throws {
        let service = QueryService(snapshot: try await Self.seeds())
        do {
            _ = try await service.run("search \"Hegseth AND")
            Issue.record("expected a syntax error")
        } catch QueryFailure.syntax(let diagnostics) {
            #expect(diagnostics.map(\.code) == [.unterminatedPhrase])
        }
    }

    @Test func queriesDuringAPublishSeeTheirOwnSnapshot() async throws {
        let seeds = try await Self.seeds()
        let service = QueryService(snapshot: seeds)
        try await withThrowingTaskGroup(of: Int.self) { group in
            for k in 0..<20 {
                group.addTask {
                    if k == 10 { await service.publish(.empty) }
                    return try await service.run("docs").rows.count
                }
            }
            for try await count in group { #expect(count == 5 || count == 0) }
        }
        #expect(try await service.run("docs").rows.isEmpty)
    }
}

/// The index built alone from analysed batches (the benchmarks' index build) is the index of a load.
struct IndexBuildTests {
    @Test func builtIndexMatchesTheLoadedOne() async throws {
        let items = try CorpusSource(path: TestSupport.seedsDirectory.path).collect()
        var state = WorkerState(entities: false)
        // Three batches, given out of order: the build puts them in sequence order.
        let batches = [items[3...], items[..<2], items[2..<3]].enumerated().map { k, slice in
            DocumentAnalysis.analyze(Array(slice), sequence: [2, 0, 1][k], state: &state)
        }
        let loaded = try await Ingest.load(items: items, name: "seeds", options: Ingest.Options(workers: 2, entities: false))
        #expect(loaded.index.documentFrequency("hegseth") == 3 && loaded.index.documentFrequency("taiwan") == 1)
        for shards in [1, 2] {
            let index = Ingest.buildIndex(of: batches, shards: shards)
            #expect(index.isSealed && index.documentCount == 5)
            #expect(index.termCount == loaded.index.termCount)
            for term in ["hegseth", "china", "pentagon", "taiwan", "verteidigungsminist"] {
                #expect(index.documentFrequency(term) == loaded.index.documentFrequency(term), "\(term)")
            }
            #expect((0..<5).map { index.length(of: Int32($0)) } == (0..<5).map { loaded.index.length(of: Int32($0)) })
        }
        // Built again from the same batches: the same index.
        #expect(Ingest.buildIndex(of: batches, shards: 2).byteSize == Ingest.buildIndex(of: batches, shards: 2).byteSize)
    }
}

/// Paragraphs a source repeats across its documents become boilerplate and leave the index.
struct SourceRepeatTests {
    @Test func repeatedFooterOfOneSourceIsBoilerplate() async throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let footer = "Unterstützen Sie unabhängigen Journalismus mit einer Spende an die Stiftung Zeitungswerk."
        var manifest = ""
        for k in 0..<4 {
            let text = "Meldung \(k)\nDer Stadtrat hat am Montag über den Haushalt \(k) beraten und ihn beschlossen.\n"
                + "Die Opposition kritisierte den Beschluss scharf.\n\(footer)\n"
            try Data(text.utf8).write(to: dir.appendingPathComponent("a\(k).txt"))
            manifest += #"{"file": "a\#(k).txt", "source": "Lokalblatt"}"# + "\n"
        }
        // The same sentence once in another source's story stays story text.
        try Data("Bericht\nDer Verein sammelt Geld. \(footer)\nMehr dazu folgt.\n".utf8)
            .write(to: dir.appendingPathComponent("b.txt"))
        manifest += #"{"file": "b.txt", "source": "Anderes Blatt"}"# + "\n"
        try Data(manifest.utf8).write(to: dir.appendingPathComponent("manifest.jsonl"))
        let snapshot = try await Ingest.load(try CorpusSource(path: dir.path))
        for document in snapshot.documents where document.metadata.source == "Lokalblatt" {
            #expect(document.paragraphs.last?.role == .boilerplate)
            // The repeated sentence in the middle of the story stays story text.
            #expect(document.paragraphs.map(\.role) == [.title, .lead, .body, .boilerplate])
        }
        let service = QueryService(snapshot: snapshot)
        let hits = try await service.run("search Stiftung Zeitungswerk")
        #expect(hits.rows.map { $0[0].description } == ["b"])
        #expect(snapshot.stats.paragraphs(.boilerplate) == 4)
        // The story's positions are intact after the footer's were taken out.
        #expect(try await service.run("search \"kritisierte den Beschluss scharf\"").rows.count == 4)
        #expect(try await service.run("search \"Beschluss scharf Unterstützen\"~3").rows.isEmpty)
    }

    /// Only paragraphs of at least four words and 25 bytes are counted: the others' hashes are 0.
    @Test func shortParagraphsAreNotCounted() {
        let text = "Warum?\nNachrichtenagentur meldet: Unwetter\nAb in den Urlaub, bitte\nDrei Leerzeichen reichen hier!\n"
            + "Die Stiftung bittet um Spenden für die Arbeit."
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var paragraphs: [Paragraph] = []
        var start = 0
        for line in lines {
            let end = start + line.utf8.count
            paragraphs.append(Paragraph(span: TextSpan(start, end), role: .body, language: .german))
            start = end + 1
        }
        var hashes: [UInt64] = [11, 12, 13, 14, 15]
        CorpusStore.zeroInsubstantial(&hashes, of: paragraphs, text: text)
        // Too short; 35 bytes but three words; five words in 23 bytes; four words in 30 bytes; a sentence.
        #expect(hashes == [0, 0, 0, 14, 15])
    }
}

/// The search language on the seeds and on a small dated corpus.
struct SearchLanguageTests {
    static func ids(_ service: QueryService, _ query: String) async throws -> [String] {
        PipelineTests.ids(try await service.run(query)).sorted()
    }

    @Test func phrasesBooleansAndPrefixes() async throws {
        let service = QueryService(snapshot: try await PipelineTests.seeds())
        #expect(try await Self.ids(service, "search Taiwan") == ["001"])
        // Phrases need the words in order and adjacent; ~N allows N positions more, in any order.
        #expect(try await Self.ids(service, "search \"Meer Südchinesisches\"").isEmpty)
        #expect(try await Self.ids(service, "search \"Meer Südchinesisches\"~1") == ["000", "001", "003"])
        #expect(try await Self.ids(service, "search \"Pete Hegseth\"") == ["000", "001", "003"])
        #expect(try await Self.ids(service, "search \"Hegseth Pete\"").isEmpty)
        #expect(try await Self.ids(service, "search Hegseth NOT Taiwan") == ["000", "003"])
        #expect(try await Self.ids(service, "search Beloussow OR Taiwan") == ["001", "004"])
        #expect(try await Self.ids(service, "search (Beloussow OR Taiwan) Trump") == ["001"])
        #expect(try await Self.ids(service, "search NOT Minister").isEmpty)
        // A prefix typed with an umlaut matches the folded index terms.
        #expect(try await Self.ids(service, "search südchin*") == ["000", "001", "003"])
        // A hyphenated word is a phrase of its parts.
        #expect(try await Self.ids(service, "search US-Verteidigungsminister") == ["000", "001", "003"])
    }

    @Test func fieldsFilterByEntityLanguageAndDocument() async throws {
        let service = QueryService(snapshot: try await PipelineTests.seeds())
        #expect(try await Self.ids(service, "search person:Hegseth") == ["000", "001", "003"])
        #expect(try await Self.ids(service, "search person:\"Dong Jun\" NOT person:Hegseth") == ["004"])
        #expect(try await Self.ids(service, "search loc:Taiwan").isEmpty == false)
        #expect(try await Self.ids(service, "search lang:de") == ["000", "001", "002", "003", "004"])
        #expect(try await Self.ids(service, "search lang:en").isEmpty)
        #expect(try await Self.ids(service, "search doc:00 NOT doc:000") == ["001", "002", "003", "004"])
        let unknown = try await service.run("search person:Nobodyknows")
        #expect(unknown.rows.isEmpty)
        #expect(unknown.notes.contains("no PER named 'Nobodyknows'"))
    }

    /// After a pipe, `entities` counts mentions in the left side's documents: one document at a time, the
    /// counts add up to the corpus-wide ones, and the rows are ranked by them.
    @Test func pipedEntitiesCountTheirMentionsInTheDocumentsPassedOn() async throws {
        let service = QueryService(snapshot: try await PipelineTests.seeds())
        func counts(_ query: String) async throws -> [String: Int] {
            var out: [String: Int] = [:]
            for row in try await service.run(query).rows {
                guard case .text(let name) = row[0], case .text(let type) = row[1], case .integer(let n) = row[2] else { continue }
                out[name + " " + type] = n
            }
            return out
        }
        let whole = try await counts("entities top 1000")
        var summed: [String: Int] = [:]
        for id in ["000", "001", "002", "003", "004"] {
            let table = try await service.run("search doc:\(id) | entities top 1000")
            let mentions = table.rows.map { row -> Int in
                guard case .integer(let n) = row[2] else { return -1 }
                return n
            }
            #expect(mentions == mentions.sorted(by: >), "\(id): not ranked by its own counts")
            #expect(table.rows.allSatisfy { $0[3] == .integer(1) })
            for (key, n) in try await counts("search doc:\(id) | entities top 1000") { summed[key, default: 0] += n }
        }
        #expect(!whole.isEmpty)
        #expect(summed == whole)
        // Hegseth is named in 000, 001 and 003 only: fewer mentions there than in the whole corpus.
        let two = try await counts("search doc:000 OR doc:001 | entities PER top 1000")
        #expect(two["Pete Hegseth PER"].map { $0 > 0 && $0 < whole["Pete Hegseth PER"]! } == true, "\(two)")
    }

    /// A pipe passes on every match of its left side, or with an explicit `limit` only the rows shown.
    @Test func anExplicitLimitCutsWhatAPipePassesOn() async throws {
        let service = QueryService(snapshot: try await PipelineTests.seeds())
        #expect(try await Self.ids(service, "search Hegseth | docs") == ["000", "001", "003"])
        let best = try await Self.ids(service, "search Hegseth limit 1")
        #expect(best.count == 1)
        #expect(try await Self.ids(service, "search Hegseth limit 1 | docs") == best)
        #expect(try await Self.ids(service, "search Hegseth limit 2 | docs").count == 2)
        #expect(try await Self.ids(service, "docs limit 2 | docs") == ["000", "001"])
        #expect(try await Self.ids(service, "docs where person:Hegseth limit 1 | docs") == ["000"])
        #expect(try await Self.ids(service, "docs where person:Hegseth | docs") == ["000", "001", "003"])
    }

    /// `cooccur` and `graph` after a pipe count sentences in the documents passed on: summed over the
    /// documents one at a time, they give the corpus-wide counts, each edge in one document.
    @Test func pipedCooccurrencesAndGraphsCountInTheDocumentsPassedOn() async throws {
        let service = QueryService(snapshot: try await PipelineTests.seeds())
        func edges(_ query: String) async throws -> [String: (sentences: Int, docs: Int)] {
            var out: [String: (Int, Int)] = [:]
            for row in try await service.run(query).rows {
                let key = row.prefix(row.count - 2).map(\.description).joined(separator: " | ")
                guard case .integer(let n) = row[row.count - 2], case .integer(let d) = row[row.count - 1] else { continue }
                out[key] = (n, d)
            }
            return out
        }
        for command in ["cooccur Hegseth top 1000", "graph top 1000"] {
            let whole = try await edges(command)
            var summed: [String: Int] = [:]
            for id in ["000", "001", "002", "003", "004"] {
                let one = try await edges("search doc:\(id) | \(command)")
                #expect(one.values.allSatisfy { $0.docs == 1 }, "\(command) in \(id)")
                for (key, value) in one { summed[key, default: 0] += value.sentences }
            }
            #expect(whole.count > 3, "\(command)")
            #expect(summed == whole.mapValues(\.sentences), "\(command)")
        }
    }

    @Test func snippetsMarkTheMatchedWords() async throws {
        let service = QueryService(snapshot: try await PipelineTests.seeds())
        let table = try await service.run("search Taiwan")
        let snippet = table.rows[0][4].description
        #expect(EntityMarkup.bracketed(snippet).contains("Die heikle **Taiwan-Frage** sei"))
        let phrase = try await service.run("search \"Südchinesisches Meer\" limit 1")
        #expect(EntityMarkup.bracketed(phrase.rows[0][4].description).contains("**Südchinesischen** **Meer**"))
        // An entity filter marks the entity's names.
        let filtered = try await service.run("search person:\"Dong Jun\" limit 1")
        #expect(EntityMarkup.bracketed(filtered.rows[0][4].description).contains("Admiral **Dong** **Jun** in Malaysia"))
    }

    @Test func docsWhereAndFacets() async throws {
        let service = QueryService(snapshot: try await PipelineTests.seeds())
        // In corpus order, not by score; a pipe passes the selection on.
        #expect(PipelineTests.ids(try await service.run("docs where person:Hegseth NOT Taiwan")) == ["000", "003"])
        #expect(PipelineTests.ids(try await service.run("docs where Minister | docs where Beloussow")) == ["004"])
        let facets = try await service.run("search Peking | facets top 2")
        func rows(_ facet: String) -> [String] { facets.rows.filter { $0[0].description == facet }.map { "\($0[1])=\($0[2])" } }
        // Peking is in 000, 001, 002 and 004; Xi Jinping in all four of them, China too.
        #expect(rows("person").first == "Xi Jinping=4")
        #expect(rows("place").first == "China=4")
        #expect(rows("source").isEmpty && rows("month").isEmpty)  // the seeds have neither
        #expect(facets.notes == ["among 4 documents; the top 2 of each facet"])
    }

    @Test func kwicShowsEveryOccurrenceInItsContext() async throws {
        let service = QueryService(snapshot: try await PipelineTests.seeds())
        let table = try await service.run("kwic \"Südchinesisches Meer\" width 20")
        // Five in the story text of 000 (three), 001 and 003, in any inflection, in corpus order.
        #expect(PipelineTests.ids(table) == ["000", "000", "000", "001", "003"])
        #expect(table.rows.map { $0[2].description }
            == ["Südchinesischen Meer", "Südchinesischen Meer", "Südchinesische Meer", "Südchinesischen Meer", "Südchinesische Meer"])
        #expect(table.rows[0][1].description == "…Aktionen Chinas im ")  // 20 characters: "…" and 19 of the text
        #expect(table.rows[0][3].description == " entgegenzuwirken.")
        #expect(table.notes == ["5 occurrences in 3 documents"])
        // The tweet attribution "— Pete Hegseth (@PeteHegseth)" is a credit: 13 of the 15 "Hegseth" in the files.
        #expect(try await service.run("kwic Hegseth limit 2").notes == ["13 occurrences in 3 documents, 2 shown"])
        // After a pipe, only the documents of the left side.
        #expect(Set(PipelineTests.ids(try await service.run("search Beloussow | kwic Dong limit 100"))) == ["004"])
    }

    /// The index counts kwic's occurrences; the lines shown come from reading the documents again: with
    /// room for every line, the two agree (also for compounds' heads, inflections and phrases).
    @Test func kwicCountsAgreeWithTheLinesFound() async throws {
        let service = QueryService(snapshot: try await PipelineTests.seeds())
        for query in ["Hegseth", "Dong", "China", "\"Dong Jun\"", "Minister", "Meer", "\"im Südchinesischen Meer\"", "Verteidigung"] {
            let table = try await service.run("kwic \(query) limit 1000")
            let documents = Set(PipelineTests.ids(table)).count
            #expect(!table.rows.isEmpty, "\(query)")
            #expect(table.notes == ["\(table.rows.count) occurrence\(table.rows.count == 1 ? "" : "s") in \(documents) document\(documents == 1 ? "" : "s")"],
                    "\(query)")
        }
    }

    @Test func similarFindsTheSameStoryFirst() async throws {
        let service = QueryService(snapshot: try await PipelineTests.seeds())
        // 000 and 001 report the same Hegseth–Dong meeting.
        #expect(PipelineTests.ids(try await service.run("similar 001")).first == "000")
        #expect(PipelineTests.ids(try await service.run("similar 000")).first == "001")
        let table = try await service.run("similar 001 limit 2")
        #expect(table.rows.count == 2 && !PipelineTests.ids(table).contains("001"))
        #expect(table.rows[0][4].description.contains("Pentagon-Chef"))
    }

    @Test func datesAndSourcesFromMetadata() async throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let lines = [
            #"{"id": "a", "date": "2025-10-31", "source": "Agentur Nord", "text": "Treffen in Kuala Lumpur\nDie Minister trafen sich am Freitag."}"#,
            #"{"id": "b", "date": "2025-11-02", "source": "Zeitung Süd", "text": "Nach dem Treffen\nDie Minister vereinbarten einen Kanal."}"#,
            #"{"id": "c", "date": "2025", "source": "Agentur Nord", "text": "Rückblick\nDas Jahr der Minister war lang."}"#,
            #"{"id": "d", "text": "Ohne Datum\nAuch hier sprechen Minister."}"#,
        ]
        let file = dir.appendingPathComponent("corpus.jsonl")
        try Data(lines.joined(separator: "\n").utf8).write(to: file)
        let service = QueryService(snapshot: try await Ingest.load(try CorpusSource(path: file.path)))
        #expect(try await Self.ids(service, "search Minister date:2025-10") == ["a"])
        #expect(try await Self.ids(service, "search Minister date:2025-10..2025-11") == ["a", "b"])
        #expect(try await Self.ids(service, "search Minister date:2025-11-01..") == ["b"])
        #expect(try await Self.ids(service, "search Minister date:..2025-10-31") == ["a"])
        // A document dated only by its year lies in 2025, not in any one month of it.
        #expect(try await Self.ids(service, "search Minister date:2025") == ["a", "b", "c"])
        #expect(try await Self.ids(service, "search Minister source:agentur") == ["a", "c"])
        #expect(try await Self.ids(service, "search Minister NOT source:nord") == ["b", "d"])
    }

    @Test func datesTheDocumentsMention() async throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let lines = [
            #"{"id": "a", "text": "Rückblick\nDie Minister trafen sich am 31. Oktober 2025 in Kuala Lumpur."}"#,
            #"{"id": "b", "date": "2025-11-03", "text": "Bericht\nDie Minister sprachen am Montag."}"#,
            #"{"id": "c", "text": "Chronik\nSeit Juni 2023 sprechen die Minister wieder, zuletzt am 01.11.2025."}"#,
            #"{"id": "d", "text": "Ohne Datum\nAuch am 1. November sprachen Minister."}"#,
        ]
        let file = dir.appendingPathComponent("corpus.jsonl")
        try Data(lines.joined(separator: "\n").utf8).write(to: file)
        let service = QueryService(snapshot: try await Ingest.load(try CorpusSource(path: file.path)))
        // A document's own date or a date it writes out; "am 1. November" has no year and does not count.
        #expect(try await Self.ids(service, "search Minister date:2025-11") == ["b", "c"])
        #expect(try await Self.ids(service, "search Minister date:2025-10-31") == ["a"])
        #expect(try await Self.ids(service, "search Minister date:2025-10-15..2025-11-01") == ["a", "c"])
        #expect(try await Self.ids(service, "search Minister date:2023") == ["c"])
        #expect(try await Self.ids(service, "docs where date:..2023-12") == ["c"])
        // Filters do not score: the word decides the ranking.
        let scores = try await service.run("search Minister date:2025").rows.map { $0[1].description }
        let plain = try await service.run("search Minister").rows.filter { ["a", "b", "c"].contains($0[0].description) }.map { $0[1].description }
        #expect(Set(scores) == Set(plain))
    }
}

@Suite struct SeedEntityTests {
    @Test func seedsHaveTheirMainPeopleAndNoCreditPersons() async throws {
        let snapshot = try await Ingest.load(try CorpusSource(path: TestSupport.packageRoot.appendingPathComponent("seeds").path))
        let people = snapshot.entities.ranked(type: .person)
        let hegseth = try #require(people.first { $0.name == "Pete Hegseth" })
        // "Hegseth" alone in 001 is Pete Hegseth; he is in 000, 001 and 003.
        #expect(hegseth.documents.map { snapshot.documents[Int($0)].metadata.id.prefix(3) } == ["000", "001", "003"])
        #expect(hegseth.aliases["Hegseth", default: 0] >= 1)
        #expect(people.contains { $0.name == "Xi Jinping" && $0.aliases["Xi"] != nil })
        // Photo credits ("Leah Millis") are not persons of the story.
        #expect(!people.contains { $0.name.contains("Millis") })
        let countries = snapshot.entities.ranked(type: .location).prefix(2).map(\.name)
        #expect(Set(countries) == ["China", "USA"])
    }
}

@Suite struct DatesQueryTests {
    @Test func datesAreRelativeToTheManifestDateAndUnderspecifiedWithoutOne() async throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let seed = try TestSupport.seedFiles().first { $0.lastPathComponent.hasPrefix("000") }!
        try FileManager.default.copyItem(at: seed, to: dir.appendingPathComponent(seed.lastPathComponent))
        try #"{"file": "\#(seed.lastPathComponent)", "date": "2025-11-02"}"#.write(
            to: dir.appendingPathComponent("manifest.jsonl"), atomically: false, encoding: .utf8)
        func values(_ table: ResultTable) -> [String] { table.rows.map { "\($0[1])=\($0[3])" } }
        let dated = try await QueryService(snapshot: try await Ingest.load(try CorpusSource(path: dir.path))).run("dates 000")
        #expect(values(dated).prefix(2) == ["Sonntag=2025-11-02", "Sonntag=2025-11-02"])
        #expect(values(dated).contains("Samstag=2025-11-01"))
        #expect(dated.notes.last?.contains("2025-11-02 (metadata)") == true)
        let undated = try await QueryService(snapshot: try await Ingest.load(try CorpusSource(path: seed.deletingLastPathComponent().path)))
            .run("dates 000")
        #expect(values(undated).prefix(2) == ["Sonntag=XXXX-WXX-7", "Sonntag=XXXX-WXX-7"])
        #expect(undated.notes.last?.contains("underspecified") == true)
    }
}

extension DatesQueryTests {
    /// Without metadata or a dateline, the latest full date the story tells dates a document, marked as
    /// inferred: relative dates resolve against it, and timeline entries say their date is inferred.
    @Test func aDocumentWithoutMetadataIsDatedByTheLatestDateItTells() async throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try """
            Treffen in Wien

            Die Außenminister Annalena Baerbock und Sergej Lawrow trafen sich am Samstag in Wien. Bereits am 14. Oktober 2025 hatten sie telefoniert.

            """.write(to: dir.appendingPathComponent("wien.txt"), atomically: false, encoding: .utf8)
        let service = QueryService(snapshot: try await Ingest.load(try CorpusSource(path: dir.path)))
        let dates = try await service.run("dates wien")
        // 14 October 2025 was a Tuesday; the Saturday before it is the 11th.
        #expect(dates.rows.map { "\($0[1])=\($0[3])" } == ["Samstag=2025-10-11", "14. Oktober 2025=2025-10-14"])
        #expect(dates.notes.last == "relative to the document date 2025-10-14, inferred from the latest date in the text: \"14. Oktober 2025\"")
        let timeline = try await service.run("timeline")
        let meeting = try #require(timeline.rows.first { $0[4] == .text("meeting") })
        #expect(meeting[0] == .text("2025-10-11") && meeting[3] == .text("inferred"))
    }
}

extension DatesQueryTests {
    /// An English document's dates are read with the English rules.
    @Test func englishDocumentsAreTaggedWithTheEnglishRules() async throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try """
            Ministers meet in Vienna

            The foreign ministers of both countries said on Friday that they had agreed to meet again next month. The talks were the first in two years, the agency reported.

            """.write(to: dir.appendingPathComponent("vienna.txt"), atomically: false, encoding: .utf8)
        try #"{"file": "vienna.txt", "date": "1998-01-08"}"#.write(
            to: dir.appendingPathComponent("manifest.jsonl"), atomically: false, encoding: .utf8)
        let service = QueryService(snapshot: try await Ingest.load(try CorpusSource(path: dir.path)))
        let dates = try await service.run("dates vienna")
        // 8 January 1998 was a Thursday: the Friday before it is the 2nd.
        #expect(dates.rows.map { "\($0[1])=\($0[3])" }.prefix(2) == ["Friday=1998-01-02", "next month=1998-02"])
    }
}

@Suite struct EntityProfileTests {
    @Test func documentsByMonthIsASparklineOverTheDatedDocuments() async throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let seed = try TestSupport.seedFiles().first { $0.lastPathComponent.hasPrefix("001") }!
        let text = try String(contentsOf: seed, encoding: .utf8)
        var manifest = ""
        for (name, date) in [("a.txt", "2025-01-05"), ("b.txt", "2025-03-05"), ("c.txt", "2025-03-20")] {
            // The same story three times, with a different first line so that no paragraph is a source repeat.
            try ("Ausgabe \(name)\n" + text).write(to: dir.appendingPathComponent(name), atomically: false, encoding: .utf8)
            manifest += #"{"file": "\#(name)", "date": "\#(date)"}"# + "\n"
        }
        try manifest.write(to: dir.appendingPathComponent("manifest.jsonl"), atomically: false, encoding: .utf8)
        let service = QueryService(snapshot: try await Ingest.load(try CorpusSource(path: dir.path)))
        let profile = try await service.run("entity Hegseth")
        let row = profile.rows.first { $0[0] == .text("documents by month") }
        #expect(row?[1] == .text("2025-01 ▄ █ 2025-03 (most: 2)"))
    }
}

/// The timeline on the seeds: the Hegseth–Dong meeting in Malaysia is one entry backed by several articles,
/// dated within the week of 31 October 2025 when 000's date is known, underspecified when no date is.
struct TimelineQueryTests {
    static func meeting(_ table: ResultTable) -> [ResultTable.Value]? {
        table.rows.first { row in
            row[4].description == "meeting" && row[6].description == "Malaysia" && row[5].description.contains("Dong Jun")
                && row[5].description.contains("Pete Hegseth")
        }
    }

    @Test func hegsethMeetsDongInMalaysiaOnce() async throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for file in try TestSupport.seedFiles() { try FileManager.default.copyItem(at: file, to: dir.appendingPathComponent(file.lastPathComponent)) }
        try Data(#"{"file": "000_1eabfec19528a7cd.txt", "date": "2025-11-02"}"#.utf8).write(to: dir.appendingPathComponent("manifest.jsonl"))
        let dated = QueryService(snapshot: try await Ingest.load(try CorpusSource(path: dir.path)))
        let table = try await dated.run("timeline Hegseth")
        let row = try #require(Self.meeting(table))
        #expect(table.rows.filter { Self.meeting(ResultTable(kind: "", columns: [], rows: [$0])) != nil }.count == 1)
        let sources = row[7].description
        #expect(sources.contains("000") && sources.contains("001"))
        // Every date it gives lies in the week of 31 October 2025 (27 October – 2 November).
        let dates = row[0].description.components(separatedBy: " or ")
        #expect(!dates.isEmpty && dates.allSatisfy { $0 >= "2025-10-27" && $0 <= "2025-11-02" }, "\(row[0])")
        #expect(row[3].description == "stated")
        // The chart's span: from the first to the last day the sources give.
        #expect(row[1].description >= "2025-10-27" && row[2].description <= "2025-11-02")
        // from/to select by date.
        #expect(try await dated.run("timeline Hegseth from 2025-12").rows.isEmpty)
        #expect(Self.meeting(try await dated.run("timeline Hegseth from 2025-10-27 to 2025-11-02")) != nil)

        // Without any document date, the same entry is underspecified, never an invented date.
        let undated = QueryService(snapshot: try await PipelineTests.seeds())
        let plain = try #require(Self.meeting(try await undated.run("timeline Hegseth")))
        #expect(plain[0].description.contains("X") && plain[3].description == "underspecified")
        #expect(plain[1] == .null && plain[2] == .null)
        #expect(!plain[0].description.contains("2025"))
    }

    /// The service builds the corpus's timeline once and keeps it; a newly published snapshot gets its own.
    @Test func theServiceKeepsOneTimelinePerSnapshot() async throws {
        let seeds = try await PipelineTests.seeds()
        let service = QueryService(snapshot: seeds)
        let first = try #require(await service.corpusTimeline(of: 0))
        let again = try #require(await service.corpusTimeline(of: 0))
        #expect(first == again)
        let before = try await service.run("timeline")
        #expect(try await first.value.entryCount == before.rows.count)
        await service.publish(seeds)
        #expect(await service.corpusTimeline(of: 0) == nil)  // a query on the old snapshot builds its own
        let next = try #require(await service.corpusTimeline(of: 1))
        #expect(next != first)
        #expect(try await service.run("timeline").rows == before.rows)
    }

    @Test func stripCountsEntriesPerWeekOrMonth() {
        func day(_ iso: String) -> Int { CalendarDate(iso: iso)!.julianDay }
        // Monday 27 October and Sunday 2 November are one ISO week (44); 3 November starts week 45.
        #expect(QueryExecutor.strip([day("2025-10-27"), day("2025-11-02"), day("2025-11-03")])
            == "entries per week: 2025-W44 █▄ 2025-W45 (most: 2)")
        #expect(QueryExecutor.strip([day("2025-01-15"), day("2025-12-01"), day("2025-12-20")])
            == "entries per month: 2025-01 ▄          █ 2025-12 (most: 2)")
        #expect(QueryExecutor.strip([day("2025-10-27"), day("2025-10-28")]) == nil)  // one week: nothing to draw
    }
}
