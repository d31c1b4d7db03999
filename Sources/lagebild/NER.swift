import ArgumentParser
import Foundation
import LagebildEntities

/// `lagebild train ner`, `lagebild tag --conll`, `lagebild eval ner`: the entity tagger's tool chain.
struct Train: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a model.", subcommands: [TrainNER.self])
}

struct Eval: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score a model against gold data.", subcommands: [EvalNER.self, EvalTimex.self, EvalDates.self, EvalGenerated.self])
}

/// Reading tagged files, shared by the commands below.
enum NERFiles {
    static func read(_ path: String, requireTags: Bool = true, foreign: Bool = false) throws -> TaggedCorpus {
        let data = try Front.readFile(path)
        do {
            let corpus = try TaggedCorpus(
                text: String(decoding: data, as: UTF8.self), requireTags: requireTags,
                mapClass: foreign ? TaggedCorpus.foreignClass : nil, skipBadLines: foreign)
            if corpus.skippedLines > 0 { Front.printError("\(path): skipped \(corpus.skippedLines) lines with a missing or unknown tag\n") }
            return corpus
        } catch {
            Front.printError("error: \(path): \(error)\n")
            throw ExitCode(2)
        }
    }

    static func model(_ path: String?) throws -> EntityModel {
        do {
            let clock = ContinuousClock()
            let start = clock.now
            let model = try path.map { path throws(EntityModel.LoadError) in try EntityModel(contentsOf: path) } ?? EntityModel.bundled()
            Front.printError(String(format: "loaded model in %.0f ms\n", (clock.now - start).inSeconds * 1000))
            return model
        } catch {
            Front.printError("error: \(error)\n")
            throw ExitCode(3)
        }
    }

    static func lexicon(_ path: String?) throws -> [Substring]? {
        guard let path else { return nil }
        return String(decoding: try Front.readFile(path, what: "word list"), as: UTF8.self).split(separator: "\n")
    }

    static func names(_ folder: String?) throws -> [(NameList, [Substring])] {
        guard let folder else { return [] }
        return try NameList.allCases.map { list in
            guard let words = try lexicon(folder + "/" + list.rawValue + ".txt") else { return (list, []) }
            return (list, words)
        }
    }

    /// `clusters.tsv` in the names folder (word, tab, cluster path as written by tools/name_lists.py), if there is one.
    static func clusters(_ folder: String?) throws -> [(word: Substring, path: UInt32)] {
        guard let folder, FileManager.default.fileExists(atPath: folder + "/clusters.tsv") else { return [] }
        let path = folder + "/clusters.tsv"
        var out: [(word: Substring, path: UInt32)] = []
        for (number, line) in try lexicon(path)!.enumerated() where !line.isEmpty {
            let fields = line.split(separator: "\t")
            guard fields.count == 2, let cluster = UInt32(fields[1]) else {
                Front.printError("error: \(path):\(number + 1): expected a word, a tab and a cluster number\n")
                throw ExitCode(2)
            }
            out.append((fields[0], cluster))
        }
        let distinct = Set(out.lazy.map(\.path).filter { $0 != 0 }).count
        if distinct > EntityTrainer.maximumClusters {
            Front.printError("error: \(path): \(distinct) distinct clusters; a model holds at most \(EntityTrainer.maximumClusters)\n")
            throw ExitCode(2)
        }
        return out
    }

    static func gazetteer() throws -> CuratedGazetteer {
        do {
            return try CuratedGazetteer.bundled()
        } catch {
            Front.printError("error: \(error)\n")
            throw ExitCode(3)
        }
    }

    static func print(_ score: ChunkScore) {
        var out = "                 gold   pred  correct      P      R     F1\n"
        func line(_ name: String, _ c: ChunkScore.Counts) {
            out += String(format: "%-12@ %7d %6d %8d %6.2f %6.2f %6.2f\n", name as NSString, c.gold, c.predicted, c.correct,
                          100 * c.precision, 100 * c.recall, 100 * c.f1)
        }
        out += "fine (12 classes)\n"
        for c in EntityClass.all { if let counts = score.fine[c] { line("  " + c.description, counts) } }
        line("  all", score.fineTotal)
        out += "coarse (4 classes)\n"
        for t in EntityType.allCases { if let counts = score.coarse[t] { line("  " + t.code, counts) } }
        line("  all", score.coarseTotal)
        Front.printOutput(out)
    }
}

