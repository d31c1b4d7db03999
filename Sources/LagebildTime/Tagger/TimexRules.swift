import Foundation

/// The temporal tagger's language knowledge, read from a rules file (`Resources/<language>.rules`), so
/// that a language is added by writing a file, not code:
///
///     list month: januar=01 jänner=01 februar=02 …
///     rule DATE full-date: {day:\d{1,2}}\.\s*{month:@month}\s+{year:\d{4}} => date({year}, {month@month}, {day})
///
/// A rule is a type, a name, a regular expression (ICU's syntax, matched case-insensitively by `ByteRegex`)
/// and a value function.
/// In the expression `{name:regex}` is a named group and `@list` any word of a list (longest first). The
/// value function is one of `TemporalTagger`'s resolvers; its arguments are literals, `{group}` (the
/// matched text) or `{group@list}` (the matched text's value in a list). A group `{x:…}` marks the
/// expression's extent when the match includes context ("am {x:Sonntag}"). `#` starts a comment.
public struct TimexRules: Sendable {
    public struct Rule: @unchecked Sendable {
        public var name: String
        public var kind: Timex.Kind
        /// The expression with groups and lists written out, in ICU's syntax.
        public let pattern: String
        let matcher: ByteRegex
        public var function: String
        public var arguments: [String]
        /// Whether the expression has a group `x` that marks the extent (the rest is context).
        var hasExtent: Bool
        /// What every match contains (nil: nothing certain; the rule is run on the whole text).
        var anchors: RuleAnchors?
    }

