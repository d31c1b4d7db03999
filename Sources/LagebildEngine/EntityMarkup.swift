/// Entity mentions marked inside result text (`show`), so that each renderer can present them its own
/// way: a colour on a terminal, `[Pete Hegseth|PER]` everywhere else. A mark is the mention's text
/// between U+E000 and U+E001, then its class and U+E002 (private-use characters that news text does
/// not contain).
public enum EntityMarkup {
    static let open: Character = "\u{E000}", separator: Character = "\u{E001}", close: Character = "\u{E002}"
    /// The class of a search match in a snippet: bold on a terminal, `**word**` elsewhere.
    public static let match = "match"

    public static func mark(_ text: some StringProtocol, _ entityClass: String) -> String {
        String(open) + text + String(separator) + entityClass + String(close)
    }

    public struct Span: Equatable, Sendable {
        /// Character offsets into the plain text.
        public var range: Range<Int>
        public var entityClass: String
    }

    /// The text without marks, and where the marked mentions are in it.
    public static func parse(_ text: String) -> (plain: String, spans: [Span]) {
        guard text.contains(open) else { return (text, []) }
        var plain = "", spans: [Span] = []
        var count = 0, start = 0, inClass = false, cls = ""
        for c in text {
            switch c {
            case open: start = count
            case separator: inClass = true
            case close:
                spans.append(Span(range: start..<count, entityClass: cls))
                inClass = false
                cls = ""
            default:
                if inClass {
                    cls.append(c)
                } else {
                    plain.append(c)
                    count += 1
                }
            }
        }
        return (plain, spans)
    }

    /// `[Pete Hegseth|PER]`, and `**word**` for a search match.
    public static func bracketed(_ text: String) -> String {
        guard text.contains(open) else { return text }
        var out = "", inner = "", cls = ""
        var inMark = false, inClass = false
        for c in text {
            switch c {
            case open:
                inMark = true
                inner = ""
                cls = ""
            case separator: inClass = true
            case close:
                out += cls == match ? "**" + inner + "**" : "[" + inner + "|" + cls + "]"
                inMark = false
                inClass = false
            default:
                if inClass { cls.append(c) } else if inMark { inner.append(c) } else { out.append(c) }
            }
        }
        return out
    }
}
