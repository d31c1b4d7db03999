import Testing
@testable import LagebildEntities

@Suite struct EntityTagTests {
    @Test func everyTagPrintsAndParsesBack() {
        for raw in 0..<EntityTag.count {
            let tag = EntityTag(rawValue: UInt8(raw))
            #expect(EntityTag(code: tag.description) == tag)
        }
        #expect(EntityTag(code: "B-LOCderiv") == .begin(EntityClass(.location, .derived)))
        #expect(EntityTag(code: "I-ORGpart") == .inside(EntityClass(.organisation, .part)))
        #expect(EntityTag(code: "B-XYZ") == nil)
        #expect(EntityTag(code: "E-PER") == nil)
    }

    @Test func insideOnlyContinuesItsOwnClass() {
        let per = EntityClass(.person)
        #expect(EntityTag.inside(per).canFollow(.begin(per)))
        #expect(EntityTag.inside(per).canFollow(.inside(per)))
        #expect(!EntityTag.inside(per).canFollow(.outside))
        #expect(!EntityTag.inside(per).canFollow(.begin(EntityClass(.location))))
        #expect(EntityTag.begin(per).canFollow(.outside))
    }

    @Test func chunksAreReadLikeConlleval() {
        let tags = ["B-PER", "I-PER", "O", "I-LOC", "I-LOC", "B-LOC", "B-ORG", "I-PER"].map { EntityTag(code: $0)! }
        let spans = EntitySpan.chunks(tags).map { "\($0.entityClass)@\($0.start)-\($0.end)" }
        #expect(spans == ["PER@0-2", "LOC@3-5", "LOC@5-6", "ORG@6-7", "PER@7-8"])
    }
}

@Suite struct ChunkScoreTests {
    @Test func fineAndCoarseCountExactSpans() {
        let gold = ["B-PER", "I-PER", "O", "B-LOC", "O", "B-ORG"].map { EntityTag(code: $0)! }
        let predicted = ["B-PER", "O", "O", "B-LOCderiv", "O", "B-ORG"].map { EntityTag(code: $0)! }
        var score = ChunkScore()
        score.add(gold: gold, predicted: predicted)
        // Fine: only ORG is right. Coarse: ORG and the LOC span (LOCderiv counts as LOC).
        #expect(score.fineTotal == ChunkScore.Counts(gold: 3, predicted: 3, correct: 1))
        #expect(score.coarseTotal == ChunkScore.Counts(gold: 3, predicted: 3, correct: 2))
        #expect(score.coarse[.location]?.correct == 1)
        #expect(score.fine[EntityClass(.location, .derived)]?.predicted == 1)
        #expect(abs(score.coarseTotal.f1 - 2.0 / 3.0) < 1e-9)
        var merged = ChunkScore()
        merged.merge(score)
        merged.merge(score)
        #expect(merged.coarseTotal == ChunkScore.Counts(gold: 6, predicted: 6, correct: 4))
    }
}

@Suite struct TaggedCorpusTests {
    let germEval = """
        #\thttp://example.org/a\t[2010-01-01]
        1\tPete\tB-PER\tO
        2\tHegseth\tI-PER\tO
        3\tsprach\tO\tO

        #\thttp://example.org/b
        1\tin\tO\tO
        2\tPeking\tB-LOC\tO

        """

