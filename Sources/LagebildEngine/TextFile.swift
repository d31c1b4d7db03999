import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The texts of a loaded corpus's documents, in a file rather than in the process's memory: the largest
/// thing a load keeps (as much as the corpus itself) is read back only when a query shows text (snippets,
/// passages, timelines), a few documents at a time. The kernel's page cache holds the recently read parts;
/// under memory pressure it drops them instead of the process growing.
///
/// The file is created in the temporary folder (`TMPDIR`, else `/tmp`) and unlinked at once, so it
/// disappears with the last document that refers to it, or with the process, however it ends. Workers
/// append concurrently: each reserves its range with one atomic add and writes it with `pwrite`.
/// When the file cannot be created or written (no space), a document simply keeps its text in memory.
///
/// A snapshot file serves as one too (`init(readingFrom:)`): loading a snapshot leaves the documents'
/// texts where they are in the file.
public final class TextFile: Sendable {
    private let descriptor: Int32
    private let end = Atomic<Int>(0)
    /// Set when a write failed: later documents keep their text in memory without trying again.
    private let failed = Atomic<Bool>(false)

    /// A new, empty text file in `folder` (default: `TMPDIR`, else `/tmp`); nil if none can be created.
    public init?(folder: String? = nil) {
        let folder = folder ?? ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((folder.hasSuffix("/") ? folder : folder + "/").utf8CString.dropLast()) + Array("lagebild-text-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { return nil }
        _ = template.withUnsafeBufferPointer { unlink($0.baseAddress!) }
        descriptor = fd
    }

    /// An existing file whose bytes hold texts (a snapshot file), opened for reading only; nil if it cannot be.
    public init?(readingFrom path: String) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        descriptor = fd
        failed.store(true, ordering: .relaxed)  // nothing is appended to it
    }

    deinit { close(descriptor) }

    /// Bytes written so far.
    public var byteCount: Int { end.load(ordering: .relaxed) }

    /// Appends `text`; returns where it starts, or nil when it could not be written (the caller keeps it).
    func append(_ text: String) -> Int? {
        guard !failed.load(ordering: .relaxed) else { return nil }
        var text = text
        return text.withUTF8 { bytes -> Int? in
            let offset = end.add(bytes.count, ordering: .relaxed).oldValue
            var written = 0
            while written < bytes.count {
                let n = pwrite(descriptor, bytes.baseAddress! + written, bytes.count - written, off_t(offset + written))
                if n < 0, errno == EINTR { continue }
                guard n > 0 else {
                    failed.store(true, ordering: .relaxed)
                    return nil
                }
                written += n
            }
            return offset
        }
    }

    /// The text of `count` bytes at `offset` (written by `append`, so valid UTF-8). A read that fails
    /// (the disk gone) gives what could be read.
    func read(at offset: Int, count: Int) -> String {
        String(unsafeUninitializedCapacity: count) { buffer in
            var done = 0
            while done < count {
                let n = pread(descriptor, buffer.baseAddress! + done, count - done, off_t(offset + done))
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { break }
                done += n
            }
            return done
        }
    }
}

/// Where a document's text is: in memory, or in its corpus's text file.
enum StoredText: Sendable {
    case memory(String)
    case file(TextFile, offset: Int, count: Int32)
}
