import Foundation
import LagebildTestSupport
import Testing

@testable import LagebildEngine
@testable import LagebildText

/// Every bad input of a real corpus folder: each is reported by path and reason, the rest is analysed.
struct CorpusSourceTests {
    static func write(_ bytes: [UInt8], _ name: String, in folder: URL) throws {
        let url = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    static func load(_ path: String, workers: Int = 2, entities: Bool = true) async throws -> Snapshot {
        try await Ingest.load(try CorpusSource(path: path), options: Ingest.Options(workers: workers, entities: entities))
    }

    static let story = "Gipfel in Berlin\nDie Minister trafen sich am Montag in Berlin und berieten über die Lage.\n"

    @Test func badInputsAreReportedAndTheRestIsAnalysed() async throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.write(Array(Self.story.utf8), "good.txt", in: dir)
        try Self.write([0x47, 0x72, 0xFC, 0xDF, 0x65, 0x20, 0x61, 0x75, 0x73, 0x20, 0x4B, 0xF6, 0x6C, 0x6E], "latin1.txt", in: dir)
        try Self.write([0xEF, 0xBB, 0xBF] + Array("Mit BOM\r\nund CRLF.\r\n".utf8), "bom-crlf.txt", in: dir)
        try Self.write(Array("Text mit".utf8) + [0, 0] + Array(" NUL-Bytes.".utf8), "nul.txt", in: dir)
        try Self.write([], "empty.txt", in: dir)
        try Self.write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 7, count: 64), "image.txt", in: dir)
        try Self.write(Array("%PDF-1.4".utf8), "paper.pdf", in: dir)
        try Self.write(Array("## Überschrift\n\nText im Unterordner.".utf8), "sub/deeper/note.md", in: dir)
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("gone.txt").path,
                                                   withDestinationPath: "/nonexistent/lagebild")
        let snapshot = try await Self.load(dir.path)
        let ids = Set(snapshot.documents.map(\.metadata.id))
        #expect(ids == ["good", "latin1", "bom-crlf", "nul", "note"])
        let problems = Dictionary(grouping: snapshot.problems) { ($0.origin as NSString).lastPathComponent }
        #expect(problems["latin1.txt"]?.first?.severity == .repaired)
        #expect(problems["latin1.txt"]?.first?.reason.contains("Windows-1252") == true)
        #expect(problems["nul.txt"]?.first?.reason == "2 NUL bytes removed")
        #expect(problems["empty.txt"]?.first?.reason == "empty file")
        #expect(problems["image.txt"]?.first?.reason == "binary file (PNG image)")
        #expect(problems["paper.pdf"]?.first?.reason == "not a corpus file (.pdf)")
        #expect(problems["gone.txt"]?.first?.reason == "unreadable file")
        #expect(problems["bom-crlf.txt"] == nil)
        let latin = snapshot.documents.first { $0.metadata.id == "latin1" }!
        #expect(latin.text == "Grüße aus Köln")
        let bom = snapshot.documents.first { $0.metadata.id == "bom-crlf" }!
        #expect(bom.text == "Mit BOM\nund CRLF.\n")
    }

    @Test func hugeOneLineFileIsAnalysedInBoundedTime() async throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // 50 MB on one line, no newline anywhere.
        let unit = Array("Die Verteidigungsminister trafen sich am Montag in Peking, sagte Dong. ".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(50_000_000 + unit.count)
        while bytes.count < 50_000_000 { bytes.append(contentsOf: unit) }
        try Self.write(bytes, "huge.txt", in: dir)
        // The text layer's bound is what is tested here; entity tagging of 8 million tokens in a debug
        // build would take minutes (the release build tags them in about 3 s, see docs/BENCHMARKS.md).
        let snapshot = try await Self.load(dir.path, entities: false)
        #expect(snapshot.documents.count == 1)
        #expect(snapshot.documents[0].paragraphs.count == 1)
        #expect(snapshot.stats.sentences == bytes.count / unit.count + 1 || snapshot.stats.sentences == bytes.count / unit.count)
    }

    @Test func jsonlWithMalformedLinesAndGzip() async throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let lines = [
            #"{"id": "a1", "title": "Gipfel", "date": "2025-11-02", "source": "Agentur", "lang": "de", "text": "Die Minister trafen sich.\nSie sprachen über \u00dcbungen."}"#,
            #"{"id": "a2", "text": "Zweiter Text", "tags": ["x", {"y": 1}], "score": 1.5, "ok": true, "none": null}"#,
            #"{"id": "broken", "text": "no end"#,
            "",
            #"{"id": "no-text", "title": "x"}"#,
            #"{"text": "Surrogat: \ud83d\ude00 Ende"}"#,
        ]
        let jsonl = lines.joined(separator: "\n") + "\n"
        let plain = dir.appendingPathComponent("corpus.jsonl")
        try Data(jsonl.utf8).write(to: plain)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-k", plain.path]
        try process.run()
        process.waitUntilExit()
        for path in [plain.path, plain.path + ".gz"] {
            let snapshot = try await Self.load(path)
            #expect(snapshot.documents.map(\.metadata.id) == ["a1", "a2", "corpus:6"], "\(path)")
            let a1 = snapshot.documents[0]
            #expect(a1.metadata.title == "Gipfel")
            #expect(a1.metadata.date?.description == "2025-11-02")
            #expect(a1.metadata.source == "Agentur")
            #expect(a1.text.contains("Übungen"))
            #expect(snapshot.documents[2].text == "Surrogat: 😀 Ende")
            #expect(snapshot.problems.contains {
                $0.origin.hasSuffix(":3") && $0.reason == "malformed JSON at column 26: unterminated string"
            })
            #expect(snapshot.problems.contains { $0.origin.hasSuffix(":5") && $0.reason == "no \"text\" field" })
            #expect(snapshot.problems.count == 2)
        }
    }

    @Test func manifestAndFrontMatterGiveMetadata() async throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.write(Array(Self.story.utf8), "a.txt", in: dir)
        try Self.write(Array("---\ntitle: \"Aus dem Markdown\"\ndate: 2024-10-14\nsource: Blog\nlang: en\n---\nThe ministers met on Monday.".utf8),
                       "b.md", in: dir)
        try Self.write(Array(#"{"file": "a.txt", "date": "2025-11-02", "source": "RT DE", "title": "Gipfel"}"#.utf8)
                       + [0x0A] + Array("not json\n".utf8), "manifest.jsonl", in: dir)
        let snapshot = try await Self.load(dir.path)
        let a = snapshot.documents.first { $0.metadata.id == "a" }!
        #expect(a.metadata.date?.description == "2025-11-02")
        #expect(a.metadata.source == "RT DE")
        let b = snapshot.documents.first { $0.metadata.id == "b" }!
        #expect(b.metadata.title == "Aus dem Markdown")
        #expect(b.metadata.date == DocumentDate(parsing: "2024-10-14"))
        #expect(b.language == .english)
        #expect(b.text == "The ministers met on Monday.")
        #expect(snapshot.problems.contains { $0.origin.hasSuffix("manifest.jsonl:2") })
        #expect(DocumentDate(parsing: "02.11.2025")?.description == "2025-11-02")
        #expect(DocumentDate(parsing: "1.2.2020")?.description == "2020-02-01")
        #expect(DocumentDate(parsing: "2025-03")?.description == "2025-03")
        #expect(DocumentDate(parsing: "1999")?.description == "1999")
        #expect(DocumentDate(parsing: "2025-13-01") == nil)
    }

    @Test func missingCorpusIsAnError() {
        #expect(throws: (any Error).self) { try CorpusSource(path: "/nonexistent/corpus") }
        #expect(throws: (any Error).self) { try CorpusSource(path: "/etc/hostname") }
    }
}
