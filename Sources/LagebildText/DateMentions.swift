/// Absolute calendar dates written in a text ("1. November 2025", "November 1, 2025", "1 November 2025",
/// "01.11.2025", "2025-11-01", "Juni 2023"), found over the tokenizer's tokens, for the index: each becomes
/// index terms (`#d:2025-11-01` and `#m:2025-11` for a day, `#m:2023-06` for a month) so that `date:`
/// finds documents by the dates they mention. Relative expressions ("am Samstag") need the document's date
/// and the temporal tagger, and are not indexed.
public enum DateMentions {
    static let months: [String: Int] = {
        var table: [String: Int] = [:]
        let names = [
            ["januar", "jänner", "january", "jan"], ["februar", "feber", "february", "feb"], ["märz", "maerz", "march", "mär", "mar"],
            ["april", "apr"], ["mai", "may"], ["juni", "june", "jun"], ["juli", "july", "jul"], ["august", "aug"],
            ["september", "sept", "sep"], ["oktober", "october", "okt", "oct"], ["november", "nov"], ["dezember", "december", "dez", "dec"],
        ]
        for (k, forms) in names.enumerated() { for f in forms { table[f] = k + 1 } }
        return table
    }()

    /// The day and month terms of a date.
    public static func terms(year: Int, month: Int, day: Int?) -> [String] {
        let m = pad(year, 4) + "-" + pad(month, 2)
        return day.map { ["#d:" + m + "-" + pad($0, 2), "#m:" + m] } ?? ["#m:" + m]
    }

    static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }

    static func isYear(_ n: Int?) -> Bool { n.map { (1000...2999).contains($0) } ?? false }

    static func valid(_ year: Int, _ month: Int, _ day: Int?) -> Bool {
        guard isYear(year), (1...12).contains(month) else { return false }
        guard let day else { return true }
        let days = [31, year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return (1...days[month - 1]).contains(day)
    }

    /// Per token index where a date ends, its index terms.
    public static func scan(_ p: UnsafeBufferPointer<UInt8>, _ tokens: ArraySlice<Token>) -> [Int: [String]] {
        // Positions relative to the slice's start; no copy of the tokens.
        let list = UnsafeTokens(tokens: tokens)
        var found: [Int: [String]] = [:]
        // Cheap exit: no number, no date (most paragraphs).
        guard tokens.contains(where: { $0.kind == .number || $0.kind == .ordinal }) else { return found }
        func text(_ k: Int) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: p[list[k].span.range]), as: UTF8.self)
        }
        func number(_ k: Int) -> Int? {
            guard k < list.count, list[k].kind == .number || list[k].kind == .ordinal else { return nil }
            return Int(text(k).trimmingSuffix("."))
        }
        func month(_ k: Int) -> Int? {
            guard k < list.count, list[k].kind == .word || list[k].kind == .abbreviation, list[k].span.count <= 10 else { return nil }
            return months[text(k).lowercased().trimmingSuffix(".")]
        }
        func isNumber(_ k: Int) -> Bool { k < list.count && (list[k].kind == .number || list[k].kind == .ordinal) }
        var k = 0
        while k < list.count {
            defer { k += 1 }
            // Every date has a number at or right after its first token.
            guard isNumber(k) || isNumber(k + 1) else { continue }
            // "01.11.2025", "2025-11-01" as one number token.
            if list[k].kind == .number {
                let parts = text(k).split(whereSeparator: { $0 == "." || $0 == "-" || $0 == "/" }).map { Int($0) }
                if parts.count == 3, parts.allSatisfy({ $0 != nil }) {
                    let (a, b, c) = (parts[0]!, parts[1]!, parts[2]!)
                    let written = text(k)
                    if written.contains("-"), valid(a, b, c) { found[k] = terms(year: a, month: b, day: c) }
                    if written.contains("."), valid(c, b, a) { found[k] = terms(year: c, month: b, day: a) }
                    continue
                }
            }
            // "1. November 2025", "1 November 2025"
            if let day = number(k), (1...31).contains(day), let m = month(k + 1) {
                if let year = number(k + 2), list[k + 2].kind == .number, isYear(year) {
                    // An impossible day ("31. Februar 2025") is a mistake, not a month mention.
                    if valid(year, m, day) { found[k + 2] = terms(year: year, month: m, day: day) }
                    k += 2
                }
                continue
            }
            // "November 1, 2025", "November 2025", "Juni 2023"
            if let m = month(k) {
                if let day = number(k + 1), (1...31).contains(day), k + 3 < list.count, text(k + 2) == ",", let year = number(k + 3),
                    valid(year, m, day)
                {
                    found[k + 3] = terms(year: year, month: m, day: day)
                    k += 3
                } else if let year = number(k + 1), list[k + 1].kind == .number, valid(year, m, nil) {
                    found[k + 1] = terms(year: year, month: m, day: nil)
                    k += 1
                }
            }
        }
        return found
    }
}

/// A slice of tokens indexed from 0.
struct UnsafeTokens {
    let tokens: ArraySlice<Token>
    var count: Int { tokens.count }
    subscript(_ k: Int) -> Token { tokens[tokens.startIndex + k] }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}
