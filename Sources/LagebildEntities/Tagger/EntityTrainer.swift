import Dispatch
import Synchronization

/// Trains the tagger: averaged passive-aggressive updates (a perceptron that moves each time just far
/// enough) over hashed features with a margin, decoded greedily left to right with the tags already
/// predicted as history (so training sees its own mistakes, as tagging will).
///
/// The learned gazetteer is built fold-wise: the gazetteer features of a training sentence come from
/// a gazetteer of the *other* parts of the training data, so the model learns how far a gazetteer
/// hit can be trusted for words it has not seen tagged, instead of trusting it blindly.
public struct EntityTrainer: Sendable {
    public struct Options: Sendable {
        public var epochs = 5
        public var hashBits = 17
        public var seed: UInt64 = 1
        public var gazetteerFolds = 5
        /// A right tag must beat every other allowed tag by this much, or it counts as a mistake against
        /// the runner-up. Updating on narrow wins as well as on losses spreads the weight over more
        /// features: with fixed steps, 10-fold cross-validated coarse F1 67.79 at 0, 68.78 at 10 (in units
        /// of one step of one row; docs/QUALITY.md). With uncapped passive-aggressive steps any positive
        /// margin trains the same model, only scaled.
        public var margin: Float = 10
        /// How far one update moves the weights.
        public var step = Step.passiveAggressive(cap: .infinity)
        /// Models trained over different orders of the data whose weights are averaged (fixed steps:
        /// 1 → 68.78, 3 → 69.01, 5 → 69.31, 10 → 69.29 cross-validated coarse F1; passive-aggressive:
        /// 1 → 70.95, 5 → 71.04; docs/QUALITY.md).
        public var runs = 5

        public init() {}
    }

    /// How far an update moves each of the rows that scored a token.
    public enum Step: Sendable, Equatable {
        /// One unit towards the right tag and one away from the rival (the perceptron).
        case fixed
        /// Just far enough that the right tag would have won by the margin, at most `cap` (PA-I, Crammer
        /// et al., "Online Passive-Aggressive Algorithms", JMLR 2006): a near miss moves the weights a
        /// little, a confident mistake a lot. Cross-validated coarse F1 69.40 → 71.04 (docs/QUALITY.md).
        case passiveAggressive(cap: Float)

        /// The step for an update of `rows` rows when the right tag scored `truth` and the rival `rival`.
        @inline(__always)
        func size(truth: Float, rival: Float, margin: Float, rows: Int) -> Float {
            switch self {
            case .fixed: return 1
            case .passiveAggressive(let cap):
                // The update changes the score gap by 2 × step per row.
                return min(cap, max(0, margin + rival - truth) / Float(2 * max(1, rows)))
            }
        }
    }

    public var options: Options
    let tables: TaggerTables

    /// `lexicon`: a list of common words with their usual capitalisation (one per line, e.g. Debian's
    /// `ngerman`), or nil. `gazetteer`: the curated name list (defaults to the bundled one).
    /// `names`: lists of first names, surnames and places (see `NameList`), one word per line.
    /// `clusters`: words with their distributional (Brown) cluster, the bit path read from the lowest
    /// bit up; at most `maximumClusters` distinct clusters.
    public init(
        options: Options = Options(), lexicon: [Substring]?, gazetteer: CuratedGazetteer,
        names: [(NameList, [Substring])] = [], clusters: [(word: Substring, path: UInt32)] = []
    ) {
        self.options = options
        var table = gazetteer.classTable
        for word in lexicon ?? [] where !word.isEmpty {
            let key = Self.wordKey(word)
            let bit = word.first!.isUppercase ? Lexicon.capitalisedEntry : Lexicon.lowerEntry
            table[key] = table[key] | bit << TaggerTables.lexiconShift
        }
        for (list, words) in names {
            for word in words where !word.isEmpty {
                let key = Self.wordKey(word)
                table[key] = table[key] | list.bit
            }
        }
        let paths = Set(clusters.lazy.map(\.path).filter { $0 != 0 }).sorted()
        precondition(paths.count <= Self.maximumClusters, "\(paths.count) distinct clusters, at most \(Self.maximumClusters)")
        let indexOf = Dictionary(uniqueKeysWithValues: paths.enumerated().map { ($1, UInt32($0 + 1)) })
        for (word, path) in clusters where !word.isEmpty && path != 0 {
            let key = Self.wordKey(word)
            table[key] = table[key] & ~(~0 << TaggerTables.clusterShift) | indexOf[path]! << TaggerTables.clusterShift
        }
        tables = TaggerTables(words: table, clusterPaths: paths)
    }

