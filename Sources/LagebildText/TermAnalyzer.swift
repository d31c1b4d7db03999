internal import CIntrinsics

/// Turns word tokens into index terms: lower-cased, stemmed by the paragraph's language (German stems are
/// also umlaut- and ß-folded), hyphenated compounds split into their parts, and German compounds given
/// their head as an extra term at the same position.
///
/// One analyzer per worker: it caches the analysis of every distinct surface form it has seen (news text is
/// Zipfian, so after a few hundred documents nearly every token is a cache hit and costs one hash lookup).
public struct TermAnalyzer {
    /// Surface forms over 16 bytes, per cache kind: exactly as written → cache entry. Keying by the raw
    /// bytes ("Die" and "die" are two entries) saves lower-casing and copying every token on the hot path.
    /// (Three stored caches rather than an array of them: subscripting an array of structs copied the
    /// interner's storage references on every token, measured at 8 % of analysis time.)
    private var germanCache: TermInterner
    private var englishCache: TermInterner
    /// Numbers, handles, abbreviations: lower-cased, never stemmed, whatever the language. (A separate cache,
    /// so that "PeteHegseth" the word and "@PeteHegseth" the handle never share an entry: sharing made the
    /// result depend on which the worker saw first.)
    private var rawCache: TermInterner
    /// Per cache entry: the term's id in `terms`, and the compound head's id (-1 if none).
    private var germanEntries: [(term: Int32, head: Int32)] = []
    private var englishEntries: [(term: Int32, head: Int32)] = []
    private var rawEntries: [(term: Int32, head: Int32)] = []

    private enum CacheKind: UInt8 { case german, english, raw }

    /// Surface forms of up to 16 bytes (nine tokens in ten) live inline in one open-addressing table: a
    /// lookup is one memory access instead of three dependent ones (slot, offsets, arena) in the byte-keyed
    /// caches, which profiling showed to be the cost of a cache hit. The tag holds the length and the cache
    /// kind, so German, English and raw forms of the same bytes stay apart.
    struct ShortSlot {
        var k0: UInt64 = 0
        var k1: UInt64 = 0
        var tag: UInt32 = 0  // length << 8 | cache kind + 1; 0 = empty
        var term: Int32 = 0
        var head: Int32 = 0
    }
    private var short: [ShortSlot]
    private var shortCount = 0

    struct TinySlot {
        var key: UInt64 = 0
        var term: Int32 = 0
        var tag: UInt32 = 0
    }
    private var tiny: [TinySlot]
    private var tinyCount = 0

    private mutating func growTiny() {
        let old = tiny
        tiny = HugePageArray.make(repeating: TinySlot(), count: old.count * 2)
        let mask = tiny.count - 1
        for slot in old where slot.tag != 0 {
            var i = ShortSlot.index(slot.key, 0, slot.tag) & mask
            while tiny[i].tag != 0 { i = (i + 1) & mask }
            tiny[i] = slot
        }
    }

    private mutating func growShort() {
        let old = short
        short = HugePageArray.make(repeating: ShortSlot(), count: old.count * 2)
        let mask = short.count - 1
        for slot in old where slot.tag != 0 {
            var i = ShortSlot.index(slot.k0, slot.k1, slot.tag) & mask
            while short[i].tag != 0 { i = (i + 1) & mask }
            short[i] = slot
        }
    }

    /// The index terms this analyzer has produced; ids are dense from 0.
    public private(set) var terms: TermInterner
    private var key: [UInt8] = []
    private var scalars: [UInt32] = []
    private var stemmed: [UInt8] = []

    /// How many distinct surface forms the caches hold.
    public var formCount: Int { tinyCount + shortCount + germanCache.count + englishCache.count + rawCache.count }

    /// A worker's analyzer, with tables sized for a corpus's vocabulary.
    public init() {
        self.init(tiny: 1 << 14, short: 1 << 15, german: 1 << 14, other: 1 << 10, terms: 1 << 14)
    }

