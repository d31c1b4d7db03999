public import LagebildText

/// One entity mention in a document: the byte span of its words, its class, the sentence it is in, and
/// the role the text gives it there ("US-Verteidigungsminister Pete Hegseth").
public struct EntityMention: Sendable, Hashable {
    public var span: TextSpan
    public var entityClass: EntityClass
    public var sentence: Int32
    public var role: RoleFact?

    public init(span: TextSpan, entityClass: EntityClass, sentence: Int32, role: RoleFact? = nil) {
        self.span = span
        self.entityClass = entityClass
        self.sentence = sentence
        self.role = role
    }
}

/// What one mention says about a person's position: "der chinesische Verteidigungsminister Admiral Dong
/// Jun" → role Verteidigungsminister, affiliation China, rank Admiral; "China-Expertin Bonnie Glaser vom
/// German Marshall Fund" → role Experte, subject China, affiliation German Marshall Fund.
public struct RoleFact: Sendable, Hashable {
    public var role: String?
    public var rank: String?
    public var affiliation: String?
    public var subject: String?

    public init(role: String? = nil, rank: String? = nil, affiliation: String? = nil, subject: String? = nil) {
        self.role = role
        self.rank = rank
        self.affiliation = affiliation
        self.subject = subject
    }

    /// "Verteidigungsminister (China)", "Experte für China (German Marshall Fund)".
    public var description: String {
        var text = role ?? rank ?? ""
        if let subject { text += " für " + subject }
        if let affiliation { text += " (" + affiliation + ")" }
        return text
    }
}

/// Finds the entity mentions of a document's story text: the tagger per sentence, then the curated
/// gazetteer's multi-word names ("German Marshall Fund", "Vereinte Nationen"), which replace what the
/// tagger found on the same words. One per worker.
public struct MentionExtractor {
    private var tagger: EntityTagger
    private let gazetteer: CuratedGazetteer
    private let roles: RoleTable
    private var roleFacts: [(token: Int, fact: RoleFact)] = []
    private var ranges: [Range<Int>] = []
    private var tags: [EntityTag] = []
    private var words: [String] = []

    public init(model: EntityModel, gazetteer: CuratedGazetteer, roles: RoleTable) {
        tagger = EntityTagger(model: model)
        self.gazetteer = gazetteer
        self.roles = roles
    }

    public init(_ resources: Resources) {
        self.init(model: resources.model, gazetteer: resources.gazetteer, roles: resources.roles)
    }

    /// The model and the lists a worker needs.
    public struct Resources: Sendable {
        public var model: EntityModel
        public var gazetteer: CuratedGazetteer
        public var roles: RoleTable
    }

    /// The shared bundled model and lists, loaded once, or why they could not be read.
    public static let bundled: Result<Resources, any Error> = Result {
        Resources(model: try EntityModel.bundled(), gazetteer: try CuratedGazetteer.bundled(), roles: try RoleTable.bundled())
    }

    /// Tags the tokens of one sentence and appends its mentions.
    public mutating func extract(
        _ text: UnsafeBufferPointer<UInt8>, tokens: ArraySlice<Token>, sentence: Int32, into mentions: inout [EntityMention]
    ) {
        guard !tokens.isEmpty else { return }
        ranges.removeAll(keepingCapacity: true)
        for token in tokens { ranges.append(token.span.range) }
        tags.removeAll(keepingCapacity: true)
        let r = ranges
        r.withUnsafeBufferPointer { tagger.tag(text, tokens: $0, into: &tags) }
        words.removeAll(keepingCapacity: true)
        for range in ranges { words.append(String(decoding: UnsafeBufferPointer(rebasing: text[range]), as: UTF8.self)) }
        applyGazetteerPhrases()
        applyRoles(tokens)
        dropImplausibleChunks()
        let base = tokens.startIndex
        for chunk in EntitySpan.chunks(tags) {
            let span = TextSpan(tokens[base + chunk.start].span.lowerBound, tokens[base + chunk.end - 1].span.upperBound)
            let role = chunk.entityClass == EntityClass(.person) ? roleFacts.first { $0.token == chunk.start }?.fact : nil
            mentions.append(EntityMention(span: span, entityClass: chunk.entityClass, sentence: sentence, role: role))
        }
    }