    /// The distinct clusters a model can hold (the word table keeps a cluster's index in 10 bits).
    public static let maximumClusters = TaggerTables.clusterLimit - 1

    static func wordKey(_ word: some StringProtocol) -> UInt64 {
        var lower: [UInt8] = []
        let bytes = Array(word.utf8)
        return bytes.withUnsafeBufferPointer { p in
            ByteCase.lower(p, 0..<p.count, into: &lower)
            return lower.withUnsafeBufferPointer { FeatureHash.bytes($0, 0..<$0.count) }
        }
    }

    /// A sentence as the trainer holds it: the words' bytes, their ranges, their keys and gold tags.
    struct Example {
        var bytes: [UInt8] = []
        var ranges: [Range<Int>] = []
        var keys: [UInt64] = []
        var gold: [UInt8] = []

        init(_ sentence: TaggedCorpus.Sentence) {
            for word in sentence.tokens {
                let start = bytes.count
                bytes.append(contentsOf: word.utf8)
                ranges.append(start..<bytes.count)
                keys.append(EntityTrainer.wordKey(word))
            }
            gold = sentence.tags.map(\.rawValue)
        }
    }

    /// Trains on `sentences`: `options.runs` averaged models, each over its own order of the
    /// sentences, whose weights are averaged. `progress` hears after each epoch (run, epoch, token
    /// accuracy on the training data).
    public func train(_ sentences: [TaggedCorpus.Sentence], progress: (Int, Int, Double) -> Void = { _, _, _ in }) -> EntityModel {
        let examples = sentences.map(Example.init)
        let parts = max(2, options.gazetteerFolds)
        let partOf = examples.indices.map { $0 * parts / max(1, examples.count) }
        let partGazetteers = (0..<parts).map { part in
            LearnedGazetteer.build(examples.indices.lazy.filter { partOf[$0] != part }.map {
                (words: examples[$0].keys, tags: examples[$0].gold.map(EntityTag.init(rawValue:)))
            })
        }
        let gazetteers = examples.indices.map { partGazetteers[partOf[$0]] }
        let runs = max(1, options.runs)
        var weights = [Float](repeating: 0, count: (1 << options.hashBits) * EntityTag.count)
        for run in 0..<runs {
            let averaged = averagedRun(examples, gazetteers: gazetteers, seed: options.seed &+ UInt64(run)) { progress(run + 1, $0, $1) }
            for k in weights.indices { weights[k] += averaged[k] / Float(runs) }
        }
        let learned = LearnedGazetteer.build(examples.map { (words: $0.keys, tags: $0.gold.map(EntityTag.init(rawValue:))) })
        return EntityModel(hashBits: options.hashBits, weights: weights, tables: tables, learned: learned)
    }

    /// One averaged model over `examples` in an order shuffled by `seed`; `gazetteers[k]` is the
    /// learned gazetteer that example `k` sees. Returns the averaged weights.
    private func averagedRun(
        _ examples: [Example], gazetteers: [HashTable], seed: UInt64, progress: (Int, Double) -> Void
    ) -> [Float] {
        let margin = options.margin
        let rows = 1 << options.hashBits, n = EntityTag.count
        var weights = [Float](repeating: 0, count: rows * n)
        var totals = [Double](repeating: 0, count: rows * n)
        var clock = 1.0
        var extractor = FeatureExtractor(hashBits: options.hashBits)
        var scores = [Float](repeating: 0, count: n)
        var active: [UInt32] = []
        var order = Array(examples.indices)
        var random = SplitMix(seed: seed)
        for epoch in 1...options.epochs {
            order.shuffle(using: &random)
            var correct = 0, seen = 0
            for index in order {
                let example = examples[index]
                example.bytes.withUnsafeBufferPointer { p in
                    example.ranges.withUnsafeBufferPointer { r in
                        extractor.prepare(p, r, tables: tables, learned: gazetteers[index])
                    }
                }
                var previous: UInt8 = 0, beforePrevious: UInt8 = 0
                for i in 0..<example.gold.count {
                    let guess = weights.withUnsafeBufferPointer { w in
                        scores.withUnsafeMutableBufferPointer { s in
                            GreedyDecoder.best(i, extractor: extractor, weights: w, previous: previous, beforePrevious: beforePrevious, scores: s)
                        }
                    }
                    let truth = example.gold[i]
                    if guess == truth { correct += 1 }
                    // The tag to update against: the guess when it is wrong, else a runner-up within the margin.
                    let rival = guess != truth ? guess
                        : Self.runnerUp(to: truth, scores: scores, after: previous, within: margin)
                    if let rival {
                        GreedyDecoder.rows(i, extractor: extractor, previous: previous, beforePrevious: beforePrevious, into: &active)
                        let step = options.step.size(truth: scores[Int(truth)], rival: scores[Int(rival)], margin: margin, rows: active.count)
                        let weighted = clock * Double(step)
                        for row in active {
                            let base = Int(row) * n
                            weights[base + Int(truth)] += step
                            weights[base + Int(rival)] -= step
                            totals[base + Int(truth)] += weighted
                            totals[base + Int(rival)] -= weighted
                        }
                    }
                    seen += 1
                    clock += 1
                    beforePrevious = previous
                    previous = guess
                }
            }
            progress(epoch, seen == 0 ? 0 : Double(correct) / Double(seen))
        }
        for k in weights.indices { weights[k] -= Float(totals[k] / clock) }
        return weights
    }

