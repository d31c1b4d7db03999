/// A file of tagged tokens: GermEval 2014 TSV (`index TAB token TAB outer TAB inner`, `#` comment
/// lines, blank lines between sentences) or two-column CoNLL (`token TAG`). The original lines are
/// kept so that a tagged copy can be written with only the tag column replaced.
public struct TaggedCorpus: Sendable {
    public struct Sentence: Sendable {
        public var tokens: [String]
        public var tags: [EntityTag]
        /// For each token, the line it came from.
        public var lines: [Int]
    }

    public enum Format: Sendable { case germEval, conll }

    public private(set) var lines: [String]
    public private(set) var sentences: [Sentence]
    public let format: Format
    /// Token lines dropped because their tag was missing or unknown (only with `skipBadLines`).
    public private(set) var skippedLines = 0

    public struct ParseError: Error, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    /// Reads a corpus. With `requireTags`, every token line needs a known tag (for training and
    /// scoring); without it the tag column may be missing or anything (for tagging). `mapTag` turns a
    /// foreign tag set's class names into this one's (nil drops the entity).
    public init(
        text: String, requireTags: Bool = true,
        mapClass: (@Sendable (Substring) -> EntityClass?)? = nil, skipBadLines: Bool = false
    ) throws(ParseError) {
        var lines: [String] = []
        var sentences: [Sentence] = []
        var current = Sentence(tokens: [], tags: [], lines: [])
        var format: Format?
        var skippedLines = 0
        func flush() {
            if !current.tokens.isEmpty { sentences.append(current) }
            current = Sentence(tokens: [], tags: [], lines: [])
        }
        var lineNumber = 0
        // "\r\n" is one Character in Swift: split on it as well as on "\n" (files with Windows line ends).
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            lineNumber += 1
            let line = rawLine.last == "\r" ? rawLine.dropLast() : rawLine
            lines.append(String(line))
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { flush(); continue }
            if line.hasPrefix("#\t") || line == "#" || (format != .conll && line.hasPrefix("# ")) { continue }
            let tabbed = line.split(separator: "\t", omittingEmptySubsequences: false)
            let token: Substring
            let tagText: Substring?
            if tabbed.count >= 2, Int(tabbed[0]) != nil, format != .conll {
                format = .germEval
                token = tabbed[1]
                tagText = tabbed.count > 2 ? tabbed[2] : nil
            } else {
                if format == .germEval {
                    throw ParseError(line: lineNumber, message: "expected `index TAB token TAB tag`, found \"\(line.prefix(60))\"")
                }
                format = .conll
                let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
                token = fields[0]
                tagText = fields.count > 1 ? fields[fields.count - 1] : nil
            }
            var tag = EntityTag.outside
            if let tagText, !tagText.isEmpty {
                if let parsed = Self.parseTag(tagText, mapClass: mapClass) {
                    tag = parsed
                } else if skipBadLines {
                    skippedLines += 1
                    continue
                } else if requireTags {
                    throw ParseError(line: lineNumber, message: "unknown tag \"\(tagText)\"")
                }
            } else if skipBadLines {
                skippedLines += 1
                continue
            } else if requireTags {
                throw ParseError(line: lineNumber, message: "token \"\(token)\" has no tag")
            }
            current.tokens.append(String(token))
            current.tags.append(tag)
            current.lines.append(lines.count - 1)
            // Two-column files may have no sentence breaks at all: end a sentence at its final punctuation.
            if format == .conll, current.tokens.count >= 5, token == "." || token == "!" || token == "?" { flush() }
        }
        flush()
        if lines.last == "" { lines.removeLast() }
        self.lines = lines
        self.sentences = sentences
        self.format = format ?? .germEval
        self.skippedLines = skippedLines
    }

    private static func parseTag(_ text: Substring, mapClass: (@Sendable (Substring) -> EntityClass?)?) -> EntityTag? {
        guard let mapClass else { return EntityTag(code: text) }
        if text == "O" { return .outside }
        guard text.count > 2, text.dropFirst().first == "-" else { return nil }
        guard let c = mapClass(text.dropFirst(2)) else { return .outside }
        switch text.first {
        case "B": return .begin(c)
        case "I": return .inside(c)
        default: return nil
        }
    }

    /// Class names of other German corpora mapped onto the GermEval types: Europeana's PER/LOC/ORG,
    /// CoNLL's MISC, the legal corpus's fine classes (judges and lawyers are persons; countries, cities,
    /// streets and landscapes locations; companies, institutions, courts and brands organisations;
    /// laws, regulations, contracts, decisions and literature other names).
    @Sendable public static func foreignClass(_ code: Substring) -> EntityClass? {
        if let c = EntityClass(code: code) { return c }
        switch code.uppercased() {
        case "PER", "RR", "AN": return EntityClass(.person)
        case "LD", "ST", "STR", "LDS": return EntityClass(.location)
        case "UN", "INN", "GRT", "MRK": return EntityClass(.organisation)
        case "GS", "VO", "EUN", "VS", "VT", "RS", "LIT": return EntityClass(.other)
        default: return nil
        }
    }

    public var tokenCount: Int { sentences.reduce(0) { $0 + $1.tokens.count } }

    /// The file again, with each token's tag column replaced by `tags[sentence][token]`; every other
    /// line and column stays as it was.
    public func rendered(with tags: [[EntityTag]]) -> String {
        var out = lines
        for (s, sentence) in sentences.enumerated() {
            for (t, lineIndex) in sentence.lines.enumerated() {
                let tag = tags[s][t].description
                switch format {
                case .germEval:
                    var fields = out[lineIndex].split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                    if fields.count >= 3 { fields[2] = tag } else { fields.append(tag) }
                    out[lineIndex] = fields.joined(separator: "\t")
                case .conll:
                    out[lineIndex] = sentence.tokens[t] + " " + tag
                }
            }
        }
        return out.joined(separator: "\n") + "\n"
    }
}