    /// An analyzer for a few words (a query, a document's snippet) with tables sized for about `forms`
    /// surface forms (they grow when needed): a worker's tables are a megabyte and more, which a query
    /// would allocate and clear for nothing.
    public init(forms: Int) {
        var size = 16
        while size < 2 * forms { size <<= 1 }
        self.init(tiny: size, short: size, german: size / 2, other: size / 2, terms: size / 2)
    }

    private init(tiny: Int, short: Int, german: Int, other: Int, terms: Int) {
        self.tiny = [TinySlot](repeating: TinySlot(), count: tiny)
        self.short = [ShortSlot](repeating: ShortSlot(), count: short)
        germanCache = TermInterner(capacity: german)
        englishCache = TermInterner(capacity: other)
        rawCache = TermInterner(capacity: other)
        self.terms = TermInterner(capacity: terms)
    }

    /// A term the analyzer produced, as its id in `terms`, and whether it is an extra term (a compound head)
    /// sharing the previous term's position.
    public typealias Sink = (_ term: Int32, _ extra: Bool) -> Void

    /// Asks for the cache line where a plain word's entry is (words of up to 16 bytes, nine in ten), so
    /// that analysing it a few tokens later does not wait on memory: the tables outgrow the caches.
    @inline(__always)
    public func prefetch(_ p: UnsafeBufferPointer<UInt8>, _ token: Token, language: Language) {
        let start = token.span.lowerBound, length = token.span.upperBound - start
        guard token.kind == .word, length <= 16, start + 16 <= p.count else { return }
        let base = UnsafeRawPointer(p.baseAddress! + start)
        let w0 = base.loadUnaligned(as: UInt64.self), w1 = base.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
        let k0 = Self.low(w0, bytes: length), k1 = length <= 8 ? 0 : Self.low(w1, bytes: length - 8)
        let tag = Self.tag(length: length, Self.cacheKind(stem: true, language))
        if length <= 8 {
            tiny.withUnsafeBufferPointer { lagebild_prefetch($0.baseAddress! + (ShortSlot.index(k0, 0, tag) & ($0.count - 1))) }
        } else {
            short.withUnsafeBufferPointer { lagebild_prefetch($0.baseAddress! + (ShortSlot.index(k0, k1, tag) & ($0.count - 1))) }
        }
    }

    /// The cache a surface's analysis lives in: words by their paragraph's language, other tokens raw.
    @inline(__always)
    private static func cacheKind(stem: Bool, _ language: Language) -> CacheKind {
        !stem ? .raw : language == .english ? .english : .german
    }

    /// A slot's tag: the surface's length and its cache kind (0 marks an empty slot).
    @inline(__always)
    private static func tag(length: Int, _ kind: CacheKind) -> UInt32 { UInt32(length) << 8 | UInt32(kind.rawValue + 1) }

    /// The first `bytes` (at most 8) bytes of a little-endian load, the rest zero-filled.
    @inline(__always)
    private static func low(_ word: UInt64, bytes: Int) -> UInt64 { bytes >= 8 ? word : word & ((1 << UInt64(bytes * 8)) - 1) }

