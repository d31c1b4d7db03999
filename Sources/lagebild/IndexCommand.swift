import ArgumentParser
import Foundation
import LagebildEngine

/// `lagebild index CORPUS -o FILE`: analyse a corpus once and save the result as a snapshot file, which
/// `repl`, `query`, `run` and `stats` then open in a fraction of the time.
struct Index: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Analyse a corpus and save it as a snapshot file.",
        discussion: """
            The file holds everything the queries use: documents, paragraphs and sentences, entity mentions, \
            quotes, the entity registry and the index. It is written to a temporary file and renamed into \
            place, so an interrupted save leaves an existing file as it was.
            """)

    @OptionGroup var options: CorpusOptions

    @Option(name: .shortAndLong, help: "The snapshot file to write.")
    var output: String

    func run() async throws {
        let snapshot = try await Front.load(options)
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
}
