import Testing
@testable import LagebildEntities

/// A small synthetic language: persons say things in cities, organisations announce things. The
/// tagger must learn the contexts well enough to tag names it never saw.
private struct SyntheticCorpus {
    static let persons = ["Anna Berg", "Karl Stein", "Mira Holm", "Otto Falk", "Lena Wolf", "Paul Kern", "Rita Haas", "Ben Roth",
                          "Ida Voss", "Tom Lenz", "Eva Marx", "Jan Pohl", "Uwe Brand", "Nina Graf", "Olaf Sieg", "Vera Lang"]
    static let cities = ["Arnsburg", "Beltow", "Corlach", "Dremmen", "Elstadt", "Fennholm", "Garwitz", "Hollfeld"]
    static let orgs = ["Union Nordbank", "Verband Ostwerk", "Bund Elbstahl", "Rat Westfunk"]

    static func sentences(persons: ArraySlice<String>, cities: ArraySlice<String>, orgs: ArraySlice<String>) -> [TaggedCorpus.Sentence] {
        var out: [TaggedCorpus.Sentence] = []
        for (i, person) in persons.enumerated() {
            let city = cities[cities.startIndex + i % cities.count]
            let org = orgs[orgs.startIndex + i % orgs.count]
            var words: [String] = [], tags: [String] = []
            func add(_ text: String, _ type: String?) {
                for (k, w) in text.split(separator: " ").enumerated() {
                    words.append(String(w))
                    tags.append(type.map { (k == 0 ? "B-" : "I-") + $0 } ?? "O")
                }
            }
            add("Am Montag sagte", nil); add(person, "PER"); add("in", nil); add(city, "LOC"); add(", die", nil)
            add(org, "ORG"); add("habe den Vertrag unterzeichnet .", nil)
            out.append(TaggedCorpus.Sentence(tokens: words, tags: tags.map { EntityTag(code: $0)! }, lines: words.indices.map { $0 }))
        }
        return out
    }
}

@Suite struct TrainerTests {
    func trainer() -> EntityTrainer {
        var options = EntityTrainer.Options()
        options.epochs = 8
        options.hashBits = 14
        return EntityTrainer(options: options, lexicon: ["Vertrag", "sagte", "habe", "unterzeichnet", "die", "in"], gazetteer: .empty)
    }

    /// Training sentences with the first names, cities and organisations; test sentences with the others.
    static let train = SyntheticCorpus.sentences(
        persons: SyntheticCorpus.persons[0..<12], cities: SyntheticCorpus.cities[0..<6], orgs: SyntheticCorpus.orgs[0..<3])
    static let test = SyntheticCorpus.sentences(
        persons: SyntheticCorpus.persons[12...], cities: SyntheticCorpus.cities[6...], orgs: SyntheticCorpus.orgs[3...])

    /// How `model` tags the test sentences, whose names it never saw.
    func scoreOnUnseenNames(_ model: EntityModel) -> ChunkScore {
        var tagger = EntityTagger(model: model)
        var score = ChunkScore()
        for s in Self.test { score.add(gold: s.tags, predicted: tagger.tag(words: s.tokens)) }
        return score
    }

    @Test func learnsContextsAndTagsUnseenNames() {
        let score = scoreOnUnseenNames(trainer().train(Self.train + Self.train + Self.train))
        #expect(score.coarseTotal.gold == 12)
        #expect(score.coarseTotal.f1 >= 0.9, "F1 on unseen names: \(score.coarseTotal.f1)")
    }

    @Test func trainingIsReproducible() {
        let data = SyntheticCorpus.sentences(persons: SyntheticCorpus.persons[...], cities: SyntheticCorpus.cities[...], orgs: SyntheticCorpus.orgs[...])
        #expect(trainer().train(data).serialized() == trainer().train(data).serialized())
    }

