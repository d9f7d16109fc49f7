import Crypto
import Foundation

/// Size and SHA-256 of an input file, for the run history (DESIGN §4.1).
public enum InputDigest {
    /// Streams the file in 1 MiB blocks: a 2 GB export is hashed in bounded memory.
    public static func sha256(path: String) throws -> (size: Int64, hex: String) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        defer { close(descriptor) }
        var hasher = SHA256()
        var size: Int64 = 0
        // One buffer for the whole file: a new 1 MiB Data per block cost page
        // faults and copies on top of the hashing itself.
        let block = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { block.deallocate() }
        while true {
            let count = read(descriptor, block.baseAddress, block.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw CocoaError(.fileReadUnknown, userInfo: [NSFilePathErrorKey: path])
            }
            if count == 0 { break }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: block[..<count]))
            size += Int64(count)
        }
        let hex = hasher.finalize().map { byte in
            let digits = Array("0123456789abcdef".utf8)
            return String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]], as: UTF8.self)
        }.joined()
        return (size, hex)
    }
}
