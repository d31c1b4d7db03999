import LagebildText

/// What the tagger found out about recent surface forms (`FeatureExtractor.describe` and the lexicon
/// lookups after it), by the form's bytes: a hit costs one probe instead of lower-casing, four hashes
/// and lookups in word tables of several MB. Only for a fixed model: what is cached depends on its
/// tables.
typealias DescriptionCache = FormCache<TokenInfo>

extension FormCache where Value == TokenInfo {
    init(bits: Int) { self.init(bits: bits, empty: TokenInfo()) }
}
