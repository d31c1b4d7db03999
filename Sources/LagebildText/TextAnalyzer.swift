/// The structure of one document's text: paragraphs with roles and languages, sentences, token counts.
public struct TextStructure: Sendable {
    public var paragraphs: [Paragraph]
    /// Sentence spans, in document order; `sentenceParagraph[i]` is the paragraph of sentence `i`.
    public var sentences: [TextSpan]
    public var sentenceParagraph: [Int32]
    public var tokenCount: Int
    /// The language of most story text.
    public var language: Language
    /// A hash (FNV-1a 64) of each paragraph's text, same order as `paragraphs`.
    public var paragraphHashes: [UInt64]

    public init() {
        paragraphs = []
        sentences = []
        sentenceParagraph = []
        tokenCount = 0
        language = .unknown
        paragraphHashes = []
    }
}

/// Runs the text layer over a document: paragraphs → tokens → roles → languages → sentences.
///
/// Pure and `Sendable`: each parse task calls it on its own documents. The token buffer is reused between
/// calls through `inout` scratch storage, so steady-state analysis allocates only its results.
public struct TextAnalyzer: Sendable {
    public init() {}

    /// Scratch storage reused across documents by one worker.
    public struct Scratch {
        /// After `analyze`: every token of the document, and each paragraph's range of them.
        public var tokens: [Token] = []
        public var paragraphTokens: [Range<Int>] = []
        public init() {}
    }

    /// Analyses `text`. `title` is the document title from metadata, if any (a first line equal to it is
    /// the title). `defaultLanguage` comes from metadata and wins over detection when given.
    public func analyze(
        _ text: String, title: String? = nil, defaultLanguage: Language? = nil, scratch: inout Scratch
    ) -> TextStructure {
        var copy = text
        return copy.withUTF8 { p in
            analyze(p, title: title, defaultLanguage: defaultLanguage, scratch: &scratch)
        }
    }

    public func analyze(
        _ p: UnsafeBufferPointer<UInt8>, title: String?, defaultLanguage: Language?, scratch: inout Scratch
    ) -> TextStructure {
        var result = TextStructure()
        scratch.tokens.removeAll(keepingCapacity: true)
        scratch.paragraphTokens.removeAll(keepingCapacity: true)
        var items: [ParagraphClassifier.Input] = []
        for piece in ParagraphSplitter.split(p) {
            let first = scratch.tokens.count
            Tokenizer.tokenize(p, piece.span.range, into: &scratch.tokens)
            let tokenRange = first..<scratch.tokens.count
            if let cut = ParagraphClassifier.gluedCreditStart(p, scratch.tokens[tokenRange]) {
                let cutByte = scratch.tokens[cut].span.lowerBound
                items.append(.init(span: TextSpan(piece.span.lowerBound, cutByte), tokens: first..<cut,
                                   markedHeading: false))
                items.append(.init(span: TextSpan(cutByte, piece.span.upperBound), tokens: cut..<tokenRange.upperBound,
                                   markedHeading: false))
            } else {
                items.append(.init(span: piece.span, tokens: tokenRange, markedHeading: piece.markedHeading))
            }
        }
        let roles = ParagraphClassifier.classify(p, items, tokens: scratch.tokens, title: title,
                                                 hashes: &result.paragraphHashes)
        var languages = items.map { LanguageDetector.detect(p, scratch.tokens[$0.tokens]) }
        // The document language: the language of most story bytes.
        var bytesByLanguage = [Int](repeating: 0, count: Language.allCases.count)
        for (k, item) in items.enumerated() where roles[k].isStoryText {
            bytesByLanguage[Int(languages[k].rawValue)] += item.span.count
        }
        let german = bytesByLanguage[Int(Language.german.rawValue)]
        let english = bytesByLanguage[Int(Language.english.rawValue)]
        let detected: Language = english > german ? .english : german > 0 ? .german : .unknown
        result.language = defaultLanguage ?? detected
        for k in languages.indices where languages[k] == .unknown { languages[k] = result.language }

        result.paragraphs.reserveCapacity(items.count)
        for (k, item) in items.enumerated() {
            result.paragraphs.append(Paragraph(span: item.span, role: roles[k], language: languages[k]))
            scratch.paragraphTokens.append(item.tokens)
            for sentence in SentenceSplitter.split(p, scratch.tokens[item.tokens]) where !sentence.isEmpty {
                let span = TextSpan(scratch.tokens[sentence.lowerBound].span.lowerBound,
                                    scratch.tokens[sentence.upperBound - 1].span.upperBound)
                result.sentences.append(span)
                result.sentenceParagraph.append(Int32(k))
            }
        }
        result.tokenCount = scratch.tokens.count
        // A load keeps every document's structure to its end.
        result.sentences.dropGrowthSlack()
        result.sentenceParagraph.dropGrowthSlack()
        return result
    }
}
