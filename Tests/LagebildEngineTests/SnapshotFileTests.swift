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
        #expect(loaded.stats == original.stats)
        #expect(loaded.index.byteSize == original.index.byteSize)
        let before = QueryService(snapshot: original), after = QueryService(snapshot: loaded)
        for query in ["search \"Südchinesisches Meer\"", "search minist* NOT Taiwan", "search person:Hegseth", "entities top 30",
                      "entity Dong Jun", "cooccur Hegseth", "quotes", "graph PER", "show 001", "docs", "problems"]
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
            FileManager.default.createFile(atPath: path, contents: data)
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
}
