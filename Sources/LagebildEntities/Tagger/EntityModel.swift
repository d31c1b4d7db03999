import Foundation
import LagebildText

/// A trained tagger: the weight table, the common-word lexicon, the curated and the learned
/// gazetteer. Immutable and shared by every worker.
///
/// File format (little-endian): the magic `LGBNER\r\n`, format version (u32), tag count (u32), hash
/// bits (u32), weight scale (f32), then sections each as `count (u64)` + entries: weights as i16
/// (`2^bits × tags`, the float weight is `i16 × scale`); the word table (`TaggerTables`) and the
/// learned gazetteer as `(u32, u32)` pairs of the word key's upper half and the value, in the order
/// that fills a table fastest (`HashTable.entriesInLoadOrder`);
/// the cluster paths (u32 each, indices 1… of `TaggerTables.clusterPaths`); finally an FNV-1a 64
/// checksum of all bytes before it. Word keys keep only their upper 32 bits in
/// the file (a false hit for an unseen word has a chance of about one in ten thousand).
public final class EntityModel: Sendable {
    public static let formatVersion: UInt32 = 4
    static let magic: [UInt8] = Array("LGBNER\r\n".utf8)

    let hashBits: Int
    /// `2^hashBits` rows of one weight per tag, quantised: the float weight is `weights[k] × scale`.
    let weights: [Int16]
    let scale: Float
    let tables: TaggerTables
    let learned: HashTable

    init(hashBits: Int, weights: [Int16], scale: Float, tables: TaggerTables, learned: HashTable) {
        precondition(weights.count == (1 << hashBits) * EntityTag.count)
        self.hashBits = hashBits
        self.weights = weights
        self.scale = scale
        self.tables = tables
        self.learned = learned
    }

    /// Quantises trained float weights to 16 bits.
    convenience init(hashBits: Int, weights: [Float], tables: TaggerTables, learned: HashTable) {
        let largest = weights.reduce(Float(0)) { max($0, abs($1)) }
        let scale = largest > 0 ? largest / Float(Int16.max) : 1
        self.init(hashBits: hashBits, weights: weights.map { Int16(($0 / scale).rounded()) }, scale: scale, tables: tables, learned: learned)
    }

    public enum LoadError: Error, CustomStringConvertible, Equatable {
        case unreadable(path: String, reason: String)
        case notAModel
        case unsupportedVersion(found: UInt32, expected: UInt32)
        case truncated(expected: Int, found: Int)
        case checksumMismatch
        case inconsistent(String)

        public var description: String {
            switch self {
            case .unreadable(let path, let reason): "cannot read entity model \(path): \(reason)"
            case .notAModel: "not an entity model file (wrong magic bytes)"
            case .unsupportedVersion(let found, let expected):
                "entity model format version \(found) is not supported (this build reads version \(expected)); retrain with `lagebild train ner`"
            case .truncated(let expected, let found): "entity model file is truncated: needs at least \(expected) bytes, has \(found)"
            case .checksumMismatch: "entity model file is damaged: checksum mismatch"
            case .inconsistent(let what): "entity model file is inconsistent: \(what)"
            }
        }
    }

