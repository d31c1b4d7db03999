/// One token: a byte span of the document text and what kind of thing it is. No `String` per token.
public struct Token: Hashable, Sendable {
    public var span: TextSpan
    public var kind: TokenKind

    @inlinable
    public init(_ start: Int, _ end: Int, _ kind: TokenKind) {
        span = TextSpan(start, end)
        self.kind = kind
    }
}

public enum TokenKind: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    /// Letters, possibly with digits and inner hyphens: "US-Verteidigungsminister", "Hwasong-20", "Verteidigungs-".
    case word
    /// Digits with inner separators: "2025", "1.000", "2,5", "11.30".
    case number
    /// A number with its period: "1." in "am 1. November".
    case ordinal
    /// A word with its period: "Dr.", "z.B.", "U.S.", an initial "J.".
    case abbreviation
    case punctuation
    case quote
    case dash
    case url
    case email
    /// "@PeteHegseth"
    case handle
    case hashtag
    /// Anything else: "€", "%", emoji.
    case symbol

    public var description: String {
        switch self {
        case .word: "word"
        case .number: "num"
        case .ordinal: "ord"
        case .abbreviation: "abbr"
        case .punctuation: "punct"
        case .quote: "quote"
        case .dash: "dash"
        case .url: "url"
        case .email: "email"
        case .handle: "handle"
        case .hashtag: "hashtag"
        case .symbol: "sym"
        }
    }

    /// Tokens that carry words for the index and the entity tagger.
    @inlinable public var isWordLike: Bool {
        switch self {
        case .word, .number, .ordinal, .abbreviation, .handle, .hashtag: true
        default: false
        }
    }
}
