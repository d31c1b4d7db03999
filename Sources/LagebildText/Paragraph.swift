/// What a paragraph is to the reader of a news page.
public enum ParagraphRole: UInt8, Sendable, CaseIterable, Codable, CustomStringConvertible {
    /// Headline, and a kicker line above it.
    case title
    /// The first paragraph of the story, usually a summary.
    case lead
    /// An intertitle inside the story.
    case heading
    case body
    /// A picture caption.
    case caption
    /// A photo credit, an agency line, the attribution line of an embedded post.
    case credit
    /// An embedded social-media post quoted in the story.
    case embed
    /// Page furniture: navigation, "read more" blocks, comment sections, publisher notices, browser warnings.
    case boilerplate

    public var description: String {
        switch self {
        case .title: "title"
        case .lead: "lead"
        case .heading: "heading"
        case .body: "body"
        case .caption: "caption"
        case .credit: "credit"
        case .embed: "embed"
        case .boilerplate: "boilerplate"
        }
    }

    /// Roles whose text is part of the story and feeds extraction and the index.
    public var isStoryText: Bool {
        switch self {
        case .title, .lead, .heading, .body, .embed: true
        case .caption, .credit, .boilerplate: false
        }
    }
}

public enum Language: UInt8, Sendable, CaseIterable, Codable, CustomStringConvertible {
    case unknown
    case german
    case english

    public var description: String {
        switch self {
        case .unknown: "?"
        case .german: "de"
        case .english: "en"
        }
    }

    public init?(code: String) {
        switch code.lowercased() {
        case "de", "deu", "ger", "german", "deutsch": self = .german
        case "en", "eng", "english", "englisch": self = .english
        default: return nil
        }
    }
}

/// One paragraph of a document: where it is, what it is, and which language it is in.
public struct Paragraph: Hashable, Sendable {
    public var span: TextSpan
    public var role: ParagraphRole
    public var language: Language

    public init(span: TextSpan, role: ParagraphRole, language: Language) {
        self.span = span
        self.role = role
        self.language = language
    }
}