    /// A name begins with a capital letter or a digit: a lower-case word tagged as a person or an
    /// organisation is the tagger's mistake (derived forms like "chinesischen" are lower-case by nature).
    /// One sense per document: a word that begins or ends a person's full name elsewhere in the document
    /// ("Xi" with "Xi Jinping", "Dong" with "Dong Jun") is that person wherever the tagger left it
    /// untagged. Mentions stay in text order.
    public static func propagateNames(
        _ text: UnsafeBufferPointer<UInt8>, tokens: [Token], sentences: [(sentence: Int32, tokens: Range<Int>)],
        mentions: inout [EntityMention]
    ) {
        var edges: Set<[UInt8]> = []
        for m in mentions where m.entityClass == EntityClass(.person) {
            let bytes = Array(UnsafeBufferPointer(rebasing: text[m.span.range]))
            guard let firstSpace = bytes.firstIndex(of: 0x20), let lastSpace = bytes.lastIndex(of: 0x20) else { continue }
            edges.insert(Array(bytes[..<firstSpace]))
            edges.insert(Array(bytes[(lastSpace + 1)...]))
        }
        guard !edges.isEmpty else { return }
        var covered = mentions.map(\.span.range)
        var added: [EntityMention] = []
        for (sentence, range) in sentences {
            for token in tokens[range] where token.kind == .word && edges.contains(Array(UnsafeBufferPointer(rebasing: text[token.span.range]))) {
                if covered.contains(where: { $0.overlaps(token.span.range) }) { continue }
                added.append(EntityMention(span: token.span, entityClass: EntityClass(.person), sentence: sentence))
                covered.append(token.span.range)
            }
        }
        guard !added.isEmpty else { return }
        mentions = (mentions + added).sorted { $0.span.lowerBound < $1.span.lowerBound }
    }

    /// A one-word "person" that the gazetteer knows as a place or organisation ("Washingtons") is one.
    private mutating func dropImplausibleChunks() {
        for chunk in EntitySpan.chunks(tags) {
            if chunk.end - chunk.start == 1, chunk.entityClass.form == .plain || chunk.entityClass.type == .person, isOrdinaryWord(chunk.start) {
                tags[chunk.start] = .outside
                continue
            }
            guard chunk.entityClass.form == .plain else { continue }
            // "Blinkens Peking-Reise": a word naming a place in a compound ends a person's name.
            if chunk.entityClass.type == .person, chunk.end - chunk.start > 1, let last = words[chunk.end - 1].split(separator: "-").first,
               last != Substring(words[chunk.end - 1]), let place = gazetteer.entries(for: last).first, place.entityClass.type != .person
            {
                tags[chunk.end - 1] = .begin(EntityClass(place.entityClass.type, .part))
            }
            guard let first = words[chunk.start].unicodeScalars.first, !(first.properties.isUppercase || ("0"..."9").contains(first)) else {
                if chunk.end - chunk.start == 1, chunk.entityClass.type == .person {
                    let word = Substring(words[chunk.start])
                    let entry = gazetteer.entries(for: word).first ?? (word.hasSuffix("s") ? gazetteer.entries(for: word.dropLast()).first : nil)
                    if let entry, entry.entityClass.type != .person { tags[chunk.start] = .begin(EntityClass(entry.entityClass.type)) }
                }
                continue
            }
            for k in chunk.start..<chunk.end { tags[k] = .outside }
        }
    }

