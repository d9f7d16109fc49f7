#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a reader's raw bytes come from, one chunk at a time, so a 2 GB file
/// never has to be in memory at once.
enum ByteSource {
    case file(descriptor: Int32)
    case memory(bytes: [UInt8], offset: Int)

    /// Opens `path` for reading; the error text is the system's (`strerror`).
    static func open(path: String) throws(OpenFailure) -> ByteSource {
        let descriptor = path.withCString { Glibc_open($0) }
        if descriptor < 0 { throw OpenFailure(reason: String(cString: strerror(errno))) }
        return .file(descriptor: descriptor)
    }

    struct OpenFailure: Error {
        var reason: String
    }

    /// Appends up to `count` bytes to `buffer`; returns how many (0 at the end).
    mutating func read(upTo count: Int, into buffer: inout [UInt8]) throws(OpenFailure) -> Int {
        switch self {
        case .file(let descriptor):
            let old = buffer.count
            // An array, not repeatElement: appending a generic sequence goes element by
            // element in a debug build (0.4 s per 1 MB chunk, for every file, however small).
            buffer.append(contentsOf: [UInt8](repeating: 0, count: count))
            var got = 0
            while true {
                got = buffer.withUnsafeMutableBytes { raw in
                    Glibc_read(descriptor, raw.baseAddress! + old, count)
                }
                if got < 0 && errno == EINTR { continue }
                break
            }
            buffer.removeLast(count - max(got, 0))
            if got < 0 { throw OpenFailure(reason: String(cString: strerror(errno))) }
            return got
        case .memory(let bytes, let offset):
            let take = min(count, bytes.count - offset)
            if take > 0 { buffer.append(contentsOf: bytes[offset..<offset + take]) }
            self = .memory(bytes: bytes, offset: offset + take)
            return take
        }
    }

    func close() {
        if case .file(let descriptor) = self { _ = Glibc_close(descriptor) }
    }
}

// The C functions under names that do not collide with this type's methods.
private func Glibc_open(_ path: UnsafePointer<CChar>) -> Int32 { open(path, O_RDONLY) }
private func Glibc_read(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
private func Glibc_close(_ descriptor: Int32) -> Int32 { close(descriptor) }
