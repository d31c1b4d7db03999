import CZlib
import Foundation
import LagebildEntities
import LagebildIndex
import LagebildText
import LagebildTimeline

/// The snapshot file: a whole analysed corpus (documents with their structure, mentions and quotes, the
/// index, the entity registry, problems and statistics), saved to load in a fraction of the time analysis
/// takes.
///
/// Layout: a 32-byte header (magic `LAGEBILD`, format version, flags, payload length, CRC-32 of the
/// payload), then the payload: a table of section lengths, the number of document chunks and of index
/// shards, then the sections, each written field by field with `BinaryWriter`: metadata (name, problems,
/// statistics), the documents in chunks of 4,096, the index shards, the entity registry, the mentions'
/// entities. Sections decode in parallel (and the checksum is
/// computed in parallel beside them), so loading takes a fraction of reading and analysing. Saving writes a temporary file
/// beside the target, flushes it to disk and renames it over the target, so a crash or kill during a save
/// leaves the previous file whole. Loading checks magic, version, length and checksum before decoding,
/// and every part while decoding: a damaged file gives an error that says what is wrong.
public enum SnapshotFile {
    static let magic = Array("LAGEBILD".utf8)
    public static let version: UInt32 = 5
    static let headerSize = 32

    public enum Failure: Error, CustomStringConvertible {
        case notASnapshot(String)
        case wrongVersion(String, found: UInt32)
        case truncated(String, expected: Int, found: Int)
        case checksum(String)
        case damaged(String, String)
        case io(String, String)

        public var description: String {
            switch self {
            case .notASnapshot(let path): "\(path) is not a Lagebild snapshot (it does not start with LAGEBILD)"
            case .wrongVersion(let path, let found):
                "\(path) is a snapshot of format version \(found); this build reads version \(SnapshotFile.version) (re-create it with 'lagebild index')"
            case .truncated(let path, let expected, let found):
                "\(path) is truncated: the header announces \(expected) bytes, the file has \(found)"
            case .checksum(let path): "\(path) is damaged: its checksum does not match its contents"
            case .damaged(let path, let what): "\(path): \(what)"
            case .io(let path, let what): "\(path): \(what)"
            }
        }
    }

