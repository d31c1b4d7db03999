/// The Snowball English ("Porter2") stemmer on lower-cased ASCII words given as bytes.
///
/// Checked against the reference implementation's output in `Tests/LagebildTextTests/Resources/stem-en.tsv`.
/// Words with non-ASCII letters are returned unchanged.
public enum EnglishStemmer {
    private static let exceptions: [String: String] = [
        "skis": "ski", "skies": "sky", "dying": "die", "lying": "lie", "tying": "tie", "idly": "idl",
        "gently": "gentl", "ugly": "ugli", "early": "earli", "only": "onli", "singly": "singl", "sky": "sky",
        "news": "news", "howe": "howe", "atlas": "atlas", "cosmos": "cosmos", "bias": "bias", "andes": "andes",
    ]
    private static let afterStep1a: Set<String> = [
        "inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed",
    ]

    @inline(__always)
    static func isVowel(_ c: UInt8) -> Bool {
        c == 0x61 || c == 0x65 || c == 0x69 || c == 0x6F || c == 0x75 || c == 0x79
    }

    public static func stem(_ word: [UInt8]) -> [UInt8] {
        guard word.count > 2, word.allSatisfy({ $0 < 0x80 }) else { return word }
        var w = word
        if w.first == 0x27 { w.removeFirst() }
        if let e = exceptions[String(decoding: w, as: UTF8.self)] { return Array(e.utf8) }
        // y at the start or after a vowel is a consonant: mark it as Y.
        for i in w.indices where w[i] == 0x79 && (i == 0 || isVowel(w[i - 1])) { w[i] = 0x59 }
        let (p1, p2) = regions(w)
        step0(&w)
        step1a(&w)
        if afterStep1a.contains(String(decoding: w, as: UTF8.self)) { return w }
        step1b(&w, p1)
        step1c(&w)
        step2(&w, p1)
        step3(&w, p1, p2)
        step4(&w, p2)
        step5(&w, p1, p2)
        for i in w.indices where w[i] == 0x59 { w[i] = 0x79 }
        return w
    }

    private static func vowel(_ w: [UInt8], _ i: Int) -> Bool { isVowel(w[i]) }

    static func regions(_ w: [UInt8]) -> (Int, Int) {
        let n = w.count
        func next(after start: Int) -> Int {
            var i = start
            while i < n, !isVowel(w[i]) { i += 1 }
            while i < n, isVowel(w[i]) { i += 1 }
            return i < n ? i + 1 : n
        }
        var p1 = next(after: 0)
        for prefix in ["gener", "commun", "arsen", "past", "univers", "later", "emerg", "organ"]
        where w.starts(with: prefix.utf8) {
            p1 = prefix.utf8.count
            break
        }
        let p2 = p1 < n ? next(after: p1) : n
        return (p1, p2)
    }

    /// R1 was set by an exceptional prefix ("past", "gener", …) that is the whole word.
    private static func regionFromPrefix(_ w: [UInt8]) -> Bool {
        ["gener", "commun", "arsen", "past", "univers", "later", "emerg", "organ"].contains {
            $0.utf8.count == w.count && w.starts(with: $0.utf8)
        }
    }

    private static func ends(_ w: [UInt8], _ s: String) -> Bool {
        let u = s.utf8
        return w.count >= u.count && w[(w.count - u.count)...].elementsEqual(u)
    }

    private static func replace(_ w: inout [UInt8], _ suffix: String, _ with: String) {
        w.removeLast(suffix.utf8.count)
        w.append(contentsOf: with.utf8)
    }

    /// A short syllable ends at `end` (exclusive).
    private static func shortSyllable(_ w: [UInt8], _ end: Int) -> Bool {
        if end == 2 { return isVowel(w[0]) && !isVowel(w[1]) }
        guard end >= 3 else { return false }
        let c = w[end - 1]
        return !isVowel(w[end - 3]) && isVowel(w[end - 2]) && !isVowel(c) && c != 0x77 && c != 0x78 && c != 0x59
    }

    private static func isShort(_ w: [UInt8], _ p1: Int) -> Bool {
        p1 >= w.count && shortSyllable(w, w.count)
    }

    private static func step0(_ w: inout [UInt8]) {
        for s in ["'s'", "'s", "'"] where ends(w, s) {
            w.removeLast(s.utf8.count)
            return
        }
    }

    private static func step1a(_ w: inout [UInt8]) {
        if ends(w, "sses") {
            w.removeLast(2)
        } else if ends(w, "ied") || ends(w, "ies") {
            w.removeLast(w.count > 4 ? 2 : 1)
        } else if ends(w, "us") || ends(w, "ss") {
            return
        } else if ends(w, "s") {
            // delete if the preceding part contains a vowel not immediately before the s
            if w.count >= 3, w[..<(w.count - 2)].contains(where: isVowel) { w.removeLast() }
        }
    }

