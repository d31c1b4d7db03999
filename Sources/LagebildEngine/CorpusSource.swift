import Foundation
import LagebildText

/// A corpus on disk, streamed as raw documents and load problems, in a stable order.
///
/// - a folder, walked recursively in name order: `.txt` and `.md` files are documents (front matter in
///   `.md` gives metadata), `.jsonl`/`.jsonl.gz` files inside are read line by line, a `manifest.jsonl`
///   gives metadata per file name, anything else is skipped and listed;
/// - a `.jsonl` or `.jsonl.gz` file: one JSON object a line with a required `text` and optional `id`,
///   `title`, `date`, `source`, `url`, `lang`;
/// - a single `.txt` or `.md` file.
///
/// Reading is pull-based: `next()` reads the next document only when the pipeline asks for it, so memory
/// stays bounded by the documents in flight, not the corpus size.
public struct CorpusSource: AsyncSequence, Sendable {
    public typealias Element = CorpusItem
    public let path: String

    /// Files larger than this are skipped and reported (a document is analysed in memory).
    public static let maximumFileSize = 256 << 20

    public init(path: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw EngineError.corpusNotFound(path)
        }
        if !isDirectory.boolValue, CorpusSource.kind(of: path) == nil {
            throw EngineError.corpusNotFound(path)
        }
        self.path = path
    }

    enum FileKind { case text, markdown, jsonl }

    static func kind(of path: String) -> FileKind? {
        let lower = path.lowercased()
        if lower.hasSuffix(".txt") { return .text }
        if lower.hasSuffix(".md") || lower.hasSuffix(".markdown") { return .markdown }
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".jsonl.gz") || lower.hasSuffix(".ndjson")
            || lower.hasSuffix(".ndjson.gz")
        {
            return .jsonl
        }
        return nil
    }

    public func makeAsyncIterator() -> Iterator { Iterator(root: path) }

    /// Reads up to `limit` items synchronously (for tools and benchmarks that want a corpus in memory).
    public func collect(limit: Int = .max) throws -> [CorpusItem] {
        let iterator = Iterator(root: path)
        var items: [CorpusItem] = []
        while items.count < limit, let item = try iterator.nextItem() { items.append(item) }
        return items
    }

    public final class Iterator: AsyncIteratorProtocol {
        private var files: [String]
        private var pending: [CorpusItem] = []
        private var lines: LineSplitter? = nil
        private var linesPath = ""
        private var manifests: [String: [String: [String: String]]] = [:]

        init(root: String) {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory)
            if isDirectory.boolValue {
                files = []
                pending = []
                walk(root)
                files.reverse()
            } else {
                files = [root]
            }
        }

        private func walk(_ root: String) {
            guard let enumerator = FileManager.default.enumerator(atPath: root) else {
                pending.append(.problem(LoadProblem(root, .skipped, "cannot list the folder")))
                return
            }
            var found: [String] = []
            while let relative = enumerator.nextObject() as? String {
                let name = (relative as NSString).lastPathComponent
                if name.hasPrefix(".") {
                    enumerator.skipDescendants()
                    continue
                }
                let full = (root as NSString).appendingPathComponent(relative)
                var isDirectory: ObjCBool = false
                let exists = FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory)
                if exists && isDirectory.boolValue { continue }
                if name == "manifest.jsonl" {
                    loadManifest(full)
                    continue
                }
                found.append(full)
            }
            files = found.sorted()
        }

        /// `manifest.jsonl` beside the files: `{"file": "a.txt", "date": "2025-11-02", "source": "…", …}`.
        private func loadManifest(_ path: String) {
            let folder = (path as NSString).deletingLastPathComponent
            guard let data = FileManager.default.contents(atPath: path) else {
                pending.append(.problem(LoadProblem(path, .skipped, "cannot read the manifest")))
                return
            }
            var entries: [String: [String: String]] = [:]
            for (number, line) in data.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
                let bytes = [UInt8](line)
                guard bytes.contains(where: { $0 > 0x20 }) else { continue }
                do {
                    let fields = try JSONObjectParser.parse(bytes)
                    let strings = fields.mapValues { String(decoding: $0, as: UTF8.self) }
                    guard let file = strings["file"] else {
                        pending.append(.problem(LoadProblem("\(path):\(number + 1)", .skipped, "manifest entry without \"file\"")))
                        continue
                    }
                    entries[file] = strings
                } catch {
                    pending.append(.problem(LoadProblem("\(path):\(number + 1)", .skipped,
                                                        "malformed JSON at column \(error.column): \(error.message)")))
                }
            }
            manifests[folder] = entries
        }

        public func next() async throws -> CorpusItem? { try nextItem() }

        /// The next item, read synchronously (file reads are short and bounded by one chunk).
        func nextItem() throws -> CorpusItem? {
            while true {
                if let item = pending.popLast() { return item }
                if let lines {
                    if let item = try nextLine(lines) { return item }
                    self.lines = nil
                    continue
                }
                guard let file = files.popLast() else { return nil }
                if let item = read(file) { return item }
            }
        }

        private func read(_ path: String) -> CorpusItem? {
            guard let kind = CorpusSource.kind(of: path) else {
                let ext = (path as NSString).pathExtension
                return .problem(LoadProblem(path, .skipped, "not a corpus file" + (ext.isEmpty ? "" : " (.\(ext))")))
            }
            if kind == .jsonl {
                do {
                    lines = LineSplitter(try ByteStream(path: path))
                    linesPath = path
                } catch {
                    return .problem(LoadProblem(path, .skipped, "\(error)"))
                }
                return nil
            }
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            if let size = attributes?[.size] as? Int, size > CorpusSource.maximumFileSize {
                return .problem(LoadProblem(path, .skipped, "file too large (\(size >> 20) MiB)"))
            }
            guard let data = FileManager.default.contents(atPath: path) else {
                return .problem(LoadProblem(path, .skipped, "unreadable file"))
            }
            let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
            var metadata = DocumentMetadata(id: name, origin: path)
            var bytes = [UInt8](data)
            if kind == .markdown, let (fields, bodyStart) = FrontMatter.parse(bytes) {
                metadata.apply(fields)
                bytes.removeSubrange(0..<bodyStart)
            }
            let folder = (path as NSString).deletingLastPathComponent
            if let entry = manifests[folder]?[(path as NSString).lastPathComponent] { metadata.apply(entry) }
            return .document(RawDocument(metadata: metadata, bytes: bytes))
        }

        private func nextLine(_ lines: LineSplitter) throws -> CorpusItem? {
            while true {
                let line: [UInt8]
                do {
                    guard let next = try lines.next() else { return nil }
                    line = next
                } catch {
                    // A read error ends this file (retrying would fail the same way); the rest of it is lost.
                    self.lines = nil
                    return .problem(LoadProblem("\(linesPath):\(lines.lineNumber + 1)", .skipped,
                                                "\(error); the rest of the file was not read"))
                }
                let origin = "\(linesPath):\(lines.lineNumber)"
                guard line.contains(where: { $0 > 0x20 }) else { continue }
                let fields: [String: [UInt8]]
                do {
                    fields = try JSONObjectParser.parse(line)
                } catch {
                    return .problem(LoadProblem(origin, .skipped,
                                                "malformed JSON at column \(error.column): \(error.message)"))
                }
                guard let text = fields["text"] else {
                    return .problem(LoadProblem(origin, .skipped, "no \"text\" field"))
                }
                var file = (linesPath as NSString).lastPathComponent
                if file.hasSuffix(".gz") { file.removeLast(3) }
                let name = (file as NSString).deletingPathExtension
                var metadata = DocumentMetadata(id: "\(name):\(lines.lineNumber)", origin: origin)
                var strings: [String: String] = [:]
                for (key, value) in fields where key != "text" { strings[key] = String(decoding: value, as: UTF8.self) }
                metadata.apply(strings)
                return .document(RawDocument(metadata: metadata, bytes: text))
            }
        }
    }
}

/// YAML-style front matter at the top of a Markdown file: `---`, `key: value` lines, `---`.
enum FrontMatter {
    static func parse(_ bytes: [UInt8]) -> ([String: String], Int)? {
        var start = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        guard bytes[start...].starts(with: Array("---".utf8)) else { return nil }
        let text = String(decoding: bytes[start...].prefix(64 * 1024), as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.first?.trimmingCharacters(in: .whitespacesAndNewlines) == "---" else { return nil }
        var fields: [String: String] = [:]
        var consumed = lines[0].utf8.count + 1
        for line in lines.dropFirst() {
            consumed += line.utf8.count + 1
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed == "---" || trimmed == "..." { return (fields, min(start + consumed, bytes.count)) }
            guard let colon = trimmed.firstIndex(of: ":") else { continue }
            let key = trimmed[..<colon].trimmingCharacters(in: .whitespaces)
            var value = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.first == "\"" || value.first == "'", value.last == value.first {
                value = String(value.dropFirst().dropLast())
            }
            fields[key] = value
        }
        return nil
    }
}
