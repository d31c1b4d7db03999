/// What the tagger knows about one token, computed once per sentence.
struct TokenInfo: Equatable {
    /// Hash of the lower-cased form.
    var word: UInt64 = 0
    var shape: UInt64 = 0
    /// Hash of the last three lower-cased bytes (the neighbours' features use it; the other affixes are
    /// hashed only for tokens that are scored).
    var suffix3: UInt64 = 0
    /// The lower-cased parts before the first and after the last inner hyphen ("us", "verteidigungsminister"); 0 without one.
    var head: UInt64 = 0
    var tail: UInt64 = 0
    var capitalisation: Capitalisation = .other
    /// `Lexicon` bits of the lower-cased form.
    var lexicon: UInt8 = 0
    var length: UInt8 = 0
    /// Learned gazetteer value (see `LearnedGazetteer`), 0 when unseen.
    var learned: UInt32 = 0
    /// Curated gazetteer classes: bit `c` for class index `c`.
    var curated: UInt32 = 0
    /// Curated classes of the part after the last hyphen and before the first one.
    var curatedHead: UInt32 = 0
    /// The word's distributional cluster as a bit path read from the lowest bit up (see
    /// `TaggerTables.clusterPaths`), 0 when the word has none.
    var cluster: UInt32 = 0
    /// The clusters of the parts before the first and after the last inner hyphen (0 without one).
    var headCluster: UInt32 = 0
    var tailCluster: UInt32 = 0
    /// A quotation mark.
    var isQuote = false
    /// Between two quotation marks of the sentence (the only fact that depends on the token's place).
    var inQuote = false
    /// Whether the tagger scores the token even after an `O` (see `FeatureExtractor.isCandidate`).
    var candidate = false
}

enum Capitalisation: UInt8 {
    case lower, initial, upper, mixed, digits, other
}

/// Bits of the common-word lexicon: whether a lower-case and a capitalised entry exist for a word.
enum Lexicon {
    static let lowerEntry: UInt32 = 1
    static let capitalisedEntry: UInt32 = 2
}

/// The feature templates. Their raw values salt the hashes and so are part of the model format:
/// append, never renumber, and raise `EntityModel.formatVersion` when the set changes.
enum Template: UInt64 {
    case bias = 1, word, prevWord, nextWord, prevWord2, nextWord2
    case shape, prevShapeShape, shapeNextShape
    case suffix2, suffix3, suffix4, suffix5, prefix2, prefix3, prefix4
    case capLexStart, prevCapLex, nextCapLex
    case bigramLeft, bigramRight
    case hyphenHead, hyphenTail
    case learnedClass, learnedSeen, prevLearned, nextLearned
    case curatedClass, curatedHead, prevCurated, nextCurated
    case capTrigram, lengthCap
    case prevTag, prevTags, prevTagWord, prevTagShape, prevTagCapLex
    case prevWordSuffix3, nextWordCap
    case quoteCap, prevNameLists2, nextNameLists2, prevSuffix3, nextSuffix3
    case clusterPrefix, prevCluster, nextCluster, prevClusterPrefix, nextClusterPrefix, hyphenClusters
}

/// Turns a sentence into weight-table rows: the static features of every token, and the ones that
/// depend on the tags already chosen.
struct FeatureExtractor {
    let hashBits: Int
    private(set) var infos: [TokenInfo] = []
    /// After `prepare` (every token), the static features of token `i` are
    /// `features[offsets[i] ..< offsets[i + 1]]`; after `describeTokens` the tagger appends rows itself.
    private(set) var features: [UInt32] = []
    private(set) var offsets: [Int] = []
    /// The lower-cased bytes of one token (scratch).
    private var lowered: [UInt8] = []
    /// Descriptions of recent forms (the tagger's; the trainer changes the learned gazetteer between
    /// folds and describes every token afresh).
    private var cache: DescriptionCache?
    /// Scratch of `describeTokens`: the tokens whose description is not cached, their cache keys.
    private var pending: [Int] = []
    private var pendingKeys: [DescriptionCache.Key?] = []