    /// A passive-aggressive step closes the gap to the margin over the rows (each row moves the gap by
    /// two steps), at most its cap; a right tag already ahead by the margin moves nothing.
    @Test func passiveAggressiveStepsCloseTheGap() {
        let uncapped = EntityTrainer.Step.passiveAggressive(cap: .infinity)
        #expect(uncapped.size(truth: 1, rival: 3, margin: 1, rows: 2) == 0.75)
        #expect(uncapped.size(truth: 5, rival: 3, margin: 1, rows: 2) == 0)
        #expect(EntityTrainer.Step.passiveAggressive(cap: 0.5).size(truth: 1, rival: 3, margin: 1, rows: 2) == 0.5)
        #expect(EntityTrainer.Step.fixed.size(truth: 1, rival: 3, margin: 1, rows: 2) == 1)
        // Both kinds learn the synthetic language.
        var fixed = trainer()
        fixed.options.step = .fixed
        for model in [trainer().train(Self.train + Self.train), fixed.train(Self.train + Self.train)] {
            let score = scoreOnUnseenNames(model)
            #expect(score.coarseTotal.f1 >= 0.9, "F1 on unseen names: \(score.coarseTotal.f1)")
        }
    }
}

@Suite struct ModelFileTests {
    static let model: EntityModel = {
        var options = EntityTrainer.Options()
        options.epochs = 2
        options.hashBits = 10
        let data = SyntheticCorpus.sentences(persons: SyntheticCorpus.persons[...], cities: SyntheticCorpus.cities[...], orgs: SyntheticCorpus.orgs[...])
        return EntityTrainer(options: options, lexicon: ["Vertrag"], gazetteer: .empty).train(data)
    }()

    @Test func roundTripKeepsTheTags() throws {
        let bytes = Self.model.serialized()
        let loaded = try EntityModel(bytes: bytes)
        #expect(loaded.serialized() == bytes)
        let words = ["Am", "Montag", "sagte", "Anna", "Berg", "in", "Arnsburg", "."]
        var a = EntityTagger(model: Self.model), b = EntityTagger(model: loaded)
        #expect(a.tag(words: words) == b.tag(words: words))
    }

    @Test func damagedFilesGiveClearErrors() {
        let bytes = Self.model.serialized()
        #expect(throws: EntityModel.LoadError.notAModel) { try EntityModel(bytes: Array("hello world, not a model".utf8)) }
        #expect(throws: EntityModel.LoadError.truncated(expected: 8, found: 0)) { try EntityModel(bytes: []) }
        var wrongVersion = bytes
        wrongVersion[8] = 99
        #expect(throws: EntityModel.LoadError.unsupportedVersion(found: 99, expected: EntityModel.formatVersion)) {
            try EntityModel(bytes: wrongVersion)
        }
        for cut in [12, 40, bytes.count / 2, bytes.count - 9] {
            #expect(throws: EntityModel.LoadError.self) { try EntityModel(bytes: Array(bytes[..<cut])) }
        }
        var flipped = bytes
        flipped[bytes.count / 2] ^= 0x40
        #expect(throws: EntityModel.LoadError.checksumMismatch) { try EntityModel(bytes: flipped) }
        #expect(throws: EntityModel.LoadError.self) { try EntityModel(contentsOf: "/nonexistent/entities.model") }
    }

    @Test func wordClustersSurviveTheFileAndReachTheFeatures() throws {
        var options = EntityTrainer.Options()
        options.epochs = 1
        options.hashBits = 10
        let clusters: [(word: Substring, path: UInt32)] = [("Anna", 0b1011), ("berg", 0b11), ("Arnsburg", 0b101), ("Corlach", 0b101)]
        let data = SyntheticCorpus.sentences(persons: SyntheticCorpus.persons[...], cities: SyntheticCorpus.cities[...], orgs: SyntheticCorpus.orgs[...])
        let model = EntityTrainer(options: options, lexicon: nil, gazetteer: .empty, clusters: clusters).train(data)
        // Distinct paths in order after "none"; the rest of the 1,024 indices unused.
        #expect(Array(model.tables.clusterPaths.prefix(5)) == [0, 0b11, 0b101, 0b1011, 0])
        #expect(model.tables.clusterPaths.count == TaggerTables.clusterLimit)
        let loaded = try EntityModel(bytes: model.serialized())
        #expect(loaded.tables.clusterPaths == model.tables.clusterPaths)
        #expect(loaded.serialized() == model.serialized())

        let words = ["Anna", "BERG", "Corlach", "Hamburg", "Arnsburg"]
        var bytes: [UInt8] = [], ranges: [Range<Int>] = []
        for w in words {
            let start = bytes.count
            bytes.append(contentsOf: w.utf8)
            ranges.append(start..<bytes.count)
        }
        var extractor = FeatureExtractor(hashBits: 10)
        bytes.withUnsafeBufferPointer { p in
            ranges.withUnsafeBufferPointer { r in extractor.prepare(p, r, tables: loaded.tables, learned: nil) }
        }
        // Looked up by the lower-cased form, whatever the capitalisation; a word without a cluster has 0.
        #expect(extractor.infos.map(\.cluster) == [0b1011, 0b11, 0b101, 0, 0b101])
        // Two words of one cluster share their cluster rows, a word of another cluster does not.
        let clusterRows = { (i: Int) in Set(extractor.features[extractor.staticRows(i)].filter { row in
            FeatureExtractor.clusterPrefixes.contains { extractor.row(.clusterPrefix, UInt64($0) << 32 | UInt64(extractor.infos[i].cluster & (1 << $0 - 1))) == row }
        }) }
        #expect(clusterRows(2).count == FeatureExtractor.clusterPrefixes.count)
        #expect(clusterRows(2) == clusterRows(4))
        #expect(clusterRows(0).isDisjoint(with: clusterRows(2)))
        #expect(clusterRows(3).isEmpty)
    }

    @Test func bundledModelLoadsAndTagsTheSeedsOpening() throws {
        let model = try EntityModel.bundled()
        var tagger = EntityTagger(model: model)
        let tags = tagger.tag(words: ["US-Verteidigungsminister", "Pete", "Hegseth", "traf", "den", "chinesischen", "Verteidigungsminister", "."])
        #expect(tags.map(\.description) == ["B-LOCpart", "B-PER", "I-PER", "O", "O", "B-LOCderiv", "O", "O"])
    }
}

