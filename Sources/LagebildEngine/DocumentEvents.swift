import LagebildEntities
import LagebildText
import LagebildTime
import LagebildTimeline

/// What a worker needs to find event candidates: the trigger table and the temporal taggers (German, and
/// English for English documents; all shared, read-only).
struct EventFinder: Sendable {
    let triggers: EventTriggers
    let german: TemporalTagger
    let english: TemporalTagger?

    static let bundled: EventFinder? = {
        guard let triggers = try? EventTriggers.bundled(), let rules = try? TimexRules.bundled(language: "de") else { return nil }
        return EventFinder(triggers: triggers, german: TemporalTagger(rules: rules),
                           english: (try? TimexRules.bundled(language: "en")).map(TemporalTagger.init(rules:)))
    }()

    /// The temporal tagger for a document's language: English rules for English text, else German.
    func tagger(for document: AnalyzedDocument) -> TemporalTagger {
        document.language == .english ? english ?? german : german
    }

    /// A document's date: from metadata (a full date), else inferred from its story (a dateline, the
    /// latest full date it tells), marked as inferred with its evidence; nil when nothing supports one.
    func documentDate(_ document: AnalyzedDocument) -> CreationDate? {
        if let given = document.metadata.date, let date = given.fullDate {
            return CreationDate(date: date, source: .metadata, evidence: given.description)
        }
        let text = document.text  // read once: it may be in the text file
        return tagger(for: document).inferDocumentDate(text: text, story: Self.story(of: document, text: text))
    }

    /// The sentences of a document's story: title, lead, headings, body (views into `text`, its text).
    static func story(of document: AnalyzedDocument, text: String) -> [Substring] {
        let structure = document.structure
        var story: [Substring] = []
        for (s, span) in structure.sentences.enumerated() where tellsEvents(structure.paragraphs[Int(structure.sentenceParagraph[s])].role) {
            story.append(text.slice(span))
        }
        return story
    }

    /// Whether events are read from a paragraph of this role (not from quotes embedded from elsewhere).
    static func tellsEvents(_ role: ParagraphRole) -> Bool { role == .title || role == .lead || role == .body || role == .heading }

    /// The event candidates of one document: each story sentence with a trigger word (the first type of
    /// the table among its words), its mentions, and its time. Only sentences with a trigger are tagged
    /// for dates, which keeps the temporal tagger off most of the text.
    func candidates(
        of document: AnalyzedDocument, sentences: [SentenceTokens], tokens: [Token]
    ) -> [EventCandidate] {
        var out: [EventCandidate] = []
        let dct = documentDate(document)
        let tagger = tagger(for: document)
        let structure = document.structure
        let mentions = document.mentions
        var m = 0
        var text = document.text
        text.withUTF8 { p in
            for sentence in sentences {
                guard Self.tellsEvents(structure.paragraphs[Int(sentence.paragraph)].role) else { continue }
                var best: (type: Int, span: Range<Int>)? = nil
                for t in sentence.tokens where tokens[t].kind == .word && tokens[t].span.count >= triggers.shortest {
                    let span = tokens[t].span.range
                    if let type = triggers.type(ofWord: UnsafeBufferPointer(rebasing: p[span])), type < (best?.type ?? .max) {
                        best = (type, span)
                    }
                }
                while m < mentions.count, mentions[m].sentence < sentence.sentence { m += 1 }
                guard let best else { continue }
                var end = m
                while end < mentions.count, mentions[end].sentence == sentence.sentence { end += 1 }
                // Mentions right after "in"/"im": the token before the mention's first token.
                var afterIn: [Int32] = []
                var t = sentence.tokens.lowerBound
                for k in m..<end {
                    while t < sentence.tokens.upperBound, tokens[t].span.lowerBound < mentions[k].span.lowerBound { t += 1 }
                    if t > sentence.tokens.lowerBound, Self.isIn(UnsafeBufferPointer(rebasing: p[tokens[t - 1].span.range])) {
                        afterIn.append(Int32(k))
                    }
                }
                let span = structure.sentences[Int(sentence.sentence)]
                let told = String(decoding: UnsafeBufferPointer(rebasing: p[span.range]), as: UTF8.self)
                out.append(EventCandidate(
                    type: triggers.types[best.type], trigger: String(decoding: UnsafeBufferPointer(rebasing: p[best.span]), as: UTF8.self),
                    sentence: sentence.sentence, triggerOffset: Int32(best.span.lowerBound), mentions: Int32(m)..<Int32(end),
                    afterIn: afterIn, time: EventTime.told(in: told, documentDate: dct?.date, inferred: dct?.source == .text, tagger: tagger)))
            }
        }
        return out
    }

    /// "in", "In", "im", "Im".
    static func isIn(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        word.count == 2 && (word[0] | 0x20) == 0x69 && (word[1] == 0x6E || word[1] == 0x6D)
    }
}

extension DocumentDate {
    /// The day, when the metadata give year, month and day.
    var fullDate: CalendarDate? {
        guard let month, let day else { return nil }
        return CalendarDate(year: year, month: month, day: day)
    }
}