    @Test func readsSentencesAndKeepsEveryOtherLine() throws {
        let corpus = try TaggedCorpus(text: germEval)
        #expect(corpus.format == .germEval)
        #expect(corpus.sentences.map(\.tokens) == [["Pete", "Hegseth", "sprach"], ["in", "Peking"]])
        #expect(corpus.sentences[1].tags == [.outside, .begin(EntityClass(.location))])
        let retagged = corpus.rendered(with: [[.outside, .outside, .outside], [.outside, .begin(EntityClass(.organisation))]])
        #expect(retagged == germEval
            .replacingOccurrences(of: "B-PER", with: "O").replacingOccurrences(of: "I-PER", with: "O")
            .replacingOccurrences(of: "B-LOC", with: "B-ORG"))
    }

    @Test func unknownTagIsReportedWithItsLine() {
        #expect(throws: TaggedCorpus.ParseError.self) { try TaggedCorpus(text: "1\tPete\tB-PER\tO\n2\tX\tB-FOO\tO\n") }
        do {
            _ = try TaggedCorpus(text: "1\tPete\tB-PER\tO\n2\tX\tB-FOO\tO\n")
        } catch {
            #expect(error.line == 2)
            #expect(error.description.contains("B-FOO"))
        }
        // Without required tags (for tagging) the same file reads.
        #expect((try? TaggedCorpus(text: "1\tPete\n2\tX\tB-FOO\n", requireTags: false))?.tokenCount == 2)
    }

    @Test func foreignClassesAreMappedAndBadLinesSkipped() throws {
        let text = "Richter B-RR\nam O\nBundesgerichtshof B-GRT\nin O\nKarlsruhe B-ST\nfoo ???\n. O\n"
        let corpus = try TaggedCorpus(text: text, mapClass: TaggedCorpus.foreignClass, skipBadLines: true)
        #expect(corpus.format == .conll)
        #expect(corpus.skippedLines == 1)
        #expect(corpus.sentences[0].tags.map(\.description) == ["B-PER", "O", "B-ORG", "O", "B-LOC", "O"])
    }

    @Test func windowsLineEndsReadLikeUnixOnes() throws {
        let unix = "Richter B-RR\nam O\n\nKarlsruhe B-ST\n. O\n"
        let windows = unix.replacingOccurrences(of: "\n", with: "\r\n")
        let a = try TaggedCorpus(text: unix, mapClass: TaggedCorpus.foreignClass, skipBadLines: true)
        let b = try TaggedCorpus(text: windows, mapClass: TaggedCorpus.foreignClass, skipBadLines: true)
        #expect(b.sentences.map(\.tokens) == [["Richter", "am"], ["Karlsruhe", "."]])
        #expect(b.sentences.map(\.tokens) == a.sentences.map(\.tokens) && b.skippedLines == 0)
        #expect(try TaggedCorpus(text: germEval.replacingOccurrences(of: "\n", with: "\r\n")).sentences.map(\.tokens)
            == [["Pete", "Hegseth", "sprach"], ["in", "Peking"]])
    }
}

/// The tagger's two shortcuts: words that cannot start a chunk are tagged `O` unscored after an `O`,
/// and the sums of a word's own rows are cached.
@Suite struct TaggerShortcutTests {
    static let model = try! EntityModel.bundled()

    static let sentences: [[String]] = [
        "US-Verteidigungsminister Pete Hegseth traf am Freitag in Kuala Lumpur seinen chinesischen Kollegen Dong Jun .",
        "Die Gespräche zwischen den beiden Ministern fanden am Rande eines Treffens der ASEAN-Staaten statt .",
        "Das Institut für Wirtschaftsforschung in Halle erwartet ein schwaches Wachstum .",
        "Der chinesische Verteidigungsminister Admiral Dong Jun sprach von einem „ konstruktiven “ Treffen .",
        "Hegseth sagte , die USA suchten keinen Konflikt mit China .",
        "Nach Angaben der Deutschen Presse-Agentur reiste Bundeskanzler Friedrich Merz nach Washington .",
        "Die Kritik der Bank of America und von Ludwig van Beethoven .",
    ].map { $0.split(separator: " ").map(String.init) }

    @Test func cachedWordSumsGiveTheSameTagsInAnyOrder() {
        var forward = EntityTagger(model: Self.model)
        let first = Self.sentences.map { forward.tag(words: $0) }
        // The same tagger again (every word now cached), and a fresh one in reverse order.
        let again = Self.sentences.map { forward.tag(words: $0) }
        var backward = EntityTagger(model: Self.model)
        let reversed = Array(Self.sentences.reversed().map { backward.tag(words: $0) }.reversed())
        #expect(first == again)
        #expect(first == reversed)
    }

    @Test func cachedDescriptionsGiveTheSameTokensAndTags() {
        var cached = EntityTagger(model: Self.model)
        var fresh = EntityTagger(model: Self.model, cachesDescriptions: false)
        // Twice over: the second time every form of up to 16 bytes is a hit. The words are packed one after
        // the other, so the last ones of a sentence sit within 16 bytes of its end (keys read byte by byte),
        // and some are longer than 16 bytes (never cached).
        for _ in 0..<2 {
            for words in Self.sentences {
                #expect(cached.tag(words: words) == fresh.tag(words: words), "\(words.joined(separator: " "))")
                #expect(cached.lastTokens == fresh.lastTokens, "\(words.joined(separator: " "))")
            }
        }
        // Quotation state is the sentence's, not the form's: the same words in and out of quotes.
        let quoted = "Er sagte „ Dong Jun kommt “ und Dong Jun kam .".split(separator: " ").map(String.init)
        _ = cached.tag(words: quoted)
        let inQuote = cached.lastTokens.map(\.inQuote)
        #expect(inQuote == [false, false, false, true, true, true, false, false, false, false, false, false])
    }

