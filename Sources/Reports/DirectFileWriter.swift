import Foundation

/// Writes a new file sequentially past the page cache (Linux `O_DIRECT`),
/// in large aligned blocks, and falls back to ordinary writes wherever the
/// file system refuses.
///
/// A report of a million profiles is 2.3 GB that this process never reads
/// again. Through the page cache, each of its pages is first allocated and
/// filled by the kernel; on the virtual machines these runs measured that
/// went at 270–430 MB/s (`dd bs=1M`, 2 GB) and took a whole core, against
/// 1.7 GB/s written direct.
///
/// Direct writes must start at aligned offsets from aligned memory, in
/// whole blocks: bytes are gathered in an aligned buffer and written when
/// it is full; the last, partial block is written padded with zeros and the
/// file is then cut back to its length.
final class DirectFileWriter {
    /// Alignment of memory, offsets and lengths: the largest logical block
    /// size in use (4096), a multiple of the smaller (512).
    static let alignment = 4096
    /// Bytes gathered per write.
    static let blockBytes = 4 << 20

    private let descriptor: Int32
    private var buffer: UnsafeMutableRawPointer?
    private var buffered = 0
    /// The file offset of the first byte written.
    private let base: Int
    /// Bytes handed to the file so far (without the padding of a last block).
    private var length = 0
    /// Whether writes still bypass the page cache.
    private(set) var isDirect: Bool

    /// Writes to `descriptor` (opened for writing, with nothing after its
    /// offset), direct when `O_DIRECT` can be set on it. An offset that is
    /// not block-aligned gets ordinary writes, after one refused direct one.
    init(descriptor: Int32) {
        self.descriptor = descriptor
        base = max(0, Int(lseek(descriptor, 0, SEEK_CUR)))
        isDirect = false
        guard let flag = Self.directFlag else { return }
        let flags = fcntl(descriptor, F_GETFL)
        guard flags >= 0, fcntl(descriptor, F_SETFL, flags | flag) == 0 else { return }
        buffer = UnsafeMutableRawPointer.allocate(byteCount: Self.blockBytes, alignment: Self.alignment)
        isDirect = true
    }

    deinit { buffer?.deallocate() }

    /// `O_DIRECT`, which Glibc's Swift overlay does not import: its value
    /// differs by architecture. Nil where it is not known here.
    static var directFlag: Int32? {
        #if os(Linux) && (arch(x86_64) || arch(i386))
        return 0o40_000
        #elseif os(Linux) && arch(arm64)
        return 0o200_000
        #else
        return nil
        #endif
    }

    /// Appends `bytes`; the error is `errno`'s.
    ///
    /// Whole aligned blocks that find nothing gathered before them (a JSON
    /// report's pieces, `JSONWriter.flush(wholeBlocksOf:_:)`) are written
    /// where they lie; anything else is gathered first.
    func write(_ bytes: UnsafeRawBufferPointer) throws(POSIXError) {
        if isDirect, buffered == 0, let base = bytes.baseAddress, bytes.count >= Self.alignment,
            bytes.count % Self.alignment == 0, Int(bitPattern: base) % Self.alignment == 0
        {
            do {
                try Self.writeAll(descriptor, bytes)
                length += bytes.count
                return
            } catch where error.code == .EINVAL {
                // Refused: from here on through the page cache (below).
                try fallBack()
            }
        }
        var offset = 0
        while offset < bytes.count {
            // Checked for every block: a refused block turns the rest ordinary.
            guard isDirect, let buffer else {
                let rest = UnsafeRawBufferPointer(rebasing: bytes[offset...])
                try Self.writeAll(descriptor, rest)
                length += rest.count
                return
            }
            let taken = min(Self.blockBytes - buffered, bytes.count - offset)
            (buffer + buffered).copyMemory(from: bytes.baseAddress! + offset, byteCount: taken)
            buffered += taken
            offset += taken
            if buffered == Self.blockBytes { try writeBuffer() }
        }
    }

    /// Writes what is gathered, the last block padded and the file cut back
    /// to its length. Later writes go through the page cache.
    func flush() throws(POSIXError) {
        guard isDirect, buffered > 0 else {
            isDirect = false
            return
        }
        try writeBuffer()
        if isDirect {
            isDirect = false
            guard ftruncate(descriptor, off_t(base + length)) == 0, lseek(descriptor, off_t(base + length), SEEK_SET) >= 0
            else {
                throw Self.code(errno)
            }
        }
    }

    /// Writes the gathered bytes, padded to whole blocks when direct; on a
    /// file system that refuses direct writes, writes them (and all later
    /// ones) through the page cache instead.
    private func writeBuffer() throws(POSIXError) {
        guard let buffer, buffered > 0 else { return }
        let padded = (buffered + Self.alignment - 1) / Self.alignment * Self.alignment
        (buffer + buffered).initializeMemory(as: UInt8.self, repeating: 0, count: padded - buffered)
        do {
            try Self.writeAll(descriptor, UnsafeRawBufferPointer(start: buffer, count: padded))
        } catch where error.code == .EINVAL {
            // Refused (alignment or file system): the block again, through the page cache.
            try fallBack()
            try Self.writeAll(descriptor, UnsafeRawBufferPointer(start: buffer, count: buffered))
        }
        length += buffered
        buffered = 0
    }

    private func fallBack() throws(POSIXError) {
        isDirect = false
        let flags = fcntl(descriptor, F_GETFL)
        guard flags >= 0, fcntl(descriptor, F_SETFL, flags & ~(Self.directFlag ?? 0)) == 0,
            lseek(descriptor, off_t(base + length), SEEK_SET) >= 0
        else { throw Self.code(errno) }
    }

    private static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) throws(POSIXError) {
        var offset = 0
        while offset < bytes.count {
            let written = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw code(errno)
            }
            offset += written
        }
    }

    private static func code(_ value: Int32) -> POSIXError {
        POSIXError(POSIXErrorCode(rawValue: value) ?? .EIO)
    }
}