    init(hashBits: Int, cacheBits: Int? = nil) {
        self.hashBits = hashBits
        cache = cacheBits.map { DescriptionCache(bits: $0) }
    }

    @inline(__always)
    func row(_ template: Template, _ value: UInt64) -> UInt32 { Self.row(template, value, hashBits: hashBits) }

    @inline(__always)
    static func row(_ template: Template, _ value: UInt64, hashBits: Int) -> UInt32 {
        UInt32(truncatingIfNeeded: FeatureHash.mix(value ^ (template.rawValue &* 0xff51_afd7_ed55_8ccd)) >> UInt64(64 - hashBits))
    }

    /// Rows gathered on the stack for one token (see `appendRows`).
    struct RowWriter {
        let buffer: UnsafeMutableBufferPointer<UInt32>
        let hashBits: Int
        var count = 0

        @inline(__always)
        mutating func callAsFunction(_ template: Template, _ value: UInt64) {
            precondition(count < buffer.count)
            buffer[count] = FeatureExtractor.row(template, value, hashBits: hashBits)
            count += 1
        }
    }

    /// Runs `body` with a writer of up to `limit` rows on the stack, then appends what it wrote to
    /// `features`: one uniqueness and capacity check of the array for a token's rows, not one per row.
    @inline(__always)
    private mutating func appendRows(upTo limit: Int, _ body: (inout Self, inout RowWriter) -> Void) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: limit) { buffer in
            var writer = RowWriter(buffer: buffer, hashBits: hashBits)
            body(&self, &writer)
            features.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<writer.count]))
        }
    }

    /// Computes the token facts and static features of one sentence (the trainer's path: every token).
    mutating func prepare(
        _ p: UnsafeBufferPointer<UInt8>, _ ranges: UnsafeBufferPointer<Range<Int>>, tables: borrowing TaggerTables,
        learned: HashTable?
    ) {
        describeTokens(p, ranges, tables: tables, learned: learned)
        for i in infos.indices {
            offsets.append(features.count)
            appendStaticRows(i, p, ranges[i])
        }
        offsets.append(features.count)
    }

    /// Computes the token facts of one sentence and clears the features; `appendStaticRows` then adds
    /// the rows of the tokens that are scored.
    mutating func describeTokens(
        _ p: UnsafeBufferPointer<UInt8>, _ ranges: UnsafeBufferPointer<Range<Int>>, tables: borrowing TaggerTables,
        learned: HashTable?
    ) {
        infos.removeAll(keepingCapacity: true)
        pending.removeAll(keepingCapacity: true)
        pendingKeys.removeAll(keepingCapacity: true)
        // Three passes, because the tables are larger than the processor's caches and every lookup would
        // wait on memory: the first asks for the cached descriptions' entries, the second takes those it
        // finds and describes the other tokens from their bytes, asking for their word-table slots, the
        // third looks those up (by then on their way or arrived) and caches the result.
        if let cache {
            for range in ranges {
                let key = cache.key(p, range)
                if let key { cache.prefetch(key) }
                pendingKeys.append(key)
            }
        }
        for (k, range) in ranges.enumerated() {
            if let key = pendingKeys.isEmpty ? nil : pendingKeys[k], let info = cache?.value(key) {
                infos.append(info)
                continue
            }
            var info = describe(p, range)
            tables.words.prefetch(info.word)
            learned?.prefetch(info.word)
            info.isQuote = Self.isQuoteMark(p, range)
            infos.append(info)
            pending.append(k)
        }
        for k in pending {
            let range = ranges[k]
            var info = infos[k]
            let facts = tables.words[info.word]
            info.lexicon = UInt8(truncatingIfNeeded: facts >> TaggerTables.lexiconShift & 3)
            info.curated = facts & TaggerTables.classMask
            if info.head != 0 {
                let head = tables.words[info.head], tail = tables.words[info.tail]
                info.curatedHead = (head | tail) & TaggerTables.classMask
                info.headCluster = tables.cluster(of: head)
                info.tailCluster = tables.cluster(of: tail)
            }
            info.cluster = tables.cluster(of: facts)
            if let learned { info.learned = learned[info.word] }
            info.candidate = Self.isCandidate(info, p, range)
            infos[k] = info
            if !pendingKeys.isEmpty, let key = pendingKeys[k] { cache?.store(info, for: key) }
        }
        // The words between two quotation marks; an unclosed mark opens nothing.
        var open = false
        for k in infos.indices {
            if infos[k].isQuote { open.toggle() } else { infos[k].inQuote = open }
        }
        if open, let last = infos.lastIndex(where: \.isQuote) { for k in last..<infos.count { infos[k].inQuote = false } }
        features.removeAll(keepingCapacity: true)
        offsets.removeAll(keepingCapacity: true)
    }

    /// Whether a token can start a chunk: anything but a lower-case word or punctuation, or a lower-case
    /// word that the curated gazetteer knows, that the training data saw in chunks at least a third of
    /// the times it saw it, or that ends like a derived adjective ("-isch", "-ische", …: "chinesischen");
    /// a capitalised word only when a list knows it or the training data did not see it at least twice,
    /// always outside chunks. The tagger tags the others `O` without scoring them unless they follow a
    /// chunk (which they may continue: "Institut für …").
    ///
    /// A lower-case word that only the name lists know (as a surname or first name: "mann", "will") or
    /// that the training data saw in a chunk now and then ("der", "von" inside names) starts none: on
    /// FANG-COVID such words were two fifths of the scored tokens, and leaving them out changed the
    /// cross-validated F1 by 0.01 and the entities of 2,000 articles by 22 of 92,245 mentions.
    @inline(__always)
    static func isCandidate(_ info: TokenInfo, _ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        switch info.capitalisation {
        case .initial:
            // Not a word that the training data saw twice or more and never in a chunk, and that no list
            // knows: mostly German nouns ("Regierung", "Menschen") and sentence-initial words.
            return info.curated != 0 || info.learned & LearnedGazetteer.bandMask != 0
                || info.learned >> LearnedGazetteer.seenShift < 2
        case .upper, .mixed, .digits: return true
        case .other: return false
        case .lower:
            if info.curated & TaggerTables.gazetteerMask != 0 || LearnedGazetteer.strongest(info.learned) & 3 >= 2 { return true }
            return Self.endsLikeDerivedAdjective(p, range)
        }
    }

    /// "-isch", "-ische", "-ischen", "-ischer", "-isches", "-ischem" after at least two bytes of stem, and
    /// "deutsch" with the same endings ("ostdeutschen": its "-sch" has no "i").
    static func endsLikeDerivedAdjective(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        var end = range.upperBound
        if end - range.lowerBound >= 7 {
            let last = p[end - 1]
            if last == 0x65 { end -= 1 } // e
            else if last == 0x6E || last == 0x72 || last == 0x73 || last == 0x6D, p[end - 2] == 0x65 { end -= 2 } // en er es em
        }
        guard end - range.lowerBound >= 6, p[end - 3] == 0x73 && p[end - 2] == 0x63 && p[end - 1] == 0x68 else { return false }
        if p[end - 4] == 0x69 { return true }
        return end - range.lowerBound >= 7 && Self.deutsch.indices.allSatisfy { p[end - 7 + $0] == Self.deutsch[$0] }
    }

    private static let deutsch = Array("deutsch".utf8)

    /// The static rows of token `i` after `prepare`.
    @inline(__always)
    func staticRows(_ i: Int) -> Range<Int> { offsets[i]..<offsets[i + 1] }

    /// Appends the static feature rows of token `i` (at `range` of `p`) to `features`: those of its word,
    /// then those of its context.
    mutating func appendStaticRows(_ i: Int, _ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
        appendWordRows(i, p, range)
        appendContextRows(i)
    }

    /// A key for everything `appendWordRows` reads of a token, and what its neighbours' `.previous` and
    /// `.next` context rows read of it: its lower-cased form, shape, capitalisation and length (the
    /// tables' facts and the suffix follow from the form). Always odd (a cache may use even keys for
    /// itself).
    @inline(__always)
    func wordKey(_ i: Int) -> UInt64 {
        let t = infos[i]
        return FeatureHash.mix(FeatureHash.combine(t.word, t.shape) ^ UInt64(t.capitalisation.rawValue) << 8 ^ UInt64(t.length)) | 1
    }

    /// The rows that depend on the token alone (at `range` of `p`), not on its position or neighbours
    /// (so that a tagger may keep their sum per word).
    mutating func appendWordRows(_ i: Int, _ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
        // At most 21 rows, 12 learned bands and 20 + 20 curated classes.
        appendRows(upTo: 80) { this, add in this.writeWordRows(i, p, range, &add) }
    }

    @inline(__always)
    private mutating func writeWordRows(_ i: Int, _ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ add: inout RowWriter) {
        let t = infos[i]
        add(.bias, 0)
        add(.word, t.word)
        add(.shape, t.shape)
        ByteCase.lower(p, range, into: &lowered)
        lowered.withUnsafeBufferPointer { l in
            let n = l.count
            add(.suffix2, FeatureHash.bytes(l, max(0, n - 2)..<n))
            add(.suffix3, t.suffix3)
            add(.suffix4, FeatureHash.bytes(l, max(0, n - 4)..<n))
            add(.suffix5, FeatureHash.bytes(l, max(0, n - 5)..<n))
            add(.prefix2, FeatureHash.bytes(l, 0..<min(n, 2)))
            add(.prefix3, FeatureHash.bytes(l, 0..<min(n, 3)))
            add(.prefix4, FeatureHash.bytes(l, 0..<min(n, 4)))
        }
        if t.head != 0 {
            add(.hyphenHead, t.head)
            add(.hyphenTail, t.tail)
            // Both parts' clusters, and each alone ("US-" + a cluster of offices; "Merkel-" + any noun).
            add(.hyphenClusters, UInt64(t.headCluster) << 32 | UInt64(t.tailCluster))
            add(.hyphenClusters, 1 << 63 | UInt64(t.tailCluster))
            add(.hyphenClusters, 1 << 62 | UInt64(t.headCluster))
        }
        add(.lengthCap, UInt64(min(t.length, 12)) << 8 | UInt64(t.capitalisation.rawValue))
        if t.cluster == 0 {
            // One row for "no cluster" (mostly rare words and names), not one per prefix length.
            add(.clusterPrefix, 0)
        } else {
            for bits in Self.clusterPrefixes {
                add(.clusterPrefix, UInt64(bits) << 32 | UInt64(t.cluster & (1 << bits - 1)))
            }
        }
        let seen = t.learned >> LearnedGazetteer.seenShift
        add(.learnedSeen, UInt64(seen) << 8 | UInt64(t.capitalisation.rawValue))
        var bands = t.learned & LearnedGazetteer.bandMask
        var c: UInt64 = 0
        while bands != 0 {
            let band = bands & 3
            if band != 0 { add(.learnedClass, c << 8 | UInt64(band) << 4 | UInt64(seen)) }
            bands >>= 2
            c += 1
        }
        var classes = t.curated
        c = 0
        while classes != 0 {
            if classes & 1 != 0 { add(.curatedClass, c << 8 | UInt64(t.capitalisation.rawValue)) }
            classes >>= 1
            c += 1
        }
        classes = t.curatedHead
        c = 0
        while classes != 0 {
            if classes & 1 != 0 { add(.curatedHead, c) }
            classes >>= 1
            c += 1
        }
    }

    /// The lengths of the cluster-path prefixes that are features of a word (coarser to finer classes).
    static let clusterPrefixes: [UInt32] = [4, 6, 10, 20]
    /// The length of the neighbours' cluster-path prefix that is a feature beside their whole path.
    static let neighbourClusterPrefix: UInt32 = 6

    /// Which of a token's context rows `appendContextRows` appends: those its previous token alone
    /// decides (`previous`), those its next token alone decides (`next`), and the others (`pair`: the
    /// token with its neighbours, or the words two away). A tagger may keep the sums of the first two per
    /// neighbouring word, as it does a word's own rows.
    struct ContextRows: OptionSet {
        let rawValue: UInt8
        static let pair = ContextRows(rawValue: 1)
        static let previous = ContextRows(rawValue: 2)
        static let next = ContextRows(rawValue: 4)
        static let all: ContextRows = [.pair, .previous, .next]
    }

    /// The rows that depend on the token's neighbours or position (those of `groups`, in one order
    /// whatever the groups: the trainer's float sums depend on it).
    mutating func appendContextRows(_ i: Int, _ groups: ContextRows = .all) {
        appendRows(upTo: 32) { this, add in this.writeContextRows(i, groups, &add) }
    }

    @inline(__always)
    private func writeContextRows(_ i: Int, _ groups: ContextRows, _ add: inout RowWriter) {
        let n = infos.count
        let none = TokenInfo()
        let t = infos[i]
        let p1 = i > 0 ? infos[i - 1] : none, p2 = i > 1 ? infos[i - 2] : none
        let n1 = i + 1 < n ? infos[i + 1] : none, n2 = i + 2 < n ? infos[i + 2] : none
        let start: UInt64 = i == 0 ? 1 : 0
        let boundaryPrev: UInt64 = i == 0 ? 0x5354_4152_54 : 0, boundaryNext: UInt64 = i + 1 == n ? 0x454e_44 : 0
        let pair = groups.contains(.pair), previous = groups.contains(.previous), next = groups.contains(.next)
        if previous { add(.prevWord, p1.word ^ boundaryPrev) }
        if next { add(.nextWord, n1.word ^ boundaryNext) }
        if pair {
            add(.prevWord2, p2.word)
            add(.nextWord2, n2.word)
            add(.prevShapeShape, FeatureHash.combine(p1.shape, t.shape))
            add(.shapeNextShape, FeatureHash.combine(t.shape, n1.shape))
            let capLex = UInt64(t.capitalisation.rawValue) << 8 | UInt64(t.lexicon) << 4 | start
            add(.capLexStart, capLex)
        }
        if previous { add(.prevCapLex, UInt64(p1.capitalisation.rawValue) << 8 | UInt64(p1.lexicon) | boundaryPrev) }
        if next { add(.nextCapLex, UInt64(n1.capitalisation.rawValue) << 8 | UInt64(n1.lexicon) | boundaryNext) }
        if pair {
            add(.bigramLeft, FeatureHash.combine(p1.word, t.word))
            add(.bigramRight, FeatureHash.combine(t.word, n1.word))
            add(.capTrigram, UInt64(p1.capitalisation.rawValue) << 16 | UInt64(t.capitalisation.rawValue) << 8 | UInt64(n1.capitalisation.rawValue))
            add(.prevWordSuffix3, FeatureHash.combine(p1.word, t.suffix3))
            add(.nextWordCap, FeatureHash.combine(n1.word, UInt64(t.capitalisation.rawValue)))
            if t.inQuote { add(.quoteCap, UInt64(t.capitalisation.rawValue) << 1 | (p1.isQuote ? 1 : 0)) }
            let shift = TaggerTables.nameListShift
            add(.prevNameLists2, UInt64(p2.curated >> shift) << 4 | UInt64(p1.curated >> shift))
            add(.nextNameLists2, UInt64(n2.curated >> shift) << 4 | UInt64(n1.curated >> shift))
        }
        if previous { add(.prevSuffix3, p1.suffix3) }
        if next { add(.nextSuffix3, n1.suffix3) }
        if previous { add(.prevLearned, UInt64(LearnedGazetteer.strongest(p1.learned))) }
        if next { add(.nextLearned, UInt64(LearnedGazetteer.strongest(n1.learned))) }
        if previous { add(.prevCluster, UInt64(p1.cluster) | boundaryPrev) }
        if next { add(.nextCluster, UInt64(n1.cluster) | boundaryNext) }
        let coarse: UInt32 = 1 << Self.neighbourClusterPrefix - 1
        if previous, p1.cluster != 0 { add(.prevClusterPrefix, UInt64(p1.cluster & coarse)) }
        if next, n1.cluster != 0 { add(.nextClusterPrefix, UInt64(n1.cluster & coarse)) }
        if previous, p1.curated != 0 { add(.prevCurated, UInt64(p1.curated)) }
        if next, n1.curated != 0 { add(.nextCurated, UInt64(n1.curated)) }
    }

    /// „ “ ” " » « as a token of their own.
    static func isQuoteMark(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        switch range.count {
        case 1: return p[range.lowerBound] == 0x22
        case 2: return p[range.lowerBound] == 0xC2 && (p[range.lowerBound + 1] == 0xBB || p[range.lowerBound + 1] == 0xAB)
        case 3: return p[range.lowerBound] == 0xE2 && p[range.lowerBound + 1] == 0x80 && (0x9C...0x9E).contains(p[range.lowerBound + 2])
        default: return false
        }
    }

    /// The features that depend on the tags chosen for the two tokens before `i`.
    @inline(__always)
    func historyRows(_ i: Int, previous: UInt8, beforePrevious: UInt8) -> (UInt32, UInt32, UInt32, UInt32, UInt32) {
        let t = infos[i]
        let prev = UInt64(previous)
        return (
            row(.prevTag, prev),
            row(.prevTags, UInt64(beforePrevious) << 8 | prev),
            row(.prevTagWord, FeatureHash.combine(t.word, prev)),
            row(.prevTagShape, FeatureHash.combine(t.shape, prev)),
            row(.prevTagCapLex, prev << 16 | UInt64(t.capitalisation.rawValue) << 8 | UInt64(t.lexicon))
        )
    }

    /// Appends the rows of `historyRows`.
    mutating func appendHistoryRows(_ i: Int, previous: UInt8, beforePrevious: UInt8) {
        let h = historyRows(i, previous: previous, beforePrevious: beforePrevious)
        features.append(h.0)
        features.append(h.1)
        features.append(h.2)
        features.append(h.3)
        features.append(h.4)
    }

    /// What a token's own bytes say (case, shape, hashes); the table lookups are `describeTokens`'s.
    private mutating func describe(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> TokenInfo {
        var info = TokenInfo()
        // Lower-casing keeps every byte's place (Ä → ä is two bytes to two).
        ByteCase.lower(p, range, into: &lowered)
        var uppers = 0, lowers = 0, digits = 0, firstUpper = false
        var shape = FeatureHash.seed, lastClass: UInt8 = 0, shapeLength = 0
        var firstHyphen = -1, lastHyphen = -1
        var i = range.lowerBound
        while i < range.upperBound {
            let b = p[i]
            var cls: UInt8
            if b >= 0x41 && b <= 0x5A {
                cls = 88 // X
                uppers += 1
            } else if b >= 0x61 && b <= 0x7A {
                cls = 120 // x
                lowers += 1
            } else if b >= 0x30 && b <= 0x39 {
                cls = 100 // d
                digits += 1
            } else if b >= 0xC0 {
                // A multi-byte character: Latin-1 capitals are C3 80–9E; other letters count as lower.
                let next = i + 1 < range.upperBound ? p[i + 1] : 0
                if b == 0xC3 && next >= 0x80 && next <= 0x9E && next != 0x97 {
                    cls = 88
                    uppers += 1
                } else {
                    cls = 120
                    lowers += 1
                }
                i += 1
                while i < range.upperBound && p[i] & 0xC0 == 0x80 { i += 1 }
                i -= 1
            } else {
                cls = b
                if b == 0x2D {
                    let offset = i - range.lowerBound
                    if firstHyphen < 0 { firstHyphen = offset }
                    lastHyphen = offset
                }
            }
            if shapeLength == 0 { firstUpper = cls == 88 }
            if cls != lastClass {
                shape = FeatureHash.fnv(shape, cls)
                lastClass = cls
            }
            shapeLength += 1
            i += 1
        }
        info.shape = shape
        info.length = UInt8(min(shapeLength, 255))
        if uppers + lowers == 0 {
            info.capitalisation = digits > 0 ? .digits : .other
        } else if digits > 0 && digits >= uppers + lowers {
            info.capitalisation = .digits
        } else if lowers == 0 {
            info.capitalisation = uppers > 1 ? .upper : .initial
        } else if uppers == 0 {
            info.capitalisation = .lower
        } else {
            info.capitalisation = firstUpper && uppers == 1 ? .initial : .mixed
        }
        lowered.withUnsafeBufferPointer { l in
            let n = l.count
            info.word = FeatureHash.bytes(l, 0..<n)
            info.suffix3 = FeatureHash.bytes(l, max(0, n - 3)..<n)
            if firstHyphen > 0, lastHyphen + 1 < n {
                info.head = FeatureHash.bytes(l, 0..<firstHyphen)
                info.tail = FeatureHash.bytes(l, (lastHyphen + 1)..<n)
            }
        }
        return info
    }
}