    /// Emits the terms of one token. Words with hyphens emit one term per part.
    public mutating func analyze(
        _ p: UnsafeBufferPointer<UInt8>, _ token: Token, language: Language, into sink: Sink
    ) {
        guard token.kind.isWordLike else { return }
        var start = token.span.lowerBound
        var end = token.span.upperBound
        // Fast path for a plain word of up to 8 bytes away from the buffer's end: load it as one word,
        // check it for hyphens with a SWAR test, and go straight to the tables.
        if token.kind == .word, end - start <= 8, start + 8 <= p.count {
            let length = end - start
            let raw = UnsafeRawPointer(p.baseAddress! + start).loadUnaligned(as: UInt64.self)
            let k0 = Self.low(raw, bytes: length)
            let x = k0 ^ 0x2D2D_2D2D_2D2D_2D2D
            let hasHyphen = (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080 != 0
            if !hasHyphen {
                part(p, start..<end, language: language, kind: .word, k0: k0, k1: 0, into: sink)
                return
            }
        }
        if token.kind == .handle || token.kind == .hashtag { start += 1 }
        if token.kind == .ordinal || (token.kind == .abbreviation && p[end - 1] == 0x2E) { end -= 1 }
        var partStart = start
        var i = start
        while i <= end {
            if i == end || p[i] == 0x2D {
                if i > partStart { part(p, partStart..<i, language: language, kind: token.kind, into: sink) }
                partStart = i + 1
            }
            i += 1
        }
    }

    private mutating func part(
        _ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, language: Language, kind: TokenKind, into sink: Sink
    ) {
        var k0: UInt64 = 0
        var k1: UInt64 = 0
        if range.count <= 16 {
            for (k, b) in UnsafeBufferPointer(rebasing: p[range]).enumerated() {
                if k < 8 { k0 |= UInt64(b) << UInt64(k * 8) } else { k1 |= UInt64(b) << UInt64((k - 8) * 8) }
            }
        }
        part(p, range, language: language, kind: kind, k0: k0, k1: k1, into: sink)
    }

    /// `k0`, `k1`: the surface's bytes, little-endian, zero-filled (only for surfaces of up to 16 bytes).
    private mutating func part(
        _ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, language: Language, kind: TokenKind,
        k0: UInt64, k1: UInt64, into sink: Sink
    ) {
        let surface = UnsafeBufferPointer(rebasing: p[range])
        let stem = kind == .word
        let cacheKind = Self.cacheKind(stem: stem, language)
        let tag = Self.tag(length: range.count, cacheKind)
        if range.count <= 16 {
            // Forms of up to 8 bytes without a compound head (most tokens) live in the 16-byte slots of
            // the tiny table, small enough to stay in the processor caches.
            var t = -1
            if range.count <= 8 {
                let tinyMask = tiny.count - 1
                t = ShortSlot.index(k0, 0, tag) & tinyMask
                while true {
                    let slot = tiny[t]
                    if slot.tag == 0 { break }
                    if slot.tag == tag, slot.key == k0 {
                        sink(slot.term, false)
                        return
                    }
                    t = (t + 1) & tinyMask
                }
            }
            let mask = short.count - 1
            var i = ShortSlot.index(k0, k1, tag) & mask
            while true {
                let slot = short[i]
                if slot.tag == 0 { break }
                if slot.tag == tag, slot.k0 == k0, slot.k1 == k1 {
                    sink(slot.term, false)
                    if slot.head >= 0 { sink(slot.head, true) }
                    return
                }
                i = (i + 1) & mask
            }
            key.removeAll(keepingCapacity: true)
            lowercase(p, range, into: &key)
            let entry = key.withUnsafeBufferPointer { computeEntry($0, language: language, stem: stem) }
            if t >= 0, entry.head < 0 {
                tiny[t] = TinySlot(key: k0, term: entry.term, tag: tag)
                tinyCount += 1
                if tinyCount * 2 > tiny.count { growTiny() }
            } else {
                short[i] = ShortSlot(k0: k0, k1: k1, tag: tag, term: entry.term, head: entry.head)
                shortCount += 1
                if shortCount * 2 > short.count { growShort() }
            }
            sink(entry.term, false)
            if entry.head >= 0 { sink(entry.head, true) }
            return
        }
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in surface { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        let mainHash = UInt32(truncatingIfNeeded: h ^ (h >> 32))
        let found: Int32?
        switch cacheKind {
        case .german: found = germanCache.find(surface, hash: mainHash)
        case .english: found = englishCache.find(surface, hash: mainHash)
        case .raw: found = rawCache.find(surface, hash: mainHash)
        }
        let entry: (term: Int32, head: Int32)
        if let found {
            switch cacheKind {
            case .german: entry = germanEntries[Int(found)]
            case .english: entry = englishEntries[Int(found)]
            case .raw: entry = rawEntries[Int(found)]
            }
        } else {
            key.removeAll(keepingCapacity: true)
            lowercase(p, range, into: &key)
            entry = key.withUnsafeBufferPointer { computeEntry($0, language: language, stem: stem) }
            switch cacheKind {
            case .german:
                germanCache.intern(surface, hash: mainHash)
                germanEntries.append(entry)
            case .english:
                englishCache.intern(surface, hash: mainHash)
                englishEntries.append(entry)
            case .raw:
                rawCache.intern(surface, hash: mainHash)
                rawEntries.append(entry)
            }
        }
        sink(entry.term, false)
        if entry.head >= 0 { sink(entry.head, true) }
    }

    private mutating func computeEntry(_ lower: UnsafeBufferPointer<UInt8>, language: Language, stem: Bool)
        -> (term: Int32, head: Int32)
    {
        stemmed.removeAll(keepingCapacity: true)
        var head: Range<Int>? = nil
        if stem, language == .english {
            stemmed.append(contentsOf: EnglishStemmer.stem(Array(lower)))
        } else if stem {
            scalars.removeAll(keepingCapacity: true)
            var i = 0
            while i < lower.count {
                let (v, len) = Scalars.decode(lower, i)
                scalars.append(v)
                i += len
            }
            GermanStemmer.stem(&scalars)
            for v in scalars { Scalars.append(v, to: &stemmed) }
            head = stemmed.withUnsafeBufferPointer { CompoundSplitter.head(of: $0) }
        } else {
            stemmed.append(contentsOf: lower)
        }
        return stemmed.withUnsafeBufferPointer { s in
            let term = terms.intern(s)
            let headID = head.map { terms.intern(UnsafeBufferPointer(rebasing: s[$0])) } ?? -1
            return (term, headID)
        }
    }

    /// Lower-cases UTF-8 bytes: ASCII and Latin-1 by arithmetic, other scalars through Unicode tables.
    func lowercase(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, into out: inout [UInt8]) {
        var i = range.lowerBound
        while i < range.upperBound {
            let b = p[i]
            if b < 0x80 {
                out.append(b &- 0x41 < 26 ? b | 0x20 : b)
                i += 1
            } else {
                let (v, len) = Scalars.decode(p, i)
                Scalars.append(Scalars.lowercase(v), to: &out)
                i += len
            }
        }
    }

    /// The id of a term given as a whole (index terms that are not words: `#d:2025-11-01`).
    public mutating func intern(term: String) -> Int32 { terms.intern(term) }

    /// The clauses of a query word: one per part ("US-Verteidigungsminister" has two), each listing the
    /// forms the part can take in the index (German and English stems may differ).
    public mutating func queryClauses(_ word: String) -> [[String]] {
        var copy = word
        var clauses: [[String]] = []
        copy.withUTF8 { p in
            var tokens: [Token] = []
            Tokenizer.tokenize(p, 0..<p.count, into: &tokens)
            for t in tokens where t.kind.isWordLike {
                var perLanguage: [[String]] = []
                for language in [Language.german, .english] {
                    var ids: [Int32] = []
                    analyze(p, t, language: language) { term, extra in
                        if !extra { ids.append(term) }
                    }
                    perLanguage.append(ids.map { terms.string($0) })
                }
                // Parts line up across languages (both split at the same hyphens).
                for k in 0..<(perLanguage.first?.count ?? 0) {
                    var alternatives: [String] = []
                    for forms in perLanguage where k < forms.count && !alternatives.contains(forms[k]) {
                        alternatives.append(forms[k])
                    }
                    clauses.append(alternatives)
                }
            }
        }
        return clauses
    }
}

extension TermAnalyzer.ShortSlot {
    /// Mixes the inline key and tag (a multiply-xorshift; the keys are raw bytes, so mixing matters).
    @inline(__always)
    static func index(_ k0: UInt64, _ k1: UInt64, _ tag: UInt32) -> Int {
        var h = (k0 &* 0x9E37_79B9_7F4A_7C15) ^ (k1 &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(tag)
        h ^= h >> 31
        h = h &* 0x94D0_49BB_1331_11EB
        h ^= h >> 29
        return Int(truncatingIfNeeded: h)
    }
}