    private static func step1b(_ w: inout [UInt8], _ p1: Int) {
        for s in ["eedly", "eed"] where ends(w, s) {
            let stem = String(decoding: w[..<(w.count - s.utf8.count)], as: UTF8.self)
            if stem == "proc" || stem == "exc" || stem == "succ" { return }
            if w.count - s.utf8.count >= p1 { replace(&w, s, "ee") }
            return
        }
        for s in ["ingly", "edly", "ing", "ed"] where ends(w, s) {
            let stem = w.count - s.utf8.count
            if s == "ing" {
                if stem == 2, !isVowel(w[0]), w[1] == 0x79 {  // dying, lying, tying
                    w.removeLast(4)
                    w.append(contentsOf: "ie".utf8)
                    return
                }
                let before = String(decoding: w[..<stem], as: UTF8.self)
                if ["inn", "out", "cann", "herr", "earr", "even"].contains(before) { return }
            }
            guard w[..<stem].contains(where: isVowel) else { return }
            w.removeLast(s.utf8.count)
            if ends(w, "at") || ends(w, "bl") || ends(w, "iz") {
                w.append(0x65)
            } else if w.count >= 2, w[w.count - 1] == w[w.count - 2],
                "bdfgmnprt".utf8.contains(w[w.count - 1])
            {
                w.removeLast()
            } else if isShort(w, p1) || regionFromPrefix(w) {
                w.append(0x65)
            }
            return
        }
    }

    private static func step1c(_ w: inout [UInt8]) {
        let n = w.count
        if n > 2, w[n - 1] == 0x79 || w[n - 1] == 0x59, !isVowel(w[n - 2]) { w[n - 1] = 0x69 }
    }

    private static let step2Rules: [(String, String)] = [
        ("ization", "ize"), ("ational", "ate"), ("fulness", "ful"), ("ousness", "ous"), ("iveness", "ive"),
        ("tional", "tion"), ("biliti", "ble"), ("lessli", "less"), ("entli", "ent"), ("ation", "ate"),
        ("alism", "al"), ("aliti", "al"), ("ousli", "ous"), ("iviti", "ive"), ("fulli", "ful"), ("enci", "ence"),
        ("anci", "ance"), ("abli", "able"), ("izer", "ize"), ("ator", "ate"), ("alli", "al"), ("bli", "ble"),
        ("ogi", "og"), ("li", ""),
    ]

    private static func step2(_ w: inout [UInt8], _ p1: Int) {
        for (s, r) in step2Rules where ends(w, s) {
            let stem = w.count - s.utf8.count
            guard stem >= p1 else { return }
            if s == "ogi" {
                if stem >= 1, w[stem - 1] == 0x6C { replace(&w, s, r) }
            } else if s == "li" {
                if stem >= 1, "cdeghkmnrt".utf8.contains(w[stem - 1]) { w.removeLast(2) }
            } else {
                replace(&w, s, r)
            }
            return
        }
    }

    private static let step3Rules: [(String, String)] = [
        ("ational", "ate"), ("tional", "tion"), ("alize", "al"), ("icate", "ic"), ("iciti", "ic"), ("ative", ""),
        ("ical", "ic"), ("ness", ""), ("ful", ""),
    ]

    private static func step3(_ w: inout [UInt8], _ p1: Int, _ p2: Int) {
        for (s, r) in step3Rules where ends(w, s) {
            let stem = w.count - s.utf8.count
            guard stem >= p1 else { return }
            if s == "ative" {
                if stem >= p2 { w.removeLast(5) }
            } else {
                replace(&w, s, r)
            }
            return
        }
    }

    private static let step4Suffixes = [
        "ement", "ance", "ence", "able", "ible", "ment", "ant", "ent", "ism", "ate", "iti", "ous", "ive", "ize", "ion",
        "al", "er", "ic",
    ]

    private static func step4(_ w: inout [UInt8], _ p2: Int) {
        for s in step4Suffixes where ends(w, s) {
            let stem = w.count - s.utf8.count
            guard stem >= p2 else { return }
            if s == "ion" {
                if stem >= 1, w[stem - 1] == 0x73 || w[stem - 1] == 0x74 { w.removeLast(3) }
            } else {
                w.removeLast(s.utf8.count)
            }
            return
        }
    }

    private static func step5(_ w: inout [UInt8], _ p1: Int, _ p2: Int) {
        let n = w.count
        guard n > 0 else { return }
        if w[n - 1] == 0x65 {
            if n - 1 >= p2 || (n - 1 >= p1 && !shortSyllable(w, n - 1)) { w.removeLast() }
        } else if w[n - 1] == 0x6C, n - 1 >= p2, n >= 2, w[n - 2] == 0x6C {
            w.removeLast()
        }
    }
}