struct TrainNER: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ner",
        abstract: "Train the entity tagger from GermEval 2014 TSV (or two-column CoNLL) files.")

    @Option(name: .long, help: "Training data; repeat for several files.")
    var data: [String]

    @Option(name: .long, help: "More training data from another corpus (Europeana or legal-NER classes are mapped to PER/LOC/ORG/OTH, bad lines skipped); in cross-validation it joins every training fold and is never scored.")
    var extra: [String] = []

    @Option(name: .long, help: "Where to write the model.")
    var out: String?

    @Option(name: .long, help: "A common-word list with its usual capitalisation, one word per line (e.g. /usr/share/dict/ngerman).")
    var lexicon: String?

    @Option(name: .long, help: "A folder with the name lists and word clusters written by tools/name_lists.py (firstnames.txt, surnames.txt, places.txt, …, clusters.tsv).")
    var names: String?

    @Option(name: .long, help: "Training passes over the data.")
    var epochs = 5

    @Option(name: .long, help: "How far the right tag must lead every other for training not to update (0: update on mistakes only).")
    var margin: Float = 10

    @Flag(name: .long, help: "Update by one unit per row (the perceptron) instead of passive-aggressive steps.")
    var fixedSteps = false

    @Option(name: .long, help: "The largest passive-aggressive step (default: none).")
    var stepCap: Float?

    @Option(name: .long, help: "Models trained over different orders of the data, their weights averaged.")
    var runs = 5

    @Option(name: .long, help: "Weight table size as a power of two.")
    var hashBits = 17

    @Option(name: .long, help: "Instead of writing a model, report k-fold cross-validated scores.")
    var crossValidate: Int?

    @OptionGroup var parallel: WorkerOptions

    func validate() throws {
        if data.isEmpty { throw ValidationError("give at least one --data file") }
        if out == nil && crossValidate == nil { throw ValidationError("give --out PATH, or --cross-validate K") }
        if !(10...22).contains(hashBits) { throw ValidationError("--hash-bits must be within 10...22") }
        if runs < 1 { throw ValidationError("--runs must be at least 1") }
        if !(margin >= 0) { throw ValidationError("--margin must be 0 or more") }
        if let stepCap, !(stepCap > 0) { throw ValidationError("--step-cap must be more than 0") }
        if fixedSteps && stepCap != nil { throw ValidationError("--step-cap applies to passive-aggressive steps, not with --fixed-steps") }
    }

    func run() async throws {
        var sentences: [TaggedCorpus.Sentence] = []
        for path in data { sentences += try NERFiles.read(path).sentences }
        var extraSentences: [TaggedCorpus.Sentence] = []
        for path in extra { extraSentences += try NERFiles.read(path, foreign: true).sentences }
        var options = EntityTrainer.Options()
        options.epochs = epochs
        options.hashBits = hashBits
        options.margin = margin
        options.runs = runs
        options.step = fixedSteps ? .fixed : .passiveAggressive(cap: stepCap ?? .infinity)
        let trainer = EntityTrainer(options: options, lexicon: try NERFiles.lexicon(lexicon), gazetteer: try NERFiles.gazetteer(),
                                    names: try NERFiles.names(names), clusters: try NERFiles.clusters(names))
        let tokens = sentences.reduce(0) { $0 + $1.tokens.count }
        Front.printError("training on \(sentences.count) sentences, \(tokens) tokens\n")
        if let k = crossValidate {
            let result = trainer.crossValidate(sentences, extra: extraSentences, folds: k, workers: parallel.workers ?? ProcessInfo.processInfo.activeProcessorCount)
            for (i, fold) in result.perFold.enumerated() {
                Front.printError(String(format: "fold %2d: fine F1 %.2f, coarse F1 %.2f\n", i + 1, 100 * fold.fineTotal.f1, 100 * fold.coarseTotal.f1))
            }
            Front.printOutput("\(k)-fold cross-validation, \(sentences.count) sentences\n")
            NERFiles.print(result.total)
            return
        }
        let clock = ContinuousClock()
        let start = clock.now
        let model = trainer.train(sentences + extraSentences) { run, epoch, accuracy in
            Front.printError(String(format: "run %d/%d, epoch %2d: token accuracy %.4f\n", run, options.runs, epoch, accuracy))
        }
        let bytes = model.serialized()
        do {
            // Written beside the target and renamed over it: a reader never sees half a model.
            let temporary = out! + ".partial"
            try Data(bytes).write(to: URL(fileURLWithPath: temporary))
            guard rename(temporary, out!) == 0 else { throw CocoaError(.fileWriteUnknown) }
        } catch {
            Front.printError("error: cannot write \(out!): \(error.localizedDescription)\n")
            throw ExitCode(2)
        }
        Front.printError(String(format: "wrote %@ (%.1f MB) in %.1f s\n", out! as NSString, Double(bytes.count) / 1e6, (clock.now - start).inSeconds))
    }
}

