import Crypto
import Foundation

/// Size and SHA-256 of an input file, for the run history (DESIGN §4.1).
public enum InputDigest {
    /// A digest fed the file's bytes in order as something else reads them
    /// (`LDIFReader.observeBytesRead`). Unchecked Sendable: fed by one
    /// thread, then finished by another after joining it.
    public final class Running: @unchecked Sendable {
        private var hasher = SHA256()
        private var size: Int64 = 0

        public init() {}

        /// Adds the next bytes of the file.
        public func update(_ bytes: UnsafeRawBufferPointer) {
            hasher.update(bufferPointer: bytes)
            size += Int64(bytes.count)
        }

        /// The size and SHA-256 (lowercase hex) of the bytes added.
        public func finish() -> (size: Int64, hex: String) {
            (size, InputDigest.hex(hasher.finalize()))
        }
    }

    /// The size of the input file at `path` as it stands, 0 when it cannot
    /// be told: what readers size their storage by before reading it.
    static func size(path: String) -> Int64 {
        var status = stat()
        return stat(path, &status) == 0 ? Int64(status.st_size) : 0
    }

    /// Streams the file in 1 MiB blocks: a 2 GB export is hashed in bounded memory.
    public static func sha256(path: String) throws -> (size: Int64, hex: String) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        defer { close(descriptor) }
        let running = Running()
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
            running.update(UnsafeRawBufferPointer(rebasing: block[..<count]))
        }
        return running.finish()
    }

    private static func hex(_ digest: SHA256.Digest) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in digest {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