@Suite struct GazetteerTests {
    @Test func wordsAreLookedUpAsUnicodeLowerCasesThem() throws {
        let gazetteer = try CuratedGazetteer.bundled()
        var looked = 0
        for entry in gazetteer.entries where !entry.surface.contains(" ") {
            for word in [entry.surface, entry.surface.uppercased(), entry.surface.capitalized, entry.surface + "x", "Ö" + entry.surface] {
                #expect(gazetteer.entries(for: word) == gazetteer.entries(lowerCasing: word), "\(word)")
                looked += 1
            }
        }
        #expect(looked > 1000)
        // Letters beyond Latin-1 take Unicode's lower-casing (ẞ → ß); spaces are never one word.
        #expect(CuratedGazetteer.key(ofPlainWord: "STRAẞE".utf8) == nil)
        #expect(CuratedGazetteer.key(ofPlainWord: "ÄGYPTEN".utf8) == CuratedGazetteer.key(ofPlainWord: "ägypten".utf8))
        #expect(CuratedGazetteer.key(ofPlainWord: "ÄGYPTEN".utf8) == EntityTrainer.wordKey("ägypten"))
        #expect(gazetteer.entries(for: "Peking Moskau").isEmpty)
        #expect(gazetteer.entries(for: "ÄGYPTEN").first?.canonical == "Ägypten")
    }

    @Test func bundledListsParseAndExpandAdjectives() throws {
        let gazetteer = try CuratedGazetteer.bundled()
        #expect(gazetteer.entries(for: "chinesischen").map(\.canonical) == ["China"])
        #expect(gazetteer.entries(for: "Peking").first?.kind == "capital")
        #expect(gazetteer.entries(for: "Moskau").first?.canonical == "Russland")
        #expect(gazetteer.entries(for: "ASEAN").first?.entityClass == EntityClass(.organisation))
        let words = ["vom", "German", "Marshall", "Fund", "in", "Washington"]
        let match = gazetteer.phrase(in: words, at: 1)
        #expect(match?.length == 3)
        #expect(match?.entry.canonical == "German Marshall Fund")
        #expect(gazetteer.phrase(in: words, at: 0) == nil)
    }

    @Test func badLinesAreReportedWithTheirNumber() {
        #expect(throws: CuratedGazetteer.ParseError.self) { try CuratedGazetteer(tsv: "China\tLOC\tChina\tcountry\nFoo\tBAR\tFoo\tx\n") }
        do {
            _ = try CuratedGazetteer(tsv: "# comment\nChina\tLOC\n")
        } catch {
            #expect(error.line == 2)
        }
    }
}
