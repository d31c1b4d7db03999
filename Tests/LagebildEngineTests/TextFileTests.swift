import Foundation
import LagebildTestSupport
import Testing

@testable import LagebildEngine
import LagebildEntities
import LagebildIndex

struct TextFileTests {
    @Test func textsReadBackAsWritten() throws {
        let file = try #require(TextFile())
        let texts = ["", "Pete Hegseth traf Dong Jun.", String(repeating: "Südchinesisches Meer · 南海 ", count: 5_000)]
        let offsets = texts.map { file.append($0) }
        #expect(offsets.allSatisfy { $0 != nil })
        #expect(file.byteCount == texts.reduce(0) { $0 + $1.utf8.count })
        for (text, offset) in zip(texts, offsets) {
            #expect(file.read(at: offset!, count: text.utf8.count) == text)
        }
    }

    @Test func concurrentAppendsGetTheirOwnRanges() async throws {
        let file = try #require(TextFile())
        let placed = await withTaskGroup(of: [(String, Int)].self) { group in
            for worker in 0..<4 {
                group.addTask {
                    (0..<200).map { k in
                        let text = "worker \(worker), text \(k): " + String(repeating: "ä", count: k)
                        return (text, file.append(text)!)
                    }
                }
            }
            return await group.reduce(into: []) { $0 += $1 }
        }
        #expect(placed.count == 800)
        for (text, offset) in placed { #expect(file.read(at: offset, count: text.utf8.count) == text) }
    }

    @Test func aFolderThatCannotHoldTheFileGivesNone() {
        #expect(TextFile(folder: "/nonexistent-folder-for-lagebild-tests") == nil)
    }

    /// A load with texts in a file answers exactly as one with texts in memory, and saves the same snapshot.
    @Test func loadsAnswerTheSameWithTextsInAFile() async throws {
        let path = TestSupport.seedsDirectory.path
        let inFile = try await Ingest.load(try CorpusSource(path: path), options: Ingest.Options(workers: 2, textInFile: true))
        let inMemory = try await Ingest.load(try CorpusSource(path: path), options: Ingest.Options(workers: 2, textInFile: false))
        #expect(inFile.documents.allSatisfy { !$0.isTextInMemory })
        #expect(inMemory.documents.allSatisfy { $0.isTextInMemory })
        func textsRow(_ snapshot: Snapshot) async throws -> String? {
            try await QueryService(snapshot: snapshot).run("stats").rows.first { $0[0].description == "texts" }?[1].description
        }
        #expect(try await textsRow(inFile) == "in a file, read when shown")
        #expect(try await textsRow(inMemory) == "in memory")
        #expect(inFile.documents.map(\.text) == inMemory.documents.map(\.text))
        let a = QueryService(snapshot: inFile), b = QueryService(snapshot: inMemory)
        for query in ["show 001", "kwic Hegseth", "search Beloussow", "quotes", "timeline", "dates 003"] {
            let x = try await a.run(query), y = try await b.run(query)
            #expect(x.rows == y.rows, "\(query)")
        }
        // A snapshot saved from the texts in a file holds them all; loaded, it leaves them in the snapshot
        // file, still readable after a later save replaced that file.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("textfile-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let saved = folder.appendingPathComponent("seeds.lagebild").path
        try SnapshotFile.save(inFile, to: saved)
        let loaded = try SnapshotFile.load(saved)
        #expect(loaded.documents.allSatisfy { !$0.isTextInMemory })
        #expect(loaded.documents.map(\.text) == inMemory.documents.map(\.text))
        try SnapshotFile.save(Snapshot(name: "other", documents: [], index: ShardedIndex(), problems: [], stats: CorpusStats(),
                                       entities: EntityRegistry(), mentionEntities: []), to: saved)
        #expect(loaded.documents.map(\.text) == inMemory.documents.map(\.text))
        #expect(try SnapshotFile.load(saved).documents.isEmpty)
    }
}
