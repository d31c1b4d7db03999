import ArgumentParser
import Foundation
import LagebildTime

/// `lagebild eval timex --gold DIR --system DIR`: TempEval-3 scores of TimeML files.
struct EvalTimex: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timex",
        abstract: "Score TimeML files against gold ones (same file names): strict and relaxed extent, type and value.")

    @Option(name: .long, help: "A folder of gold .tml files.")
    var gold: String

    @Option(name: .long, help: "A folder of system .tml files with the same names.")
    var system: String

    func run() async throws {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: gold).filter({ $0.hasSuffix(".tml") }).sorted(), !names.isEmpty else {
            Front.printError("error: no .tml files in \(gold)\n")
            throw ExitCode(2)
        }
        var score = TimexScore()
        var missing: [String] = []
        for name in names {
            let g = try read(gold + "/" + name)
            guard fm.fileExists(atPath: system + "/" + name) else {
                missing.append(name)
                score.add(gold: g.timexes, system: [])
                continue
            }
            let s = try read(system + "/" + name)
            guard s.text == g.text else {
                Front.printError("error: \(system)/\(name): the text differs from the gold file's\n")
                throw ExitCode(1)
            }
            score.add(gold: g.timexes, system: s.timexes)
        }
        if !missing.isEmpty {
            Front.printError("\(missing.count) gold files have no system file (counted as finding nothing): \(missing.prefix(3).joined(separator: ", "))\n")
        }
        var out = "\(score.documents) documents, \(score.relaxed.gold) gold and \(score.relaxed.system) system expressions\n"
        out += "                    P      R     F1\n"
        for (name, counts) in [("strict extent", score.strict), ("relaxed extent", score.relaxed), ("type", score.type), ("value", score.value)] {
            out += String(format: "%-15@ %6.2f %6.2f %6.2f\n", name as NSString, 100 * counts.precision, 100 * counts.recall, 100 * counts.f1)
        }
        Front.printOutput(out)
    }

    func read(_ path: String) throws -> TimeMLDocument {
        guard let data = FileManager.default.contents(atPath: path) else {
            Front.printError("error: cannot read \(path)\n")
            throw ExitCode(2)
        }
        do {
            return try TimeMLDocument(bytes: [UInt8](data))
        } catch {
            Front.printError("error: \(path): \(error)\n")
            throw ExitCode(2)
        }
    }
}