    /// Whether the file at `path` starts like a snapshot.
    public static func isSnapshot(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: magic.count)).map { Array($0) == magic } ?? false
    }

    // MARK: - save

    /// Saves `snapshot` to `path` as a stream: each section is encoded into a writer that hands its bytes
    /// to the file every few megabytes, so that saving needs little memory beside the snapshot (the
    /// whole payload in memory took as much again as the file: on FANG-COVID 1.63 GB for `lagebild
    /// index`, now about its load's peak). The section table, which leads the payload, and the header are
    /// written last, into room left for them; the payload's checksum is combined from the table's and the
    /// sections'.
    public static func save(_ snapshot: Snapshot, to path: String) throws(Failure) {
        let sections = sectionCount(snapshot)
        // The table: the lengths as an array of UInt64 (count + elements), then chunks and shards.
        let tableSize = 8 + 8 * sections + 4 + 4
        try writeAtomically(to: path) { (file: OutputFile) throws(Failure) in
            var lengths: [UInt64] = []
            var crc: UInt = crc32(0, nil, 0)
            var offset = headerSize + tableSize
            var failure: String?
            forEachSection(of: snapshot) { encode in
                let start = offset
                var w = BinaryWriter(draining: 4 << 20) { piece in
                    guard failure == nil else { return }
                    guard file.write(piece, at: offset) else {
                        failure = String(cString: strerror(errno))
                        return
                    }
                    crc = checksum(piece, from: crc)
                    offset += piece.count
                }
                encode(&w)
                w.flush()
                lengths.append(UInt64(offset - start))
            }
            if let failure { throw .io(path, "cannot write the snapshot: \(failure)") }
            var table = BinaryWriter(capacity: tableSize)
            table.write(lengths)
            table.write(UInt32(chunkCount(snapshot)))
            table.write(UInt32(snapshot.index.shards.count))
            precondition(table.bytes.count == tableSize && lengths.count == sections, "the section table has its announced size")
            let payloadCRC = crc32_combine(table.bytes.withUnsafeBytes { checksum($0) }, crc, off_t(offset - headerSize - tableSize))
            var header = BinaryWriter(capacity: headerSize)
            header.append(raw: magic)
            header.write(version)
            header.write(UInt32(0))  // flags
            header.write(UInt64(offset - headerSize))
            header.write(UInt32(truncatingIfNeeded: payloadCRC))
            header.write(UInt32(0))  // padding to 32 bytes
            guard (header.bytes + table.bytes).withUnsafeBytes({ file.write($0, at: 0) }) else {
                throw .io(path, "cannot write the snapshot: \(String(cString: strerror(errno)))")
            }
        }
    }

    /// CRC-32 (zlib's), continuing `crc`, fed in chunks of 1 GB so that any size fits its 32-bit length argument.
    static func checksum(_ p: UnsafeRawBufferPointer, from start: UInt? = nil) -> UInt {
        var crc: UInt = start ?? crc32(0, nil, 0)
        var offset = 0
        while offset < p.count {
            let n = min(p.count - offset, 1 << 30)
            crc = crc32(crc, p.baseAddress!.assumingMemoryBound(to: UInt8.self) + offset, UInt32(n))
            offset += n
        }
        return crc
    }

    /// A file being written at given offsets.
    struct OutputFile {
        let descriptor: Int32

        /// Writes all of `bytes` at `offset`; false on an error (`errno` says which).
        func write(_ p: UnsafeRawBufferPointer, at offset: Int) -> Bool {
            var done = 0
            while done < p.count {
                let n = pwrite(descriptor, p.baseAddress! + done, p.count - done, off_t(offset + done))
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { return false }
                done += n
            }
            return true
        }
    }

    /// Temporary file beside `path`, `body` writes it, fsync, rename over `path`, fsync of the folder. On
    /// any failure the temporary file is removed and `path` left as it was.
    static func writeAtomically(to path: String, _ body: (OutputFile) throws(Failure) -> Void) throws(Failure) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let temporary = folder + "/." + url.lastPathComponent + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw .io(path, "cannot create \(temporary): \(String(cString: strerror(errno)))") }
        do {
            try body(OutputFile(descriptor: fd))
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        guard fsync(fd) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            unlink(temporary)
            throw .io(path, "cannot write the snapshot: \(reason)")
        }
        close(fd)
        // Crash tests set this to kill the process between writing and renaming (see CLITests).
        if let pause = ProcessInfo.processInfo.environment["LAGEBILD_TEST_PAUSE_BEFORE_RENAME"], let seconds = UInt32(pause) {
            sleep(seconds)
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw .io(path, "cannot move the snapshot into place: \(reason)")
        }
        let directory = open(folder.isEmpty ? "." : folder, O_RDONLY)
        if directory >= 0 {
            fsync(directory)
            close(directory)
        }
    }

    static let chunkSize = 4096

    static func chunkCount(_ snapshot: Snapshot) -> Int { (snapshot.documents.count + chunkSize - 1) / chunkSize }

    /// Metadata, document chunks, index shards, registry, mentions' entities.
    static func sectionCount(_ snapshot: Snapshot) -> Int { 1 + chunkCount(snapshot) + snapshot.index.shards.count + 2 }

    /// The payload's sections in file order: `section` is called once per section with the code that
    /// encodes it into a writer of the caller's.
    static func forEachSection(of snapshot: Snapshot, _ section: ((inout BinaryWriter) -> Void) -> Void) {
        section { w in
            w.write(snapshot.name)
            w.write(snapshot.problems) { w, p in
                w.write(p.origin)
                w.write(p.severity.rawValue)
                w.write(p.reason)
            }
            write(snapshot.stats, to: &w)
        }
        for start in stride(from: 0, to: snapshot.documents.count, by: chunkSize) {
            section { w in
                w.write(Array(snapshot.documents[start..<min(snapshot.documents.count, start + chunkSize)])) { w, d in write(d, to: &w) }
            }
        }
        for k in snapshot.index.shards.indices {
            section { w in snapshot.index.writeShard(k, to: &w) }
        }
        section { w in snapshot.entities.write(to: &w) }
        section { w in w.write(snapshot.mentionEntities) { w, m in w.write(m) } }
    }

    static func write(_ d: AnalyzedDocument, to w: inout BinaryWriter) {
        let m = d.metadata
        w.write(m.id)
        w.write(m.origin)
        w.write(m.title)
        w.write(m.source)
        w.write(m.url)
        w.write(Int32(m.date?.year ?? 0))
        w.write(UInt8(m.date?.month ?? 0))
        w.write(UInt8(m.date?.day ?? 0))
        w.write(m.language?.rawValue ?? 0xFF)
        w.write(d.text)
        let s = d.structure
        w.write(s.paragraphs) { w, p in
            p.span.write(to: &w)
            w.write(p.role.rawValue)
            w.write(p.language.rawValue)
        }
        w.write(s.sentences.flatMap { [$0.start, $0.end] })
        w.write(s.sentenceParagraph)
        w.write(s.tokenCount)
        w.write(s.language.rawValue)
        w.write(s.paragraphHashes)
        w.write(d.mentions) { w, m in m.write(to: &w) }
        w.write(d.quotes) { w, q in q.write(to: &w) }
        w.write(d.events) { w, e in
            w.write(e.type)
            w.write(e.trigger)
            w.write(e.sentence)
            w.write(e.triggerOffset)
            w.write(e.mentions.lowerBound)
            w.write(e.mentions.upperBound)
            w.write(e.afterIn)
            w.write(e.time.value)
            w.write(UInt8(Self.certainties.firstIndex(of: e.time.certainty)!))
        }
    }

    /// Event time certainties by their number in the file (new ones are added at the end).
    static let certainties: [EventTime.Certainty] = [.stated, .underspecified, .documentDate, .unknown, .inferred]

    static func write(_ s: CorpusStats, to w: inout BinaryWriter) {
        for v in [s.documents, s.bytes, s.sentences, s.tokens, s.mentions, s.quotes, s.workers] { w.write(v) }
        w.write(s.paragraphsByRole.map { Int64($0) })
        w.write(s.documentsByLanguage.map { Int64($0) })
        w.write(s.paragraphsByLanguage.map { Int64($0) })
        for d in [s.times.decode, s.times.structure, s.times.terms, s.times.entities, s.times.events, s.times.merge, s.wall, s.times.sealing,
                  s.times.clustering] {
            w.write(d.components.seconds)
            w.write(d.components.attoseconds)
        }
    }

    // MARK: - load

    public static func load(_ path: String) throws(Failure) -> Snapshot {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw .io(path, "cannot read: \(error.localizedDescription)")
        }
        // The documents' texts stay in the file, read when shown (see `TextFile`); the open descriptor keeps
        // them readable when a later save replaces the file.
        let texts = TextFile(readingFrom: path)
        let result = data.withUnsafeBytes { raw in Result { () throws(Failure) -> Snapshot in try parse(raw, path: path, texts: texts) } }
        return try result.get()
    }

    /// `texts`: the snapshot file itself, opened for reading, to leave the documents' texts in (nil: they
    /// are decoded into memory).
    static func parse(_ raw: UnsafeRawBufferPointer, path: String, texts: TextFile? = nil) throws(Failure) -> Snapshot {
        guard raw.count >= magic.count, Array(raw.prefix(magic.count)) == magic else { throw .notASnapshot(path) }
        guard raw.count >= headerSize else { throw .truncated(path, expected: headerSize, found: raw.count) }
        var header = BinaryReader(raw, offset: magic.count)
        let found: UInt32, length: UInt64, crc: UInt32
        do {
            found = try header.read()
            _ = try header.read(UInt32.self)
            length = try header.read()
            crc = try header.read()
        } catch {
            throw .truncated(path, expected: headerSize, found: raw.count)
        }
        guard found == version else { throw .wrongVersion(path, found: found) }
        guard UInt64(raw.count - headerSize) <= length else {
            throw .damaged(path, "\(UInt64(raw.count - headerSize) - length) bytes follow the snapshot")
        }
        guard UInt64(raw.count - headerSize) == length else {
            throw .truncated(path, expected: headerSize + Int(clamping: length), found: raw.count)
        }
        let payload = UnsafeRawBufferPointer(rebasing: raw[headerSize...])
        var table = BinaryReader(payload)
        table.section = "section table"
        let lengths: [UInt64]
        let layout: Layout
        do throws(BinaryReader.Failure) {
            lengths = try table.readArray()
            layout = Layout(chunks: Int(try table.read(UInt32.self)), shards: Int(try table.read(UInt32.self)))
            try table.check(lengths.count == 1 + layout.chunks + layout.shards + 2 && layout.shards >= 1
                            && lengths.reduce(0, +) == UInt64(table.remaining), "the section table does not fit the file")
        } catch {
            throw checksumOK(payload, crc) ? .damaged(path, error.description) : .checksum(path)
        }
        var sections: [UnsafeRawBufferPointer] = []
        var starts: [Int] = []  // where each section starts in the file
        var offset = table.offset
        for length in lengths {
            sections.append(UnsafeRawBufferPointer(rebasing: payload[offset..<(offset + Int(length))]))
            starts.append(headerSize + offset)
            offset += Int(length)
        }
        let parts = decodeInParallel(sections, layout: layout, payload: payload, texts: texts, sectionStarts: starts)
        // A wrong checksum explains any decoding error, so it is reported first.
        guard case .checksum(let computed) = parts[0], UInt32(truncatingIfNeeded: computed) == crc else { throw .checksum(path) }
        do throws(BinaryReader.Failure) {
            return try assemble(Array(parts.dropFirst()))
        } catch {
            throw .damaged(path, error.description)
        }
    }

    static func checksumOK(_ payload: UnsafeRawBufferPointer, _ crc: UInt32) -> Bool {
        UInt32(truncatingIfNeeded: checksum(payload)) == crc
    }

    /// How many sections of each kind the payload has.
    struct Layout {
        var chunks: Int
        var shards: Int
    }

    /// What one parallel job produced.
    enum Part {
        case checksum(UInt)
        case meta(String, [LoadProblem], CorpusStats)
        case documents([AnalyzedDocument])
        case shard(InvertedIndex, [Int32])
        case entities(EntityRegistry)
        case mentionEntities([[Int32]])
        case failed(BinaryReader.Failure)
    }

    /// The checksum (two halves, combined) and every section, decoded on all cores. Part 0 is the
    /// checksum, then one part per section.
    /// `texts`: the snapshot file, to leave the documents' texts in; `sectionStarts`: where each section
    /// starts in it.
    static func decodeInParallel(
        _ sections: [UnsafeRawBufferPointer], layout: Layout, payload: UnsafeRawBufferPointer, texts: TextFile? = nil,
        sectionStarts: [Int] = []
    ) -> [Part] {
        let half = payload.count / 2
        let jobs = 2 + sections.count
        var halves = [UInt](repeating: 0, count: 2)
        var parts = [Part](repeating: .failed(BinaryReader.Failure("not decoded")), count: sections.count)
        halves.withUnsafeMutableBufferPointer { halves in
            parts.withUnsafeMutableBufferPointer { parts in
                // Each job writes only its own slot; the buffers outlive the parallel loop.
                nonisolated(unsafe) let halves = halves, parts = parts, sections = sections, payload = payload
                // Largest first: the index and the registry, then document chunks.
                let order = (0..<jobs).sorted { size($0) > size($1) }
                func size(_ job: Int) -> Int { job < 2 ? half : sections[job - 2].count }
                DispatchQueue.concurrentPerform(iterations: jobs) { k in
                    let job = order[k]
                    if job < 2 {
                        halves[job] = checksum(UnsafeRawBufferPointer(rebasing: job == 0 ? payload[..<half] : payload[half...]))
                        return
                    }
                    let section = job - 2
                    var r = BinaryReader(sections[section])
                    do throws(BinaryReader.Failure) {
                        parts[section] = try decodeSection(
                            section, layout: layout, &r, texts: texts.map { TextsAt(file: $0, sectionStart: sectionStarts[section]) })
                        try r.check(r.remaining == 0, "\(r.remaining) bytes left over after \(r.section)")
                    } catch {
                        parts[section] = .failed(error)
                    }
                }
            }
        }
        let combined = crc32_combine(halves[0], halves[1], off_t(payload.count - half))
        return [.checksum(combined)] + parts
    }

    /// The file a section's texts are left in, and where the section starts in it.
    struct TextsAt {
        var file: TextFile
        var sectionStart: Int
    }

    static func decodeSection(
        _ section: Int, layout: Layout, _ r: inout BinaryReader, texts: TextsAt? = nil
    ) throws(BinaryReader.Failure) -> Part {
        let count = 1 + layout.chunks + layout.shards + 2
        switch section {
        case 0:
            r.section = "name"
            let name = try r.readString()
            r.section = "problems"
            let problems = try r.readArray { (r: inout BinaryReader) throws(BinaryReader.Failure) -> LoadProblem in
                let origin = try r.readString()
                let severity = LoadProblem.Severity(rawValue: try r.readString()) ?? .skipped
                return LoadProblem(origin, severity, try r.readString())
            }
            r.section = "statistics"
            return .meta(name, problems, try readStats(&r))
        case (1 + layout.chunks)..<(count - 2):
            let (index, numbers) = try ShardedIndex.readShard(from: &r)
            return .shard(index, numbers)
        case count - 2: return .entities(try EntityRegistry(from: &r))
        case count - 1:
            r.section = "mention entities"
            return .mentionEntities(try r.readArray { (r: inout BinaryReader) throws(BinaryReader.Failure) in try r.readArray(Int32.self) })
        default:
            r.section = "documents"
            return .documents(try r.readArray(minimumSize: 40) { (r: inout BinaryReader) throws(BinaryReader.Failure) in try readDocument(&r, texts: texts) })
        }
    }

    static func assemble(_ parts: [Part]) throws(BinaryReader.Failure) -> Snapshot {
        var name = "", problems: [LoadProblem] = [], stats = CorpusStats()
        var documents: [AnalyzedDocument] = []
        var shards: [(InvertedIndex, [Int32])] = [], entities = EntityRegistry(), mentionEntities: [[Int32]] = []
        for part in parts {
            switch part {
            case .failed(let failure): throw failure
            case .meta(let n, let p, let s): (name, problems, stats) = (n, p, s)
            case .documents(let chunk): documents += chunk
            case .shard(let index, let numbers): shards.append((index, numbers))
            case .entities(let e): entities = e
            case .mentionEntities(let m): mentionEntities = m
            case .checksum: break
            }
        }
        let check = BinaryReader(UnsafeRawBufferPointer(start: nil, count: 0))
        let index = try ShardedIndex(shards: shards, documentCount: documents.count)
        try check.check(mentionEntities.isEmpty || mentionEntities.count == documents.count, "mention entities do not fit the documents")
        return Snapshot(name: name, documents: documents, index: index, problems: problems, stats: stats, entities: entities,
                        mentionEntities: mentionEntities)
    }

    static func readDocument(
        _ r: inout BinaryReader, texts: TextsAt? = nil
    ) throws(BinaryReader.Failure) -> AnalyzedDocument {
        var m = DocumentMetadata(id: try r.readString(), origin: try r.readString())
        m.title = try r.readOptionalString()
        m.source = try r.readOptionalString()
        m.url = try r.readOptionalString()
        let year: Int32 = try r.read()
        let month: UInt8 = try r.read()
        let day: UInt8 = try r.read()
        if year != 0 {
            m.date = DocumentDate(year: Int(year), month: month == 0 ? nil : Int(month), day: day == 0 ? nil : Int(day))
        }
        let language: UInt8 = try r.read()
        m.language = language == 0xFF ? nil : Language(rawValue: language)
        let stored: StoredText
        let length: Int32
        if let texts {
            let range = try r.skipString()
            try r.check(range.count <= Int(Int32.max), "the text of document \(m.id) is too long")
            stored = .file(texts.file, offset: texts.sectionStart + range.lowerBound, count: Int32(range.count))
            length = Int32(range.count)
        } else {
            let text = try r.readString()
            stored = .memory(text)
            length = Int32(text.utf8.count)
        }
        func inside(_ span: TextSpan) throws(BinaryReader.Failure) {
            try r.check(span.end <= length, "a span of document \(m.id) lies outside its text")
        }
        var s = TextStructure()
        s.paragraphs = try r.readArray(minimumSize: 10) { (r: inout BinaryReader) throws(BinaryReader.Failure) -> Paragraph in
            let span = try TextSpan(from: &r)
            let role: UInt8 = try r.read()
            let language: UInt8 = try r.read()
            guard let role = ParagraphRole(rawValue: role), let language = Language(rawValue: language) else {
                throw BinaryReader.Failure("damaged snapshot: unknown paragraph role or language")
            }
            return Paragraph(span: span, role: role, language: language)
        }
        let bounds: [Int32] = try r.readArray()
        try r.check(bounds.count % 2 == 0, "sentence spans are odd")
        s.sentences = stride(from: 0, to: bounds.count, by: 2).map { TextSpan(Int(bounds[$0]), Int(bounds[$0 + 1])) }
        s.sentenceParagraph = try r.readArray()
        s.tokenCount = try r.readInt()
        s.language = Language(rawValue: try r.read()) ?? .unknown
        s.paragraphHashes = try r.readArray()
        for p in s.paragraphs { try inside(p.span) }
        for sentence in s.sentences { try inside(sentence) }
        try r.check(s.sentenceParagraph.count == s.sentences.count
                    && s.sentenceParagraph.allSatisfy { $0 >= 0 && Int($0) < s.paragraphs.count },
                    "sentences of document \(m.id) do not fit its paragraphs")
        var document = AnalyzedDocument(metadata: m, storedText: stored, structure: s)
        document.mentions = try r.readArray(minimumSize: 14) { (r: inout BinaryReader) throws(BinaryReader.Failure) in try EntityMention(from: &r) }
        document.quotes = try r.readArray(minimumSize: 16) { (r: inout BinaryReader) throws(BinaryReader.Failure) in try Quote(from: &r) }
        for mention in document.mentions {
            try inside(mention.span)
            try r.check(Int(mention.sentence) < s.sentences.count, "a mention of document \(m.id) lies outside its sentences")
        }
        for quote in document.quotes {
            try inside(quote.span)
            try r.check(quote.speaker.map { Int($0) < document.mentions.count } ?? true, "a quote's speaker is not a mention")
        }
        document.events = try r.readArray(minimumSize: 30) { (r: inout BinaryReader) throws(BinaryReader.Failure) -> EventCandidate in
            let type = try r.readString(), trigger = try r.readString()
            let sentence: Int32 = try r.read(), offset: Int32 = try r.read()
            let lower: Int32 = try r.read(), upper: Int32 = try r.read()
            let afterIn: [Int32] = try r.readArray()
            let value = try r.readString()
            let certainty: UInt8 = try r.read()
            try r.check(Int(sentence) < s.sentences.count && lower >= 0 && lower <= upper && Int(upper) <= document.mentions.count
                        && Int(offset) < length && Int(certainty) < Self.certainties.count && afterIn.allSatisfy { $0 >= lower && $0 < upper },
                        "an event of document \(m.id) does not fit its sentences or mentions")
            return EventCandidate(type: type, trigger: trigger, sentence: sentence, triggerOffset: offset, mentions: lower..<upper,
                                  afterIn: afterIn, time: EventTime(value: value, certainty: Self.certainties[Int(certainty)]))
        }
        return document
    }

    static func readStats(_ r: inout BinaryReader) throws(BinaryReader.Failure) -> CorpusStats {
        var s = CorpusStats()
        s.documents = try r.readInt()
        s.bytes = try r.readInt()
        s.sentences = try r.readInt()
        s.tokens = try r.readInt()
        s.mentions = try r.readInt()
        s.quotes = try r.readInt()
        s.workers = try r.readInt()
        let roles = try r.readArray(Int64.self), byLanguage = try r.readArray(Int64.self), paragraphsByLanguage = try r.readArray(Int64.self)
        try r.check(roles.count == s.paragraphsByRole.count && byLanguage.count == s.documentsByLanguage.count
                    && paragraphsByLanguage.count == s.paragraphsByLanguage.count, "statistics of another format")
        s.paragraphsByRole = roles.map { Int($0) }
        s.documentsByLanguage = byLanguage.map { Int($0) }
        s.paragraphsByLanguage = paragraphsByLanguage.map { Int($0) }
        var durations: [Duration] = []
        for _ in 0..<9 {
            let seconds: Int64 = try r.read()
            let attoseconds: Int64 = try r.read()
            durations.append(Duration(secondsComponent: seconds, attosecondsComponent: attoseconds))
        }
        s.times.decode = durations[0]
        s.times.structure = durations[1]
        s.times.terms = durations[2]
        s.times.entities = durations[3]
        s.times.events = durations[4]
        s.times.merge = durations[5]
        s.wall = durations[6]
        s.times.sealing = durations[7]
        s.times.clustering = durations[8]
        return s
    }
}
