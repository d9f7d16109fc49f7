#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file written in large blocks with write(2): generated exports reach
/// gigabytes, so they are streamed out in multi-megabyte blocks and never held whole.
final class OutputFile {
    let path: String
    private let descriptor: Int32
    private(set) var bytesWritten: Int = 0
    /// Bytes not yet written; callers append to it and call `flushIfFull()`.
    var buffer: [UInt8]
    private static let blockSize = 4 << 20

    init(path: String) throws {
        self.path = path
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw GeneratorError.io(path: path, message: String(cString: strerror(errno))) }
        descriptor = fd
        buffer = []
        buffer.reserveCapacity(Self.blockSize + (1 << 20))
    }

    @inline(__always)
    func flushIfFull() throws {
        if buffer.count >= Self.blockSize { try flush() }
    }

    func flush() throws {
        try writeAll(buffer)
        bytesWritten += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ bytes: [UInt8]) throws {
        var failure: Int32 = 0
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += written
            }
        }
        if failure != 0 { throw GeneratorError.io(path: path, message: String(cString: strerror(failure))) }
    }

    /// Writes what is left and closes the file; returns its size.
    @discardableResult
    func finish() throws -> Int {
        try flush()
        if close(descriptor) != 0 {
            throw GeneratorError.io(path: path, message: String(cString: strerror(errno)))
        }
        return bytesWritten
    }

    /// Writes `bytes` after whatever is buffered.
    func writeBytes(_ bytes: [UInt8]) throws {
        try flush()
        try writeAll(bytes)
        bytesWritten += bytes.count
    }

    func append(_ text: String) {
        buffer.append(contentsOf: text.utf8)
    }
}