    /// The words' bytes one after the other, and each word's range among them.
    static func packed(_ words: [String]) -> (bytes: [UInt8], ranges: [Range<Int>]) {
        var bytes: [UInt8] = [], ranges: [Range<Int>] = []
        for word in words {
            let start = bytes.count
            bytes.append(contentsOf: word.utf8)
            ranges.append(start..<bytes.count)
        }
        return (bytes, ranges)
    }

    /// Tags by every token's whole set of rows (`FeatureExtractor.prepare`: the trainer's), summed afresh:
    /// no shortcut, no cached sum.
    static func referenceTags(_ words: [String]) -> [EntityTag] {
        let (bytes, ranges) = packed(words)
        var extractor = FeatureExtractor(hashBits: model.hashBits)
        var tags: [EntityTag] = []
        bytes.withUnsafeBufferPointer { p in
            ranges.withUnsafeBufferPointer { r in extractor.prepare(p, r, tables: model.tables, learned: model.learned) }
        }
        var previous: UInt8 = 0, beforePrevious: UInt8 = 0
        model.weights.withUnsafeBufferPointer { w in
            for i in words.indices {
                let tag = GreedyDecoder.best(i, rows: extractor.staticRows(i), extractor: extractor, weights: w,
                                             previous: previous, beforePrevious: beforePrevious)
                tags.append(EntityTag(rawValue: tag))
                beforePrevious = previous
                previous = tag
            }
        }
        EntityTagger.joinAdjacentPersons(&tags, from: 0)
        return tags
    }

    @Test func cachedSumsGiveTheTagsOfEveryRowSummedAfresh() {
        var tagger = EntityTagger(model: Self.model)
        tagger.scoresCandidatesOnly = false
        let reference = Self.sentences.map(Self.referenceTags)
        // Twice: cold caches, then every word's own and neighbour sums cached.
        for _ in 0..<2 {
            #expect(Self.sentences.map { tagger.tag(words: $0) } == reference)
        }
        // Not a comparison of two empty results: the reference finds the names.
        #expect(reference[0].filter { $0.description.hasPrefix("B-PER") }.count == 2)
    }

    @Test func rowSumsAreTheWeightsSummedTagByTag() {
        let model = Self.model
        var extractor = FeatureExtractor(hashBits: model.hashBits)
        let bytes = Array("Hegseth".utf8)
        [0..<bytes.count].withUnsafeBufferPointer { r in
            bytes.withUnsafeBufferPointer { extractor.describeTokens($0, r, tables: model.tables, learned: model.learned) }
            bytes.withUnsafeBufferPointer { extractor.appendWordRows(0, $0, 0..<bytes.count) }
        }
        let rows = extractor.features
        #expect(rows.count >= 10)
        let sums = model.weights.withUnsafeBufferPointer { GreedyDecoder.RowSums(rows: 0..<rows.count, extractor: extractor, weights: $0) }
        var negative = 0, positive = 0
        for t in 0..<EntityTag.count {
            let expected = rows.reduce(Int32(0)) { $0 + Int32(model.weights[Int($1) * EntityTag.count + t]) }
            #expect(sums[t] == expected, "tag \(t)")
            if expected < 0 { negative += 1 } else if expected > 0 { positive += 1 }
        }
        // Both signs occur, so sign extension of the low and high halves is exercised.
        #expect(negative > 0 && positive > 0)
        // The very last row of the table is read within it.
        let last = UInt32((1 << model.hashBits) - 1)
        var lastRow = GreedyDecoder.RowSums()
        model.weights.withUnsafeBufferPointer { lastRow.add(last, UnsafeRawPointer($0.baseAddress!)) }
        #expect((0..<EntityTag.count).allSatisfy { lastRow[$0] == Int32(model.weights[Int(last) * EntityTag.count + $0]) })
    }

    @Test func rowSumChoiceAgreesWithTagByTagChoice() {
        // Scores from a narrow range, so that ties (the first tag wins) are common; every previous tag.
        var generator = SystemRandomNumberGenerator()
        var choices = Set<UInt8>()
        for round in 0..<4_000 {
            var sums = GreedyDecoder.RowSums()
            let spread: Int32 = round % 2 == 0 ? 3 : 1_000_000
            for t in 0..<16 { sums.a[t] = Int32.random(in: -spread...spread, using: &generator) }
            for t in 0..<8 { sums.b[t] = Int32.random(in: -spread...spread, using: &generator) }
            sums.c = Int32.random(in: -spread...spread, using: &generator)
            if round % 7 == 0 { sums.c = Int32.max }  // I-LOCpart... wins only after its own chunk
            if round % 11 == 0 { sums.a = SIMD16(repeating: .min); sums.b = SIMD8(repeating: .min); sums.c = .min }
            let previous = UInt8(round % EntityTag.count)
            let expected = GreedyDecoder.choose(after: previous, lowest: Int32.min) { sums[$0] }
            let chosen = GreedyDecoder.choose(after: previous, sums)
            #expect(chosen == expected, "previous \(previous), sums \(sums.a) \(sums.b) \(sums.c)")
            #expect(EntityTag(rawValue: chosen).canFollow(EntityTag(rawValue: previous)))
            choices.insert(chosen)
        }
        // Not only O: B tags, and I tags after their own B, were chosen too.
        #expect(choices.contains { $0 % 2 == 1 } && choices.contains { $0 != 0 && $0 % 2 == 0 } && choices.contains(24))
    }