/// What the tagger knows about words from lists, in one table so that a token costs one lookup:
/// bits 0–11 the curated gazetteer's classes, 12–19 the name lists (`NameList`), 20–21 the
/// common-word lexicon (`Lexicon`), 22–31 the index of the word's distributional cluster in
/// `clusterPaths` (0: none).
struct TaggerTables: Sendable, Equatable {
    var words: HashTable
    /// Brown-cluster bit paths (read from the lowest bit up) by index; always `clusterLimit` long, index 0 is
    /// "no cluster" with path 0, so that any index a word-table value holds is valid.
    var clusterPaths: [UInt32]

    init(words: HashTable, clusterPaths: [UInt32] = []) {
        precondition(clusterPaths.count < Self.clusterLimit)
        self.words = words
        self.clusterPaths = [0] + clusterPaths + Array(repeating: 0, count: Self.clusterLimit - 1 - clusterPaths.count)
    }

    /// The cluster path of a word whose table value is `facts` (0: none).
    @inline(__always)
    func cluster(of facts: UInt32) -> UInt32 { clusterPaths[Int(truncatingIfNeeded: facts >> Self.clusterShift)] }

    /// The distinct clusters the table can index, "none" among them.
    static let clusterLimit = 1 << 10
    static let clusterShift: UInt32 = 22

