public import LagebildText
import LagebildTime

/// A calendar date as given by metadata: year, month and day, any of the finer parts possibly unknown.
public struct DocumentDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int?
    public var day: Int?

    init(year: Int, month: Int?, day: Int?) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses "2025-11-02", "2025-11-02T10:30:00Z", "2025-11", "2025", "02.11.2025".
    public init?(parsing text: String) {
        let s = text.trimmingCharacters(in: .whitespaces)
        let digits = s.split(whereSeparator: { !$0.isNumber }).map(String.init)
        guard let first = digits.first else { return nil }
        if first.count == 4, let y = Int(first) {
            year = y
            month = digits.count > 1 ? Int(digits[1]) : nil
            day = digits.count > 2 ? Int(digits[2]) : nil
        } else if digits.count >= 3, digits[2].count == 4, let y = Int(digits[2]) {
            year = y
            month = Int(digits[1])
            day = Int(digits[0])
        } else {
            return nil
        }
        guard (1000...2999).contains(year) else { return nil }
        if let m = month, !(1...12).contains(m) { return nil }
        if let d = day, !(1...31).contains(d) { return nil }
    }

    public var description: String {
        var s = CalendarDate.pad(year, 4)
        if let month { s += "-" + CalendarDate.pad(month, 2) }
        if let day { s += "-" + CalendarDate.pad(day, 2) }
        return s
    }

    public static func < (a: DocumentDate, b: DocumentDate) -> Bool {
        (a.year, a.month ?? 0, a.day ?? 0) < (b.year, b.month ?? 0, b.day ?? 0)
    }
}

/// What is known about a document besides its text.
public struct DocumentMetadata: Sendable, Hashable {
    /// Stable id: the file name without extension, or the JSONL `id`, or "file:line".
    public var id: String
    /// Where it came from: a path, or "path:line" for JSONL.
    public var origin: String
    public var title: String?
    public var source: String?
    public var url: String?
    /// The document creation time, when metadata gives one; otherwise unknown.
    public var date: DocumentDate?
    public var language: Language?

    public init(id: String, origin: String) {
        self.id = id
        self.origin = origin
    }

    /// Fills fields from a key/value source (manifest line, front matter, JSONL object). Unknown keys are ignored.
    mutating func apply(_ fields: [String: String]) {
        for (key, value) in fields where !value.isEmpty {
            switch key.lowercased() {
            case "id": id = value
            case "title", "headline": title = value
            case "source", "publisher", "site": source = value
            case "url", "link": url = value
            case "date", "published", "dct", "created": date = DocumentDate(parsing: value) ?? date
            case "lang", "language": language = Language(code: value) ?? language
            default: break
            }
        }
    }
}

/// A document as read from the corpus, before analysis.
public struct RawDocument: Sendable {
    public var metadata: DocumentMetadata
    public var bytes: [UInt8]
}

/// Something in the corpus that could not be used as it was.
public struct LoadProblem: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable {
        /// Not analysed.
        case skipped
        /// Analysed after a repair.
        case repaired
    }

    /// A path, or "path:line".
    public var origin: String
    public var severity: Severity
    public var reason: String

    public init(_ origin: String, _ severity: Severity, _ reason: String) {
        self.origin = origin
        self.severity = severity
        self.reason = reason
    }

    public var description: String { "\(origin): \(severity.rawValue): \(reason)" }
}

/// What a corpus source yields.
public enum CorpusItem: Sendable {
    case document(RawDocument)
    case problem(LoadProblem)
}

public enum EngineError: Error, Sendable, CustomStringConvertible {
    case corpusNotFound(String)
    case unreadableCorpus(String, String)
    case unknownDocument(String)
    case ambiguousDocument(String, [String])
    case unknownEntity(String)

    public var description: String {
        switch self {
        case .corpusNotFound(let path): "no corpus at '\(path)' (a folder, a .jsonl or .jsonl.gz file, or a .txt/.md file)"
        case .unreadableCorpus(let path, let why): "cannot read '\(path)': \(why)"
        case .unknownDocument(let id): "no document '\(id)' (see 'docs')"
        case .ambiguousDocument(let id, let matches):
            "'\(id)' matches \(matches.count) documents: \(matches.prefix(5).joined(separator: ", "))"
        case .unknownEntity(let name): "no entity named '\(name)' (see 'entities')"
        }
    }
}

import Foundation
