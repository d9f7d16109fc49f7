import Crypto
import Foundation

/// Size and SHA-256 of an input file, for the run history (DESIGN §4.1).
public enum InputDigest {
    /// Streams the file in 1 MiB blocks: a 2 GB export is hashed in bounded memory.
    public static func sha256(path: String) throws -> (size: Int64, hex: String) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        var size: Int64 = 0
        while let block = try handle.read(upToCount: 1 << 20), !block.isEmpty {
            hasher.update(data: block)
            size += Int64(block.count)
        }
        let hex = hasher.finalize().map { byte in
            let digits = Array("0123456789abcdef".utf8)
            return String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]], as: UTF8.self)
        }.joined()
        return (size, hex)
    }
}