    public struct ParseError: Error, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "rules line \(line): \(message)" }
    }

    public private(set) var lists: [String: [String: String]] = [:]
    public private(set) var rules: [Rule] = []
    /// The distinct strings the rules' anchors name, by number, for finding them all in one pass.
    private(set) var anchorStrings = AnchorStrings.empty
    /// The rules' anchors as numbers, for telling quickly which rules can match a text.
    private(set) var gate = AnchorGate()

    public init(text: String) throws(ParseError) {
        var ordered: [String: [String]] = [:]
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("list ") {
                guard let colon = line.firstIndex(of: ":") else { throw ParseError(line: n + 1, message: "expected `list NAME: word=value …`") }
                let name = line[line.index(line.startIndex, offsetBy: 5)..<colon].trimmingCharacters(in: .whitespaces)
                var list: [String: String] = lists[name] ?? [:]
                var words = ordered[name] ?? []
                for item in line[line.index(after: colon)...].split(separator: " ") {
                    let parts = item.split(separator: "=", maxSplits: 1)
                    let word = parts[0].replacingOccurrences(of: "_", with: " ").lowercased()
                    list[word] = parts.count > 1 ? String(parts[1]) : word
                    words.append(word)
                }
                lists[name] = list
                ordered[name] = words
            } else if line.hasPrefix("rule ") {
                rules.append(try Self.rule(line, n + 1, ordered))
            } else {
                throw ParseError(line: n + 1, message: "expected `list …` or `rule …`")
            }
        }
        var numbers: [[UInt8]: Int] = [:]
        for r in rules.indices { rules[r].anchors?.number(&numbers) }
        var strings = Array(repeating: [UInt8](), count: numbers.count)
        for (bytes, id) in numbers { strings[id] = bytes }
        anchorStrings = AnchorStrings(strings)
        for rule in rules { gate.append(rule.anchors) }
    }

    static func rule(_ line: String, _ n: Int, _ lists: [String: [String]]) throws(ParseError) -> Rule {
        guard let colon = line.firstIndex(of: ":"), let arrow = line.range(of: " => ", options: .backwards) else {
            throw ParseError(line: n, message: "expected `rule TYPE NAME: REGEX => function(arguments)`")
        }
        let head = line[line.index(line.startIndex, offsetBy: 5)..<colon].split(separator: " ")
        guard head.count == 2, let kind = Timex.Kind(rawValue: String(head[0])) else {
            throw ParseError(line: n, message: "a rule starts with DATE, TIME, DURATION or SET and a name")
        }
        var pattern = line[line.index(after: colon)..<arrow.lowerBound].trimmingCharacters(in: .whitespaces)
        // {name:regex} → (?<name>regex); @list → (?:a|b|…)
        pattern = pattern.replacingOccurrences(of: #"\{([a-zA-Z]+):"#, with: "(?<$1>", options: .regularExpression)
        pattern = Self.closeGroups(pattern)
        for (name, words) in lists.sorted(by: { $0.key.count > $1.key.count }) {
            let alternatives = words.sorted { $0.count > $1.count }.map { NSRegularExpression.escapedPattern(for: $0) }
            pattern = pattern.replacingOccurrences(of: "@" + name, with: "(?:" + alternatives.joined(separator: "|") + ")")
        }
        let matcher: ByteRegex
        do {
            // `\b` is ICU's simple boundary between word and non-word characters (Unicode letters are word
            // characters either way); the Unicode word-break rules ran a break iterator on every match
            // attempt and gave the same TimeML on both KRAUTS corpora and TimeBank/AQUAINT.
            matcher = try ByteRegex(pattern)
        } catch {
            throw ParseError(line: n, message: "bad regular expression: \(error.description)")
        }
        let call = line[arrow.upperBound...].trimmingCharacters(in: .whitespaces)
        guard let open = call.firstIndex(of: "("), call.hasSuffix(")") else {
            throw ParseError(line: n, message: "expected a value function like date({year}, {month@month}, {day})")
        }
        let function = String(call[..<open])
        let arguments = call[call.index(after: open)..<call.index(before: call.endIndex)]
            .split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard TemporalTagger.functions.contains(function) else {
            throw ParseError(line: n, message: "unknown value function \(function)")
        }
        for argument in arguments where argument.hasPrefix("{") {
            let group = argument.dropFirst().dropLast().split(separator: "@").first.map(String.init) ?? ""
            guard pattern.contains("(?<\(group)>") else { throw ParseError(line: n, message: "no group {\(group):…} for argument \(argument)") }
        }
        return Rule(name: String(head[1]), kind: kind, pattern: pattern, matcher: matcher, function: function, arguments: arguments,
                    hasExtent: pattern.contains("(?<x>"), anchors: RuleAnchors.of(pattern: pattern))
    }

    /// The `}` that closes each `{name:` group (already rewritten to `(?<name>`) becomes `)`; other
    /// braces (quantifiers) stay. A stack says for every open bracket whether it is such a group.
    static func closeGroups(_ pattern: String) -> String {
        var out = ""
        var depth: [Bool] = []
        let chars = Array(pattern)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "(" && i + 2 < chars.count && chars[i + 1] == "?" && chars[i + 2] == "<" && !(i + 3 < chars.count && (chars[i + 3] == "=" || chars[i + 3] == "!")) {
                // A named group (not a look-behind): its closing brace becomes ")".
                out.append(c)
                depth.append(true)
                i += 1
                continue
            }
            if c == "\\" && i + 1 < chars.count {
                out.append(c)
                out.append(chars[i + 1])
                i += 2
                continue
            }
            if c == "{" { depth.append(false) }
            if c == "(" { depth.append(false) }
            if c == ")" { _ = depth.popLast() }
            if c == "}" {
                // Closes a quantifier, or a named group whose "(" is the innermost open group entry.
                if let last = depth.last, last {
                    depth.removeLast()
                    out.append(")")
                    i += 1
                    continue
                }
                _ = depth.popLast()
            }
            out.append(c)
            i += 1
        }
        return out
    }

    public static func bundled(language: String) throws -> TimexRules {
        guard let url = Bundle.module.url(forResource: language, withExtension: "rules") else {
            throw ParseError(line: 0, message: "no rules for language \(language)")
        }
        return try TimexRules(text: String(decoding: try Data(contentsOf: url), as: UTF8.self))
    }
}