    /// Role words anchor persons: the capitalised words after "Verteidigungsminister" (past a rank such as
    /// "Admiral") are a name, whatever the tagger said, and the role, rank and affiliation are kept.
    private mutating func applyRoles(_ tokens: ArraySlice<Token>) {
        roleFacts.removeAll(keepingCapacity: true)
        let n = words.count
        var i = 0
        while i < n {
            defer { i += 1 }
            var word = Substring(words[i]), prefix: Substring?
            var entry = roles.entry(for: word)
            if entry == nil, let hyphen = word.lastIndex(of: "-"), hyphen != word.startIndex {
                prefix = word[..<hyphen]
                word = word[word.index(after: hyphen)...]
                entry = roles.entry(for: word)
            }
            guard let entry, entry.kind != .rank else { continue }
            var fact = RoleFact(role: entry.role, affiliation: entry.affiliation)
            if let prefix, let place = placeOrOrganisation(prefix) {
                if entry.kind == .expert { fact.subject = place } else if fact.affiliation == nil { fact.affiliation = place }
            }
            if fact.affiliation == nil, entry.kind != .expert, i > 0 {
                fact.affiliation = placeOrOrganisation(Substring(words[i - 1]))
            }
            var j = i + 1
            // "Verteidigungsminister Chinas und Russlands, Dong Jun und …": a genitive after the role.
            if fact.affiliation == nil, j < n, entry.kind != .expert, words[j].hasSuffix("s"), let place = placeOrOrganisation(Substring(words[j])) {
                fact.affiliation = place
                j += 1
            }
            while j < n, let r = roles.entry(for: words[j]), r.kind == .rank {
                fact.rank = r.role
                tags[j] = .outside
                j += 1
            }
            let start = j
            while j < n, j - start < 4, isCapitalisedName(j, tokens) { j += 1 }
            // Common nouns at the end are the sentence going on ("… Dong Jun Gespräche"), unless the
            // tagger saw a person there; a name may still begin with one ("Ahn Gyu-back", "Xi Jinping").
            // Right after an office ("Staatschef Xi") a capitalised word is a name even if it is also a
            // noun; after "Kollegen" it may be the object ("seinem Kollegen Respekt zollen").
            while j > start + 1, tags[j - 1].entityClass?.type != .person, isCommonNoun(j - 1) { j -= 1 }
            guard j > start else { continue }
            if j == start + 1, entry.kind != .office, tags[start].entityClass?.type != .person, isCommonNoun(start) { continue }
            let person = EntityClass(.person)
            tags[start] = .begin(person)
            for k in (start + 1)..<j { tags[k] = .inside(person) }
            if j < n, tags[j].isInside { tags[j] = .begin(tags[j].entityClass!) }
            if start > 0, tags[start - 1].isBegin || tags[start - 1].isInside, tags[start - 1].entityClass == person {
                // The tagger's chunk ran into the rank or role: cut it there.
                var k = start - 1
                while k >= 0, tags[k].entityClass == person, k > i { tags[k] = .outside; k -= 1 }
            }
            // "… vom German Marshall Fund": an organisation right after the name.
            if j < n, ["vom", "von", "of", "bei", "beim"].contains(words[j]) {
                var k = j + 1
                if k < n, ["der", "dem", "the"].contains(words[k]) { k += 1 }
                while k < n, tokens[tokens.startIndex + k].kind == .quote { k += 1 }
                if k < n, tags[k].isBegin, tags[k].entityClass?.type == .organisation {
                    var end = k + 1
                    while end < n, tags[end].isInside { end += 1 }
                    let organisation = words[k..<end].joined(separator: " ")
                    fact.affiliation = gazetteer.entries(for: organisation).first?.canonical ?? organisation
                }
            }
            roleFacts.append((start, fact))
            i = j - 1
        }
    }

    /// A capitalised word that is neither a role nor a place or organisation the gazetteer knows.
    private func isCapitalisedName(_ k: Int, _ tokens: ArraySlice<Token>) -> Bool {
        let token = tokens[tokens.startIndex + k]
        guard token.kind == .word, let first = words[k].unicodeScalars.first, first.properties.isUppercase else { return false }
        if roles.entry(for: words[k]) != nil { return false }
        if let entry = gazetteer.entries(for: words[k]).first, entry.entityClass.type != .person { return false }
        return true
    }

    /// A word the common-word lexicon knows only in lower case ("Größtes" at the start of a sentence)
    /// and no name list knows.
    private func isOrdinaryWord(_ k: Int) -> Bool {
        let facts = tagger.model.tables.words[EntityTrainer.wordKey(words[k])]
        let names = NameList.firstNames.bit | NameList.surnames.bit | NameList.places.bit | NameList.toponyms.bit | NameList.properNames.bit
        return facts >> TaggerTables.lexiconShift & 3 == Lexicon.lowerEntry && facts & names == 0 && facts & 0xFFF == 0
    }

    /// Whether a word is a German common noun and not also a known name.
    private func isCommonNoun(_ k: Int) -> Bool {
        let facts = tagger.model.tables.words[EntityTrainer.wordKey(words[k])]
        let nameBits = NameList.firstNames.bit | NameList.surnames.bit
        return facts & NameList.nouns.bit != 0 && facts & nameBits == 0
    }

    /// The canonical country or organisation a word names or derives from ("US", "chinesische", "Chinas").
    private func placeOrOrganisation(_ word: Substring) -> String? {
        gazetteer.entries(for: word).first {
            $0.entityClass.type == .location || $0.entityClass.type == .organisation
        }?.canonical
    }

    private mutating func applyGazetteerPhrases() {
        var i = 0
        while i < words.count {
            if let (entry, length) = gazetteer.phrase(in: words, at: i) {
                // The words before and after must not continue a chunk into the phrase.
                tags[i] = .begin(entry.entityClass)
                for k in (i + 1)..<(i + length) { tags[k] = .inside(entry.entityClass) }
                if i + length < tags.count, tags[i + length].isInside { tags[i + length] = .begin(tags[i + length].entityClass!) }
                i += length
            } else {
                i += 1
            }
        }
    }
}
