/// TempEval-3 scores for temporal expressions: strict extent (same span), relaxed extent (overlapping
/// spans, each gold and system expression matched at most once), and, over the relaxed matches, type and
/// value: an attribute counts as correct when the match has the same type (value); its precision is over
/// the system's expressions and its recall over the gold's, as the TempEval-3 scorer reports them.
public struct TimexScore: Sendable, Equatable {
    public struct Counts: Sendable, Equatable {
        public var correct = 0
        public var system = 0
        public var gold = 0

        public var precision: Double { system == 0 ? 0 : Double(correct) / Double(system) }
        public var recall: Double { gold == 0 ? 0 : Double(correct) / Double(gold) }
        public var f1: Double {
            let p = precision, r = recall
            return p + r == 0 ? 0 : 2 * p * r / (p + r)
        }
    }

    public private(set) var strict = Counts()
    public private(set) var relaxed = Counts()
    public private(set) var type = Counts()
    public private(set) var value = Counts()
    public private(set) var documents = 0

    public init() {}

    /// Adds one document's gold and system expressions (same plain text). Empty (non-consuming)
    /// annotations such as `<TIMEX3 … />` have no extent and are not scored, as in TempEval-3.
    public mutating func add(gold: [Timex], system: [Timex]) {
        let gold = gold.filter { !$0.range.isEmpty }, system = system.filter { !$0.range.isEmpty }
        documents += 1
        for counts in [\TimexScore.strict, \.relaxed, \.type, \.value] {
            self[keyPath: counts].gold += gold.count
            self[keyPath: counts].system += system.count
        }
        let goldSpans = Set(gold.map(\.range))
        strict.correct += system.filter { goldSpans.contains($0.range) }.count
        // Relaxed: exact matches first, then overlaps, one-to-one, in text order.
        var usedGold = Set<Int>(), usedSystem = Set<Int>()
        var pairs: [(Int, Int)] = []
        for (s, sys) in system.enumerated() {
            if let g = gold.indices.first(where: { !usedGold.contains($0) && gold[$0].range == sys.range }) {
                usedGold.insert(g)
                usedSystem.insert(s)
                pairs.append((g, s))
            }
        }
        for (s, sys) in system.enumerated() where !usedSystem.contains(s) {
            if let g = gold.indices.first(where: { !usedGold.contains($0) && Self.overlaps(gold[$0].range, sys.range) }) {
                usedGold.insert(g)
                usedSystem.insert(s)
                pairs.append((g, s))
            }
        }
        relaxed.correct += pairs.count
        type.correct += pairs.filter { gold[$0.0].kind == system[$0.1].kind }.count
        value.correct += pairs.filter { gold[$0.0].value == system[$0.1].value }.count
    }

    static func overlaps(_ a: Range<Int>, _ b: Range<Int>) -> Bool { a.overlaps(b) }
}