struct Tag: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Tag a GermEval TSV file: the same file with the tag column replaced by the model's tags.")

    @Option(name: .long, help: "The input file (GermEval TSV or two-column CoNLL).")
    var conll: String

    @Option(name: .long, help: "A model file (default: the bundled model).")
    var model: String?

    @Flag(name: .long, help: "Score every token, also those the tagger would tag O unscored (to measure that shortcut).")
    var scoreAllTokens = false

    func run() async throws {
        let corpus = try NERFiles.read(conll, requireTags: false)
        var tagger = EntityTagger(model: try NERFiles.model(model))
        tagger.scoresCandidatesOnly = !scoreAllTokens
        let tags = corpus.sentences.map { tagger.tag(words: $0.tokens) }
        Front.printOutput(corpus.rendered(with: tags))
    }
}

struct EvalNER: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ner",
        abstract: "Tag a gold GermEval file with a model (or score a tagged copy) and print exact-span P/R/F1, fine and coarse.")

    @Option(name: .long, help: "The gold file.")
    var gold: String

    @Option(name: .long, help: "A tagged copy of the gold file to score instead of running the model.")
    var system: String?

    @Option(name: .long, help: "A model file (default: the bundled model).")
    var model: String?

    @Flag(name: .long, help: "Score every token, also those the tagger would tag O unscored (to measure that shortcut).")
    var scoreAllTokens = false

    func run() async throws {
        let goldCorpus = try NERFiles.read(gold)
        var score = ChunkScore()
        if let system {
            let predicted = try NERFiles.read(system)
            guard predicted.sentences.count == goldCorpus.sentences.count,
                  zip(predicted.sentences, goldCorpus.sentences).allSatisfy({ $0.tokens == $1.tokens })
            else {
                Front.printError("error: \(system) does not have the same sentences and tokens as \(gold)\n")
                throw ExitCode(1)
            }
            for (p, g) in zip(predicted.sentences, goldCorpus.sentences) { score.add(gold: g.tags, predicted: p.tags) }
        } else {
            var tagger = EntityTagger(model: try NERFiles.model(model))
            tagger.scoresCandidatesOnly = !scoreAllTokens
            let clock = ContinuousClock()
            let start = clock.now
            var predicted: [[EntityTag]] = []
            for s in goldCorpus.sentences { predicted.append(tagger.tag(words: s.tokens)) }
            let seconds = (clock.now - start).inSeconds
            for (p, g) in zip(predicted, goldCorpus.sentences) { score.add(gold: g.tags, predicted: p) }
            Front.printError(String(format: "tagged %d tokens in %.3f s (%.0f tokens/s, one core)\n",
                                    goldCorpus.tokenCount, seconds, Double(goldCorpus.tokenCount) / seconds))
        }
        NERFiles.print(score)
    }
}
