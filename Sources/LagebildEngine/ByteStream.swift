import CZlib
import Foundation

/// A source of bytes read in chunks: a plain file, or a gzip file inflated on the fly with zlib.
final class ByteStream {
    private let handle: FileHandle
    /// zlib checks that its stream never moves, so it lives at a fixed address.
    private var zstream: UnsafeMutablePointer<z_stream>? = nil
    private var input: [UInt8] = []
    private var inputOffset = 0
    private var finished = false
    let path: String
    let chunkSize = 1 << 20

    init(path: String) throws {
        self.path = path
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw EngineError.unreadableCorpus(path, "cannot open the file")
        }
        self.handle = handle
        if path.hasSuffix(".gz") {
            let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
            stream.initialize(to: z_stream())
            guard lagebild_inflate_init_gzip(stream) == Z_OK else {
                stream.deallocate()
                throw EngineError.unreadableCorpus(path, "zlib could not start")
            }
            zstream = stream
        }
    }

    deinit {
        if let zstream {
            inflateEnd(zstream)
            zstream.deallocate()
        }
        try? handle.close()
    }

    /// The next chunk of (decompressed) bytes, or nil at the end.
    func next() throws -> [UInt8]? {
        guard let zstream else {
            let data = try handle.read(upToCount: chunkSize) ?? Data()
            return data.isEmpty ? nil : [UInt8](data)
        }
        if finished { return nil }
        var output = [UInt8](repeating: 0, count: chunkSize)
        var produced = 0
        while produced == 0 {
            if inputOffset >= input.count {
                let data = try handle.read(upToCount: chunkSize) ?? Data()
                if data.isEmpty {
                    finished = true
                    return nil
                }
                input = [UInt8](data)
                inputOffset = 0
            }
            let status: Int32 = input.withUnsafeMutableBufferPointer { inBuffer in
                output.withUnsafeMutableBufferPointer { outBuffer in
                    zstream.pointee.next_in = inBuffer.baseAddress! + inputOffset
                    zstream.pointee.avail_in = UInt32(inBuffer.count - inputOffset)
                    zstream.pointee.next_out = outBuffer.baseAddress!
                    zstream.pointee.avail_out = UInt32(outBuffer.count)
                    let status = inflate(zstream, Z_NO_FLUSH)
                    inputOffset = inBuffer.count - Int(zstream.pointee.avail_in)
                    produced = outBuffer.count - Int(zstream.pointee.avail_out)
                    return status
                }
            }
            if status == Z_STREAM_END {
                // Concatenated gzip members continue with the next one; at the end of the file the loop stops.
                inflateReset(zstream)
            } else if status != Z_OK && status != Z_BUF_ERROR {
                throw EngineError.unreadableCorpus(path, "corrupt gzip data (zlib error \(status))")
            }
        }
        output.removeSubrange(produced...)
        return output
    }
}

/// Splits a byte stream into lines without ever holding more than the current line and one chunk.
final class LineSplitter {
    private let stream: ByteStream
    private var buffer: [UInt8] = []
    private var start = 0
    private var searched = 0
    private var done = false
    private(set) var lineNumber = 0

    init(_ stream: ByteStream) { self.stream = stream }

    /// The next line without its newline, or nil at the end.
    func next() throws -> [UInt8]? {
        while true {
            if let nl = buffer[max(start, searched)...].firstIndex(of: 0x0A) {
                let line = Array(buffer[start..<nl])
                start = nl + 1
                searched = start
                lineNumber += 1
                if start > 1 << 22 {
                    buffer.removeSubrange(0..<start)
                    start = 0
                    searched = 0
                }
                return line
            }
            if done {
                guard start < buffer.count else { return nil }
                let line = Array(buffer[start...])
                start = buffer.count
                lineNumber += 1
                return line
            }
            searched = buffer.count
            if let chunk = try stream.next() {
                if start > 0 {
                    buffer.removeSubrange(0..<start)
                    searched -= start
                    start = 0
                }
                buffer.append(contentsOf: chunk)
            } else {
                done = true
            }
        }
    }
}