    /// The best-scoring allowed tag other than `truth` (the decoder's own choice with `truth` left out)
    /// if it comes within `margin` of it, else nil.
    static func runnerUp(to truth: UInt8, scores: [Float], after previous: UInt8, within margin: Float) -> UInt8? {
        guard margin > 0 else { return nil }
        let best = GreedyDecoder.choose(after: previous, lowest: -Float.infinity) { $0 == Int(truth) ? -Float.infinity : scores[$0] }
        return scores[Int(truth)] - scores[Int(best)] < margin ? best : nil
    }

    /// k-fold cross-validation over contiguous blocks of sentences: each block is tagged by a model
    /// trained on the others. Folds run in parallel on up to `workers` threads.
    public func crossValidate(
        _ sentences: [TaggedCorpus.Sentence], extra: [TaggedCorpus.Sentence] = [], folds: Int, workers: Int
    ) -> (total: ChunkScore, perFold: [ChunkScore]) {
        let foldOf = sentences.indices.map { $0 * folds / max(1, sentences.count) }
        let results = ResultSlots<ChunkScore>(count: folds)
        let semaphore = DispatchSemaphore(value: max(1, workers))
        DispatchQueue.concurrentPerform(iterations: folds) { fold in
            semaphore.wait()
            defer { semaphore.signal() }
            let train = sentences.indices.filter { foldOf[$0] != fold }.map { sentences[$0] } + extra
            let model = self.train(train)
            var tagger = EntityTagger(model: model)
            var score = ChunkScore()
            for s in sentences.indices where foldOf[s] == fold {
                score.add(gold: sentences[s].tags, predicted: tagger.tag(words: sentences[s].tokens))
            }
            results[fold] = score
        }
        let perFold = results.values.map { $0 ?? ChunkScore() }
        var total = ChunkScore()
        for s in perFold { total.merge(s) }
        return (total, perFold)
    }
}

/// Word lists that become tagger features: bits above the twelve class bits of the curated gazetteer.
public enum NameList: String, CaseIterable, Sendable {
    case firstNames = "firstnames", surnames, places, nouns, toponyms, properNames = "propernames"

    /// The list's bit in the word table. Part of the model format: never renumber.
    var bit: UInt32 {
        let index: UInt32 = switch self {
        case .firstNames: 0
        case .surnames: 1
        case .places: 2
        case .nouns: 3
        case .toponyms: 4
        case .properNames: 5
        }
        return 1 << (TaggerTables.nameListShift + index)
    }
}

/// SplitMix64: a small seeded generator, so that training is reproducible.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        return FeatureHash.mix(state &- 0x9e37_79b9_7f4a_7c15)
    }
}

/// Slots that parallel workers fill by index.
final class ResultSlots<Value: Sendable>: Sendable {
    private let slots: Mutex<[Value?]>
    init(count: Int) { slots = Mutex(Array(repeating: nil, count: count)) }
    subscript(i: Int) -> Value? {
        get { slots.withLock { $0[i] } }
        set { slots.withLock { $0[i] = newValue } }
    }
    var values: [Value?] { slots.withLock { $0 } }
}
