/// Guesses the language of a paragraph from its function words.
///
/// Function words are the most frequent and most language-specific words; ten of them decide reliably
/// between German and English for a paragraph of a sentence or more. Words spelled alike in both languages
/// ("in", "an", "so", "was", "will", "also") are left out. Fewer than two hits give `.unknown`, and the
/// caller falls back to the document's language.
public enum LanguageDetector {
    static let german = ByteSet([
        "der", "die", "das", "und", "ist", "nicht", "ein", "eine", "einen", "einem", "einer", "mit", "von", "zu",
        "den", "dem", "des", "auf", "für", "sich", "im", "dass", "auch", "als", "es", "werden", "wird", "wurde",
        "hat", "haben", "sind", "bei", "nach", "aus", "noch", "wie", "um", "über", "sie", "er", "wir", "ich",
        "sein", "seine", "oder", "aber", "nur", "vor", "zum", "zur", "bis", "durch", "wenn", "kann", "mehr",
        "schon", "sehr", "seit", "unter", "gegen", "ihre", "ihren", "zwischen", "beim", "habe", "hatte", "sei",
        "seien", "keine", "kein", "diese", "dieser", "wieder", "soll", "sollen", "muss", "müssen",
    ])
    static let english = ByteSet([
        "the", "and", "of", "to", "is", "that", "for", "with", "on", "by", "are", "be", "this", "it", "have",
        "has", "from", "at", "not", "or", "but", "which", "were", "been", "their", "they", "he", "she", "we", "his",
        "would", "can", "said", "who", "about", "after", "its", "than", "there", "when", "our", "had", "what",
        "just", "my", "i", "you", "your", "never", "been", "will", "should", "could", "into", "more", "new",
    ])

    public static func detect(_ p: UnsafeBufferPointer<UInt8>, _ tokens: ArraySlice<Token>) -> Language {
        // Statics read into locals once: a static `let` in the loop costs a `swift_once` check per word.
        let german = LanguageDetector.german
        let english = LanguageDetector.english
        var de = 0
        var en = 0
        var seen = 0
        for t in tokens where t.kind == .word && t.span.count <= 8 {
            // Forty short words decide any paragraph; long paragraphs need not be read to the end.
            seen += 1
            if seen > 40 { break }
            if german.containsLowercased(p, t.span.range) { de += 1 }
            if english.containsLowercased(p, t.span.range) { en += 1 }
            // A clear lead decides early (most paragraphs are clearly one language).
            if de >= 8 && en == 0 { return .german }
            if en >= 8 && de == 0 { return .english }
        }
        guard de + en >= 2 else { return .unknown }
        if de * 2 > en * 3 { return .german }
        if en * 2 > de * 3 { return .english }
        return .unknown
    }
}