    static let classMask: UInt32 = (1 << 20) - 1
    /// The curated gazetteer's class bits alone.
    static let gazetteerMask: UInt32 = (1 << 12) - 1
    /// Where the name lists' bits start.
    static let nameListShift: UInt32 = 12
    static let lexiconShift: UInt32 = 20
}

/// A gazetteer learned from the training data: for each word, how often it was part of a chunk of
/// each class, as a 2-bit band per class, and how often it was seen at all.
enum LearnedGazetteer {
    static let bandMask: UInt32 = (1 << 24) - 1
    static let seenShift: UInt32 = 24

    /// Counts words over `sentences` and returns the table.
    static func build(_ sentences: some Sequence<(words: [UInt64], tags: [EntityTag])>) -> HashTable {
        var total: [UInt64: Int] = [:]
        var perClass: [UInt64: [Int]] = [:]
        for (words, tags) in sentences {
            for (w, tag) in zip(words, tags) {
                total[w, default: 0] += 1
                if let c = tag.entityClass {
                    perClass[w, default: Array(repeating: 0, count: EntityClass.count)][c.index] += 1
                }
            }
        }
        var table = HashTable(minimumCapacity: total.count)
        for (w, n) in total {
            var value: UInt32 = n >= 5 ? 3 : n >= 2 ? 2 : 1
            value <<= seenShift
            if let counts = perClass[w] {
                for (c, k) in counts.enumerated() where k > 0 {
                    let ratio = Double(k) / Double(n)
                    let band: UInt32 = ratio >= 0.67 ? 3 : ratio >= 0.34 ? 2 : 1
                    value |= band << UInt32(2 * c)
                }
            }
            table[w] = value
        }
        return table
    }

    /// The class with the highest band (index + 1), or 0.
    @inline(__always)
    static func strongest(_ value: UInt32) -> UInt32 {
        var bands = value & bandMask, best: UInt32 = 0, bestBand: UInt32 = 0, c: UInt32 = 1
        while bands != 0 {
            if bands & 3 > bestBand { bestBand = bands & 3; best = c }
            bands >>= 2
            c += 1
        }
        return best << 2 | bestBand
    }
}