    @Test func contextRowGroupsMakeUpTheWholeInTheSameOrder() {
        let words = "Der Minister traf in Berlin die Minister aus Paris .".split(separator: " ").map(String.init)
        let (bytes, ranges) = Self.packed(words)
        var extractor = FeatureExtractor(hashBits: Self.model.hashBits)
        bytes.withUnsafeBufferPointer { p in
            ranges.withUnsafeBufferPointer { r in
                extractor.describeTokens(p, r, tables: Self.model.tables, learned: Self.model.learned)
            }
        }
        func rows(_ i: Int, _ groups: FeatureExtractor.ContextRows) -> [UInt32] {
            let start = extractor.features.count
            extractor.appendContextRows(i, groups)
            return Array(extractor.features[start...])
        }
        for i in words.indices {
            let all = rows(i, .all), pair = rows(i, .pair), previous = rows(i, .previous), next = rows(i, .next)
            #expect(all.count == pair.count + previous.count + next.count)
            #expect(all.sorted() == (pair + previous + next).sorted())
            // The groups keep the whole's order (the trainer's float sums depend on it).
            #expect(all.filter(Set(pair).contains) == pair)
            #expect(previous.count >= 5 && next.count >= 5)
        }
        // A neighbour's rows follow the neighbour alone (what the tagger caches by word): the same after
        // either "Minister", and before it; others after another word and at the sentence's ends.
        #expect(rows(2, .previous) == rows(7, .previous))
        #expect(rows(0, .next) == rows(5, .next))
        #expect(rows(2, .previous) != rows(3, .previous))
        #expect(rows(0, .previous) != rows(1, .previous) && rows(9, .next) != rows(8, .next))
    }

    @Test func shortcutKeepsTheTagsOfTheseSentences() {
        var fast = EntityTagger(model: Self.model)
        var full = EntityTagger(model: Self.model)
        full.scoresCandidatesOnly = false
        for words in Self.sentences {
            let tags = fast.tag(words: words)
            #expect(tags == full.tag(words: words), "\(words.joined(separator: " "))")
        }
        // The shortcut still finds the lower-case derived adjective, and chunks continued by lower-case words.
        let tags = fast.tag(words: Self.sentences[0])
        #expect(tags[10].description == "B-LOCderiv")
        let continued = fast.tag(words: Self.sentences[6]).map(\.description)
        #expect(Array(continued[3...5]) == ["B-ORG", "I-ORG", "I-ORG"])
        #expect(Array(continued[8...10]) == ["B-PER", "I-PER", "I-PER"])
    }

    @Test func candidatesAreWhatCanStartAChunk() {
        func ends(_ word: String) -> Bool {
            let bytes = Array(word.utf8)
            return bytes.withUnsafeBufferPointer { FeatureExtractor.endsLikeDerivedAdjective($0, 0..<bytes.count) }
        }
        #expect(ends("chinesischen") && ends("russisch") && ends("amerikanische") && ends("europäisches"))
        #expect(ends("deutsch") && ends("ostdeutschen") && ends("westdeutsche"))
        #expect(!ends("tisch") && !ends("sagte") && !ends("isch") && !ends("chinesin") && !ends("rutsch") && !ends("deutung"))
    }
}

@Suite struct TaggerRuleTests {
    @Test func adjacentPersonChunksJoinWithinASentenceOnly() {
        let codes = ["B-PER", "B-PER", "O", "B-PER", "I-PER", "B-PER", "B-LOC", "B-PER"]
        // The first tag belongs to an earlier sentence: "from" starts after it.
        var tags = ["B-PER"].map { EntityTag(code: $0)! } + codes.map { EntityTag(code: $0)! }
        EntityTagger.joinAdjacentPersons(&tags, from: 1)
        #expect(tags.map(\.description) == ["B-PER", "B-PER", "I-PER", "O", "B-PER", "I-PER", "I-PER", "B-LOC", "B-PER"])
    }
}