    public convenience init(contentsOf path: String) throws(LoadError) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
        } catch {
            throw .unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
        try self.init(bytes: [UInt8](data))
    }

    public convenience init(bytes: [UInt8]) throws(LoadError) {
        var reader = ByteReader(bytes: bytes)
        let magic = try reader.bytes(Self.magic.count)
        guard magic.elementsEqual(Self.magic) else { throw .notAModel }
        let version = try reader.u32()
        guard version == Self.formatVersion else { throw .unsupportedVersion(found: version, expected: Self.formatVersion) }
        guard bytes.count >= Self.magic.count + 8 + 4 + 4 + 4 + 8 else {
            throw .truncated(expected: Self.magic.count + 32, found: bytes.count)
        }
        let stored = bytes.withUnsafeBufferPointer { p in
            p[(p.count - 8)...].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        }
        let computed = bytes.withUnsafeBufferPointer { FeatureHash.bytes($0, 0..<($0.count - 8)) }
        let tags = try reader.u32()
        guard tags == EntityTag.count else { throw .inconsistent("\(tags) tags, this build has \(EntityTag.count)") }
        let bits = Int(try reader.u32())
        guard (8...24).contains(bits) else { throw .inconsistent("hash width \(bits) bits") }
        let scale = try reader.f32()
        let weightCount = try reader.count()
        guard weightCount == (1 << bits) * Int(tags) else { throw .inconsistent("\(weightCount) weights for \(bits) bits") }
        let raw = try reader.bytes(weightCount * 2)
        guard stored == computed else { throw .checksumMismatch }
        let weights: [Int16] = raw.withUnsafeBytes { p in
            HugePageArray.make(count: weightCount) { out in
                for k in 0..<weightCount { out.initializeElement(at: k, to: Int16(littleEndian: p.loadUnaligned(fromByteOffset: 2 * k, as: Int16.self))) }
            }
        }
        let words = try reader.table()
        let learned = try reader.table()
        let clusterCount = try reader.count()
        guard clusterCount < TaggerTables.clusterLimit else { throw .inconsistent("\(clusterCount) clusters") }
        var paths: [UInt32] = []
        for _ in 0..<clusterCount { paths.append(try reader.u32()) }
        guard reader.remaining == 8 else { throw .inconsistent("\(reader.remaining - 8) unexpected bytes before the checksum") }
        self.init(hashBits: bits, weights: weights, scale: scale, tables: TaggerTables(words: words, clusterPaths: paths), learned: learned)
    }

    /// The model as file bytes, weights quantised to 16 bits.
    public func serialized() -> [UInt8] {
        var out = Self.magic
        func put<T: FixedWidthInteger>(_ v: T) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        put(Self.formatVersion)
        put(UInt32(EntityTag.count))
        put(UInt32(hashBits))
        put(scale.bitPattern)
        put(UInt64(weights.count))
        out.reserveCapacity(out.count + weights.count * 2 + 1 << 20)
        for w in weights { put(w) }
        for table in [tables.words, learned] {
            let entries = table.entriesInLoadOrder
            put(UInt64(entries.count))
            for (k, v) in entries {
                put(k)
                put(v)
            }
        }
        var paths = tables.clusterPaths.dropFirst()
        while paths.last == 0 { paths.removeLast() }
        put(UInt64(paths.count))
        for path in paths { put(path) }
        put(out.withUnsafeBufferPointer { FeatureHash.bytes($0, 0..<$0.count) })
        return out
    }

    /// The model shipped with the package, trained on GermEval 2014 (see README).
    public static func bundled() throws(LoadError) -> EntityModel {
        guard let url = Bundle.module.url(forResource: "entities", withExtension: "model") else {
            throw .unreadable(path: "entities.model", reason: "not found in the package resources")
        }
        return try EntityModel(contentsOf: url.path)
    }
}

private struct ByteReader {
    let bytes: [UInt8]
    var offset = 0

    var remaining: Int { bytes.count - offset }

    mutating func bytes(_ n: Int) throws(EntityModel.LoadError) -> ArraySlice<UInt8> {
        guard n >= 0, offset + n <= bytes.count else { throw .truncated(expected: offset + n, found: bytes.count) }
        defer { offset += n }
        return bytes[offset..<(offset + n)]
    }

    mutating func integer<T: FixedWidthInteger>(_: T.Type) throws(EntityModel.LoadError) -> T {
        let n = MemoryLayout<T>.size
        guard offset + n <= bytes.count else { throw .truncated(expected: offset + n, found: bytes.count) }
        defer { offset += n }
        return T(littleEndian: bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: T.self) })
    }

    mutating func u32() throws(EntityModel.LoadError) -> UInt32 { try integer(UInt32.self) }
    mutating func f32() throws(EntityModel.LoadError) -> Float { Float(bitPattern: try integer(UInt32.self)) }

    mutating func count() throws(EntityModel.LoadError) -> Int {
        let n = try integer(UInt64.self)
        guard n <= UInt64(bytes.count) else { throw .truncated(expected: Int(clamping: n), found: bytes.count) }
        return Int(n)
    }

    mutating func table() throws(EntityModel.LoadError) -> HashTable {
        let n = try count()
        guard n * 8 <= remaining else { throw .truncated(expected: offset + n * 8, found: bytes.count) }
        return try HashTable(count: n) { () throws(EntityModel.LoadError) in (try integer(UInt32.self), try integer(UInt32.self)) }
    }
}
