import Foundation
import LagebildTestSupport
import Testing

/// Runs the built `lagebild` binary with piped standard input, as a script or a user at a shell would.
struct CLITests {
    struct Run {
        var status: Int32
        var output: String
        var errors: String
    }

    static var binary: URL {
        let debug = TestSupport.packageRoot.appendingPathComponent(".build/debug/lagebild")
        if FileManager.default.fileExists(atPath: debug.path) { return debug }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("lagebild")
    }

    static func run(_ arguments: [String], input: String = "") throws -> Run {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = TestSupport.packageRoot
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: String(decoding: out, as: UTF8.self),
                   errors: String(decoding: err, as: UTF8.self))
    }

    @Test func pipedSearchListsTheHegsethSeeds() throws {
        let run = try Self.run([], input: "search Hegseth\n")
        #expect(run.status == 0)
        for id in ["000_1eabfec19528a7cd", "001_2166f1dc4096c1be", "003_250dc7872a1166fe"] {
            #expect(run.output.contains(id))
        }
        #expect(!run.output.contains("002_"))
        #expect(!run.output.contains("004_"))
        #expect(!run.output.contains("lagebild>"))
    }

    @Test func statsReportsTheSeeds() throws {
        let run = try Self.run(["stats", "seeds", "--format", "csv"])
        #expect(run.status == 0)
        #expect(run.output.contains("documents,5\r\n"))
        #expect(run.output.contains("paragraphs: boilerplate,11\r\n"))
        #expect(run.output.contains("paragraphs: credit,4\r\n"))
    }

    @Test func queryCommandPrintsJSON() throws {
        let run = try Self.run(["query", "seeds", "search Beloussow", "--format", "json"])
        #expect(run.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any]
        #expect(object?["kind"] as? String == "search")
        let rows = object?["rows"] as? [[String: Any]]
        #expect(rows?.count == 1)
        #expect(rows?.first?["doc"] as? String == "004_583620a462e61755")
    }

    /// Every result kind of docs/QUERY.md prints JSON that parses, with the documented columns.
    @Test(arguments: [
        ("search Hegseth", "search", ["doc", "score", "date", "title", "snippet"]),
        ("docs", "docs", ["doc", "date", "source", "lang", "paragraphs", "tokens", "title"]),
        ("kwic \"Dong Jun\" width 20", "kwic", ["doc", "left", "match", "right"]),
        ("facets", "facets", ["facet", "value", "docs"]),
        ("similar 001", "similar", ["doc", "score", "date", "title", "shared"]),
        ("show 002", "show", ["#", "role", "lang", "text"]),
        ("entities PER top 3", "entities", ["entity", "type", "mentions", "docs", "in", "as"]),
        ("entity Dong Jun", "entity", ["field", "value"]),
        ("cooccur Hegseth top 3", "cooccur", ["with", "entity", "type", "sentences", "docs"]),
        ("quotes Glaser", "quotes", ["doc", "speaker", "quote"]),
        ("dates 000", "dates", ["#", "expression", "type", "value", "sentence"]),
        ("timeline Hegseth", "timeline", ["when", "start", "end", "certainty", "event", "participants", "place", "sources", "summary"]),
        ("graph PER top 5", "graph", ["source", "target", "sentences", "docs"]),
        ("stats", "stats", ["metric", "value"]),
        ("problems", "problems", ["origin", "severity", "reason"]),
        ("help", "help", ["command", "syntax", "summary"]),
    ])
    func everyResultKindIsValidJSON(query: String, kind: String, columns: [String]) throws {
        let run = try Self.run(["query", "seeds", query, "--format", "json"])
        #expect(run.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        #expect(object["kind"] as? String == kind)
        #expect((object["columns"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == columns)
        for row in object["rows"] as? [[String: Any]] ?? [] { #expect(Set(row.keys) == Set(columns)) }
    }

    @Test func metaCommandsAndErrors() throws {
        let script = """
            .mode csv
            docs limit 2
            serch Hegseth
            search "Hegseth AND
            .mode nonsense
            .quit
            stats
            """
        let run = try Self.run([], input: script + "\n")
        #expect(run.status == 1)
        #expect(run.output.hasPrefix("doc,date,source,lang,paragraphs,tokens,title\r\n000_1eabfec19528a7cd,"))
        #expect(run.errors.contains("<stdin>:3:1: error: unknown command 'serch'"))
        #expect(run.errors.contains("did you mean 'search'?"))
        #expect(run.errors.contains("<stdin>:4:8: error: unterminated phrase"))
        #expect(run.errors.contains("usage: .mode"))
        #expect(!run.output.contains("metric"))  // nothing after .quit ran
    }

    @Test func missingCorpusExitsWithThree() throws {
        let run = try Self.run(["stats", "/nonexistent/corpus"])
        #expect(run.status == 3)
        #expect(run.errors.contains("no corpus at '/nonexistent/corpus'"))
    }

    @Test func helpDocumentsExitCodes() throws {
        let run = try Self.run(["--help"])
        #expect(run.status == 0)
        #expect(run.output.contains("Exit codes: 0 ok, 1 a query failed, 2 a script could not be read, 3 the corpus"))
        let usage = try Self.run(["stats", "--no-such-option"])
        #expect(usage.status == 64)
    }

    @Test func runExecutesAScriptAndStopsOnRequest() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = dir.appendingPathComponent("q.lq")
        try Data("# seeds\nsearch Beloussow\nserch x\ndocs limit 1\n".utf8).write(to: script)
        let all = try Self.run(["run", "seeds", script.path, "--format", "jsonl"])
        #expect(all.status == 1)
        #expect(all.output.split(separator: "\n").count == 2)  // one search hit, one document
        #expect(all.errors.contains("q.lq:3:1: error: unknown command 'serch'"))
        let fast = try Self.run(["run", "seeds", script.path, "--format", "jsonl", "--fail-fast"])
        #expect(fast.status == 1)
        #expect(fast.output.split(separator: "\n").count == 1)  // stopped before docs
        let piped = try Self.run(["run", "seeds", "-", "--format", "csv"], input: "stats\n")
        #expect(piped.status == 0)
        #expect(piped.output.contains("documents,5\r\n"))
        #expect(try Self.run(["run", "seeds", "/nonexistent/script"]).status == 2)
    }

    @Test func multiLineQueriesReadAndOutput() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let outFile = dir.appendingPathComponent("out.csv")
        let readFile = dir.appendingPathComponent("more.lq")
        try Data("search Beloussow\n".utf8).write(to: readFile)
        let script = """
            .mode csv
            search "Südchinesisches
              Meer"
            search Peking |
              search Blinken
            .output \(outFile.path)
            docs limit 1
            .output
            .read \(readFile.path)
            """
        let run = try Self.run([], input: script + "\n")
        #expect(run.status == 0, "\(run.errors)")
        let ids = run.output.split(separator: "\r\n").compactMap { line -> String? in
            let id = line.split(separator: ",").first.map(String.init) ?? ""
            return id.count > 4 && id.hasPrefix("00") ? String(id.prefix(3)) : nil
        }
        // The phrase over two lines (000, 001, 003), the pipe over two lines (002), then .read (004).
        #expect(Set(ids.prefix(3)) == ["000", "001", "003"])
        #expect(Array(ids.dropFirst(3)) == ["002", "004"])
        let written = try String(contentsOf: outFile, encoding: .utf8)
        #expect(written.hasPrefix("doc,date,source,lang,paragraphs,tokens,title\r\n000_1eabfec19528a7cd,"))
        #expect(!run.output.contains("paragraphs,tokens,title"))  // docs went to the file only
    }

    @Test func benchReportsEveryWorkerCount() throws {
        let run = try Self.run(["bench", "seeds", "--workers", "1,2", "--runs", "1", "--format", "csv", "--queries", "20"])
        #expect(run.status == 0)
        let lines = run.output.split(separator: "\r\n").map(String.init)
        #expect(lines.first?.hasPrefix("workers,wall ms,MB/s,docs/s,tokens/s,speed-up,efficiency") == true)
        #expect(lines.dropFirst().map { $0.split(separator: ",").first.map(String.init) }
            == ["1", "2", "query", "term", "phrase", "and", "or", "prefix"])
        // Speed-up of the first row is 1 by definition.
        #expect(lines.count == 9 && lines[1].split(separator: ",")[5] == "1.000")
        // Twenty queries of each kind, drawn from the corpus, so they find documents (at least one on average).
        for line in lines.suffix(5) {
            let fields = line.split(separator: ",")
            #expect(fields[1] == "20" && Double(fields[5])! >= 1, "\(line)")
        }
        #expect(try Self.run(["bench", "seeds", "--workers", "x"]).status == 64)
    }

    @Test func indexedSnapshotAnswersLikeTheCorpusAndSurvivesAKilledSave() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("seeds.lgb").path
        let indexed = try Self.run(["index", "seeds", "-o", file])
        #expect(indexed.status == 0)
        #expect(indexed.errors.contains("5 documents"))
        for query in ["search \"Südchinesisches Meer\"", "entity Dong Jun", "quotes Glaser"] {
            let fromCorpus = try Self.run(["query", "seeds", query, "--format", "json"])
            let fromFile = try Self.run(["query", file, query, "--format", "json"])
            #expect(fromFile.status == 0 && fromFile.output == fromCorpus.output, "\(query)")
        }
        // Appending the same corpus adds nothing: every id is known; the problems say so.
        let again = try Self.run(["index", "seeds", "-o", file, "--append"])
        #expect(again.status == 0 && again.errors.contains("0 documents added, 5 already in"))
        let problems = try Self.run(["query", file, "problems", "--format", "csv"])
        #expect(problems.output.contains("is already in"))
        #expect(try Self.run(["query", file, "docs", "--format", "csv"]).output.split(separator: "\r\n").count == 6)
        let before = try Data(contentsOf: URL(fileURLWithPath: file))
        // kill -9 while a second save is between writing its temporary file and renaming it.
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = ["index", "seeds", "-o", file, "--no-entities"]
        process.currentDirectoryURL = TestSupport.packageRoot
        process.environment = ProcessInfo.processInfo.environment.merging(["LAGEBILD_TEST_PAUSE_BEFORE_RENAME": "30"]) { $1 }
        process.standardError = FileHandle.nullDevice
        try process.run()
        var temporary: String? = nil
        for _ in 0..<600 where temporary == nil {
            usleep(50_000)
            temporary = try FileManager.default.contentsOfDirectory(atPath: dir.path).first { $0.contains(".tmp-") }
        }
        #expect(temporary != nil)
        usleep(200_000)  // let the temporary file be completely written
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == before)
        let after = try Self.run(["query", file, "search Taiwan", "--format", "csv"])
        #expect(after.status == 0 && after.output.contains("001_2166f1dc4096c1be"))
        // A damaged file is refused with its reason and exit code 3.
        var damaged = before
        damaged[damaged.count / 2] ^= 1
        try damaged.write(to: URL(fileURLWithPath: file))
        let refused = try Self.run(["query", file, "stats"])
        #expect(refused.status == 3 && refused.errors.contains("is damaged: its checksum does not match its contents"))
    }

    // MARK: - a real terminal (a pseudo-terminal driven by tools/pty_drive.py)

    static let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Runs the REPL in a pseudo-terminal through `steps` (send keys, expect text); the session's output
    /// without control sequences, and whether every expectation was met.
    static func terminal(_ arguments: [String], steps: [[String: Any]], home: URL) throws -> (output: String, ok: Bool) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python!)
        let script = TestSupport.packageRoot.appendingPathComponent("tools/pty_drive.py").path
        let json = String(decoding: try JSONSerialization.data(withJSONObject: steps), as: UTF8.self)
        process.arguments = [script, json, "--", binary.path] + arguments
        process.currentDirectoryURL = TestSupport.packageRoot
        process.environment = ProcessInfo.processInfo.environment.merging(["HOME": home.path, "NO_COLOR": "1"]) { $1 }
        let stdout = Pipe()
        process.standardOutput = stdout
        try process.run()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: out, as: UTF8.self), process.terminationStatus == 0)
    }

    @Test(.enabled(if: python != nil, "needs python3 for the pseudo-terminal"))
    func tabCompletesAnEntityNameInATerminal() throws {
        let home = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let (output, ok) = try Self.terminal(["repl", "seeds"], steps: [
            ["expect": "lagebild> "], ["send": "entity Dong J\t"], ["expect": "entity Dong Jun "],
            ["send": "\r"], ["expect": "rank +│ Admiral"], ["send": "search person:Heg\t"],
            // "person:Heg" alone names nobody: three documents found prove it was completed to Pete Hegseth.
            ["send": "\r"], ["expect": "3 matching documents"], ["send": ".quit\r"],
        ], home: home)
        #expect(ok, "\(output)")
        // History is kept in the (temporary) home folder, without duplicates.
        let history = try String(contentsOf: home.appendingPathComponent(".lagebild_history"), encoding: .utf8)
        #expect(history.replacingOccurrences(of: "\\040", with: " ").contains("entity Dong Jun"))
    }

    @Test(.enabled(if: python != nil, "needs python3 for the pseudo-terminal"))
    func ctrlCAtTheContinuationPromptDropsTheOpenQuery() throws {
        let home = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let (output, ok) = try Self.terminal(["repl", "seeds"], steps: [
            ["expect": "lagebild> "], ["send": "search (\r"], ["expect": "\\.\\.\\.> "],
            // Ctrl-C shows ^C and returns to the main prompt; the next line is a query of its own. Keys are
            // typed apart, as by a person: a ^C that reached the terminal before libedit had it in raw
            // mode would be the terminal's own interrupt, which discards what was typed ahead.
            ["sleep": 0.5], ["send": "Taiwan"], ["sleep": 0.3], ["send": "\u{3}"], ["expect": "Taiwan\\^C"],
            ["expect": "lagebild> "],
            ["send": "entity Dong Jun\r"], ["expect": "rank +│ Admiral"], ["send": ".quit\r"],
        ], home: home)
        #expect(ok, "\(output)")
        #expect(!output.contains("error"), "\(output)")
        // The dropped lines are not history.
        let history = try String(contentsOf: home.appendingPathComponent(".lagebild_history"), encoding: .utf8)
        #expect(!history.contains("search") && history.replacingOccurrences(of: "\\040", with: " ").contains("entity Dong Jun"))
    }

    @Test(.enabled(if: python != nil, "needs python3 for the pseudo-terminal"))
    func ctrlCCancelsALongQueryAndTheSessionGoesOn() throws {
        let home = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        // 1,500 copies of the seeds: their events merge into a few timeline entries of 1,500 sources
        // each, and checking every new source against an entry's others keeps a debug build busy for
        // many seconds, far longer than the test waits before pressing Ctrl-C.
        var lines = ""
        let texts = try TestSupport.seedFiles().map { try String(contentsOf: $0, encoding: .utf8) }
        for k in 0..<1500 {
            let object: [String: String] = ["id": "d\(k)", "text": texts[k % texts.count]]
            lines += String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self) + "\n"
        }
        let corpus = home.appendingPathComponent("big.jsonl")
        try Data(lines.utf8).write(to: corpus)
        let started = ContinuousClock().now
        let (output, ok) = try Self.terminal(["repl", corpus.path], steps: [
            ["expect": "lagebild> ", "timeout": 180], ["send": "timeline\r"], ["expect": "timeline"],
            ["sleep": 1],  // the query is running (at the prompt, Ctrl-C only clears the line)
            ["send": "\u{3}"], ["expect": "query cancelled", "timeout": 20], ["expect": "lagebild> "],
            ["send": "docs limit 1\r"], ["expect": "1500 documents|d0", "timeout": 20], ["send": ".quit\r"],
        ], home: home)
        #expect(ok, "\(output)")
        #expect(!output.contains("Fatal error"))
        // Cancelled, not finished: the whole timeline would take tens of seconds more.
        #expect(ContinuousClock().now - started < .seconds(200))
    }

    /// Every command of docs/QUERY.md runs in every output format: exit 0 and output of that format.
    @Test func everyCommandInEveryFormat() throws {
        let commands = ["search \"Südchinesisches Meer\" NOT Taiwan", "docs where person:Hegseth", "kwic Dong width 20", "similar 001",
                        "show 002", "entities PER top 3", "entity Dong Jun", "cooccur Hegseth top 3", "quotes Glaser", "dates 000",
                        "timeline Hegseth", "graph PER top 5", "facets top 2", "stats", "problems", "help search",
                        "search Peking | entities PER top 3"]
        let script = TestSupport.packageRoot.appendingPathComponent(".build/every-command.lq")
        try Data(commands.joined(separator: "\n").utf8).write(to: script)
        defer { try? FileManager.default.removeItem(at: script) }
        for format in ["table", "json", "jsonl", "csv", "markdown"] {
            let run = try Self.run(["run", "seeds", script.path, "--format", format])
            #expect(run.status == 0, "\(format): \(run.errors)")
            switch format {
            case "json":
                // One JSON object per command, each parsing on its own.
                let objects = run.output.components(separatedBy: "\n{\"kind\"").count
                #expect(objects == commands.count, "\(objects)")
            case "table": #expect(run.output.components(separatedBy: "┌").count - 1 >= commands.count - 2)
            case "markdown": #expect(run.output.contains("| --- |") || run.output.contains("|---|"))
            default: #expect(!run.output.isEmpty)
            }
        }
    }

    /// The meta commands through a pipe: .help, .timer, .width, .mode, .output to a file and back, .save
    /// and .open of a snapshot, .read of a script.
    @Test func metaCommandsThroughAPipe() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out.md").path, saved = dir.appendingPathComponent("s.lgb").path
        let inner = dir.appendingPathComponent("inner.lq")
        try Data("search Beloussow\n".utf8).write(to: inner)
        let script = """
            .help kwic
            .timer on
            .width 80
            docs limit 1
            .timer off
            .mode markdown
            .output \(out)
            docs limit 2
            .output
            .save \(saved)
            .open \(saved)
            .mode csv
            .read \(inner.path)
            """
        let run = try Self.run(["seeds"], input: script + "\n")
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("kwic <word|\"phrase\"> [width N] [limit N]"))
        #expect(run.errors.contains("Run time:") && run.errors.contains("ms, 1 rows"))
        // .width 80: the table of the first docs is cut to 80 columns.
        #expect(run.output.split(separator: "\n").contains { $0.hasPrefix("┌") && DisplayWidthProbe.columns(String($0)) == 80 })
        let written = try String(contentsOfFile: out, encoding: .utf8)
        #expect(written.hasPrefix("| doc | date |") && written.contains("| 001_2166f1dc4096c1be |"))
        #expect(!run.output.contains("| 001_2166f1dc4096c1be |"))  // only in the file
        #expect(run.errors.contains("saved 5 documents to \(saved)") && run.errors.contains("loaded 5 documents from \(saved)"))
        #expect(run.output.contains("004_583620a462e61755,"))  // the .read script's search, as CSV
    }
}

/// Terminal columns of box-drawing lines (one column per character here).
enum DisplayWidthProbe {
    static func columns(_ line: String) -> Int { line.count }
}
