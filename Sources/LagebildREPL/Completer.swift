import Foundation
import LagebildQuery

/// TAB completion: the first word completes to commands and meta commands; after `show`, `dates` and
/// `similar` to document ids; after `entity`, `cooccur`, `quotes` and `timeline` to entity names (several words: "Dong J" → "Dong Jun");
/// in a search to field names, operators and, after `person:` and the like, entity names (quoted when
/// they have spaces); after `.open`, `.read`, `.output` and `.save` to file paths; elsewhere to keywords.
/// Driven by the same tables as parsing and help.
public struct Completer: Sendable {
    public var documentIDs: [String]
    /// Entity names, most mentioned first.
    public var entityNames: [String]
    /// The entries of a folder (names; folders end in "/"), for path completion.
    public var listFolder: @Sendable (String) -> [String]

    public init(documentIDs: [String] = [], entityNames: [String] = [],
                listFolder: @escaping @Sendable (String) -> [String] = Completer.folderEntries)
    {
        self.documentIDs = documentIDs
        self.entityNames = entityNames
        self.listFolder = listFolder
    }

    /// The entries of a folder on disk, folders marked with a trailing "/".
    public static func folderEntries(_ folder: String) -> [String] {
        let path = folder.isEmpty ? "." : folder
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.map { name in
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent(name), isDirectory: &isFolder)
            return isFolder.boolValue ? name + "/" : name
        }
    }

    /// Paths that continue `typed`: the entries of its folder that start with its last part (hidden
    /// entries only when that part starts with a dot).
    func paths(_ typed: String) -> [String] {
        let slash = typed.lastIndex(of: "/")
        let folder = slash.map { String(typed[...$0]) } ?? ""
        let start = slash.map { String(typed[typed.index(after: $0)...]) } ?? typed
        let expanded = folder.hasPrefix("~/") ? NSHomeDirectory() + folder.dropFirst() : folder
        return listFolder(expanded).filter { $0.hasPrefix(start) && (start.hasPrefix(".") || !$0.hasPrefix(".")) }
            .map { folder + $0 }.sorted()
    }

    /// Candidates for the word that ends at the end of `line` (the text left of the cursor).
    public func candidates(for line: String) -> [String] {
        let stage = line.split(separator: "|", omittingEmptySubsequences: false).last.map(String.init) ?? line
        let endsWithSpace = stage.last == " "
        let words = stage.split(separator: " ").map(String.init)
        let current = endsWithSpace ? "" : (words.last ?? "")
        let position = endsWithSpace ? words.count : max(0, words.count - 1)
        var pool: [String]
        if position >= 1, ["entity", "cooccur", "quotes", "timeline"].contains(words.first ?? "") {
            // The name may have several words: match all of them, offer the rest after the current word.
            let afterCommand = stage.drop(while: { (c: Character) in c == " " }).drop(while: { (c: Character) in c != " " })
            let typed = String(afterCommand.drop(while: { (c: Character) in c == " " }))
            // From the start of the name or of any of its words ("Gla" → "Glaser" for Bonnie Glaser).
            let lower = typed.lowercased()
            var matches: Set<String> = []
            for name in entityNames where matches.count < 50 {
                var rest = Substring(name)
                while !rest.isEmpty {
                    if rest.lowercased().hasPrefix(lower) {
                        matches.insert(current + rest.dropFirst(typed.count))
                        break
                    }
                    rest = rest.drop(while: { (c: Character) in c != " " }).dropFirst()
                }
            }
            return matches.sorted()
        }
        if position >= 1, words.first == "search" {
            return searchCandidates(current)
        }
        if position == 1, [".open", ".read", ".output", ".save"].contains(words.first ?? "") {
            return paths(current)
        }
        if position == 0 {
            pool = CommandCatalog.commands.map(\.name)
            if !line.contains("|") { pool += MetaCommands.all.map(\.name) }
        } else {
            switch words.first ?? "" {
            case "show", "dates", "similar": pool = position == 1 ? documentIDs : []
            case "help", ".help": pool = CommandCatalog.commands.map(\.name) + MetaCommands.all.map(\.name)
            case ".mode": pool = OutputMode.allCases.map(\.rawValue)
            case ".timer": pool = ["on", "off"]
            case "docs": pool = ["limit"]
            default: pool = []
            }
        }
        return pool.filter { $0.hasPrefix(current) }.sorted()
    }

    func searchCandidates(_ current: String) -> [String] {
        let typed = current.drop { $0 == "(" }
        let opening = String(current.prefix(current.count - typed.count))
        if let colon = typed.firstIndex(of: ":") {
            let field = String(typed[..<colon]).lowercased()
            let value = typed[typed.index(after: colon)...].drop { $0 == "\"" }.lowercased()
            let head = opening + typed[...colon]
            switch field {
            case "person", "org", "loc", "oth", "entity":
                var matches: [String] = []
                for name in entityNames where matches.count < 50 {
                    let words = name.lowercased().split(separator: " ")
                    guard name.lowercased().hasPrefix(value) || words.contains(where: { $0.hasPrefix(value) }) else { continue }
                    matches.append(head + (name.contains(" ") ? "\"" + name + "\"" : name))
                }
                return matches.sorted()
            case "doc": return documentIDs.filter { $0.hasPrefix(value) }.map { head + $0 }
            case "lang": return ["de", "en"].filter { $0.hasPrefix(value) }.map { head + $0 }
            default: return []
            }
        }
        let pool = ["limit", "AND", "OR", "NOT"] + SearchField.names.map { $0 + ":" }
        return pool.filter { $0.hasPrefix(typed) }.map { opening + $0 }.sorted()
    }

    /// What TAB does to `line` (the text left of the cursor): delete `delete` characters before the cursor
    /// and insert `insert`, or, when there is nothing to add, list the candidates (`list`). A candidate
    /// that does not continue the typed word replaces it ("person:Heg" → `person:"Pete Hegseth"`).
    public struct Edit: Equatable, Sendable {
        public var delete = 0
        public var insert = ""
        public var list: [String] = []
    }

    public func edit(for line: String) -> Edit? {
        let candidates = candidates(for: line)
        guard !candidates.isEmpty else { return nil }
        let typed = line.last == " " || line.last == "|" ? ""
            : String(line.split(separator: " ").last ?? "").split(separator: "|").last.map(String.init) ?? ""
        let common = Completer.commonPrefix(candidates)
        if common.hasPrefix(typed), common.count > typed.count {
            // A single candidate is finished with a space, unless it is a folder to go on in.
            return Edit(insert: String(common.dropFirst(typed.count)) + (candidates.count == 1 && !common.hasSuffix("/") ? " " : ""))
        }
        if candidates.count == 1, !candidates[0].hasPrefix(typed) {
            return Edit(delete: typed.count, insert: candidates[0] + " ")
        }
        return Edit(list: candidates)
    }

    /// The longest common prefix of the candidates.
    public static func commonPrefix(_ candidates: [String]) -> String {
        guard var prefix = candidates.first else { return "" }
        for c in candidates.dropFirst() {
            while !c.hasPrefix(prefix) { prefix.removeLast() }
        }
        return prefix
    }
}
