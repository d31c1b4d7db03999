import ArgumentParser
import Foundation
import LagebildEngine

/// `lagebild index CORPUS -o FILE [--append]`: analyse a corpus once and save the result as a snapshot file,
/// which `repl`, `query`, `run` and `stats` then open in a fraction of the time.
struct Index: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Analyse a corpus and save it as a snapshot file.",
        discussion: """
            The file holds everything the queries use: documents, paragraphs and sentences, entity mentions, \
            quotes, the entity registry and the index. It is written to a temporary file and renamed into \
            place, so an interrupted save leaves an existing file as it was. With --append, the corpus's \
            documents are added to the snapshot already in the file (documents whose id it has are skipped \
            and listed as problems) and entities are clustered again over all documents.
            """)

    @OptionGroup var options: CorpusOptions

    @Option(name: .shortAndLong, help: "The snapshot file to write.")
    var output: String

    @Flag(name: .long, help: "Add the corpus to the snapshot in the output file instead of replacing it.")
    var append = false

    func run() async throws {
        let snapshot: Snapshot
        if append, FileManager.default.fileExists(atPath: output) {
            snapshot = try await appended()
        } else {
            snapshot = try await Front.load(options)
        }
        let clock = ContinuousClock()
        let start = clock.now
        do {
            try SnapshotFile.save(snapshot, to: output)
        } catch {
            Front.printError("error: \(error)\n")
            throw ExitCode(1)
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: output)[.size] as? Int) ?? 0
        if !options.quiet {
            Front.printError(String(format: "%d documents, %.1f MB of text → %@ (%.1f MB) in %.2f s\n", snapshot.documents.count,
                                    Double(snapshot.stats.bytes) / 1e6, output, Double(size) / 1e6, (clock.now - start).inSeconds))
        }
    }

    /// The saved snapshot with the corpus's new documents added.
    func appended() async throws -> Snapshot {
        let existing: Snapshot
        var items: [CorpusItem]
        do {
            existing = try SnapshotFile.load(output)
            items = try CorpusSource(path: options.corpus ?? Front.defaultCorpus() ?? ".").collect()
        } catch {
            Front.printError("error: \(error)\n")
            throw ExitCode(3)
        }
        let known = Set(existing.documents.map(\.metadata.id))
        var skipped: [CorpusItem] = []
        items = items.filter { item in
            guard case .document(let raw) = item, known.contains(raw.metadata.id) else { return true }
            skipped.append(.problem(LoadProblem(raw.metadata.origin, .skipped, "id '\(raw.metadata.id)' is already in \(output)")))
            return false
        }
        let added = try await AllocatorPolicy.loading {
            try await Ingest.load(items: items + skipped, name: options.corpus ?? "seeds",
                                  options: options.analysis.settings.ingest(workers: options.workers))
        }
        if !options.quiet {
            Front.printError("\(added.documents.count) documents added, \(skipped.count) already in \(output)\n")
        }
        return existing.appending(added)
    }
}
