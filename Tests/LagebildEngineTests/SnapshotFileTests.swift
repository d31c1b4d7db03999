import Foundation
import LagebildTestSupport
import Testing

@testable import LagebildEngine

/// Saving and loading snapshots: the same answers after a round trip, and a clear error for every kind
/// of damage.
struct SnapshotFileTests {
    static func saved() async throws -> (Snapshot, URL, URL) {
        let snapshot = try await PipelineTests.seeds()
        let dir = try TestSupport.temporaryDirectory()
        let file = dir.appendingPathComponent("seeds.lgb")
        try SnapshotFile.save(snapshot, to: file.path)
        return (snapshot, dir, file)
    }

    @Test func roundTripAnswersEveryQueryTheSame() async throws {
        let (original, dir, file) = try await Self.saved()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(SnapshotFile.isSnapshot(file.path))
        #expect(!SnapshotFile.isSnapshot(TestSupport.seedsDirectory.appendingPathComponent("manifest.jsonl").path))
        let loaded = try SnapshotFile.load(file.path)
        #expect(loaded.documents.map(\.metadata) == original.documents.map(\.metadata))
        #expect(loaded.documents.map(\.text) == original.documents.map(\.text))
        #expect(loaded.documents.map(\.paragraphs) == original.documents.map(\.paragraphs))
        #expect(loaded.documents.map(\.mentions) == original.documents.map(\.mentions))
        #expect(loaded.documents.map(\.quotes) == original.documents.map(\.quotes))
        #expect(loaded.documents.map(\.events) == original.documents.map(\.events))
        #expect(original.documents.contains { !$0.events.isEmpty })
        #expect(loaded.stats == original.stats)
        #expect(loaded.index.byteSize == original.index.byteSize)
        let before = QueryService(snapshot: original), after = QueryService(snapshot: loaded)
        for query in ["search \"Südchinesisches Meer\"", "search minist* NOT Taiwan", "search person:Hegseth", "entities top 30",
                      "entity Dong Jun", "cooccur Hegseth", "quotes", "graph PER", "show 001", "docs", "problems",
                      "timeline", "timeline Hegseth"]
        {
            #expect(try await after.run(query) == (try await before.run(query)), "\(query)")
        }
    }

    @Test func damageIsReportedWithItsReason() async throws {
        let (_, dir, file) = try await Self.saved()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bytes = try Data(contentsOf: file)
        func load(_ data: Data) -> String {
            let path = dir.appendingPathComponent("damaged.lgb").path
            _ = FileManager.default.createFile(atPath: path, contents: data)
            do {
                _ = try SnapshotFile.load(path)
                return "loaded"
            } catch {
                return error.description
            }
        }
        #expect(load(bytes.prefix(bytes.count / 2)).contains("is truncated: the header announces \(bytes.count) bytes"))
        #expect(load(bytes.prefix(20)).contains("is truncated"))
        var flipped = bytes
        flipped[bytes.count / 3] ^= 0x40
        #expect(load(flipped).contains("is damaged: its checksum does not match"))
        var version = bytes
        version[8] = 99
        #expect(load(version).contains("format version 99; this build reads version \(SnapshotFile.version)"))
        #expect(load(Data("hello".utf8)).contains("is not a Lagebild snapshot"))
        #expect(load(bytes + Data([0, 0])).contains("2 bytes follow the snapshot"))
        #expect(load(bytes) == "loaded")
    }

    @Test func aFailedSaveLeavesTheOldFile() async throws {
        let (snapshot, dir, file) = try await Self.saved()
        defer { try? FileManager.default.removeItem(at: dir) }
        let before = try Data(contentsOf: file)
        // The folder is not writable for the temporary file: the save fails, the old file stays.
        let missing = dir.appendingPathComponent("no-such-folder/seeds.lgb").path
        #expect(throws: SnapshotFile.Failure.self) { try SnapshotFile.save(snapshot, to: missing) }
        #expect(try Data(contentsOf: file) == before)
        // No temporary files are left behind by a successful save either.
        try SnapshotFile.save(snapshot, to: file.path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["seeds.lgb"])
    }

    @Test func appendingGivesWhatOneLoadGives() async throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = try TestSupport.seedFiles()
        for (k, part) in [Array(files.prefix(3)), Array(files.dropFirst(3))].enumerated() {
            let folder = dir.appendingPathComponent("part\(k)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for file in part { try FileManager.default.copyItem(at: file, to: folder.appendingPathComponent(file.lastPathComponent)) }
        }
        let first = try await Ingest.load(try CorpusSource(path: dir.appendingPathComponent("part0").path))
        let second = try await Ingest.load(try CorpusSource(path: dir.appendingPathComponent("part1").path))
        let whole = try await PipelineTests.seeds()
        let appended = first.appending(second)
        #expect(appended.documents.map(\.metadata.id) == whole.documents.map(\.metadata.id))
        // Statistics are over both parts: the same ranking and scores as one load.
        let a = QueryService(snapshot: appended), w = QueryService(snapshot: whole)
        for query in ["search Hegseth", "search \"Südchinesisches Meer\" OR Beloussow", "entity Dong Jun", "entities PER top 10",
                      "search person:\"Dong Jun\""]
        {
            #expect(try await a.run(query) == (try await w.run(query)), "\(query)")
        }
        // Dong Jun, named in both parts, is one entity.
        #expect(appended.entities.find("Dong Jun").first?.documents.count == 4)
    }
}
