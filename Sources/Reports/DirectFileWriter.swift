import Foundation
import ProfileCore

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
/// it is full, on another thread while the next block is gathered in a
/// second buffer; the last, partial block is written padded with zeros and
/// the file is then cut back to its length.
final class DirectFileWriter {
    /// Alignment of memory, offsets and lengths: the largest logical block
    /// size in use (4096), a multiple of the smaller (512).
    static let alignment = 4096
    /// Bytes gathered per write.
    static let blockBytes = 4 << 20

    private let descriptor: Int32
    /// Two blocks: while one is written, on a thread of its own, the next
    /// is gathered in the other. A direct write returns only once the disk
    /// has the block: the 54 blocks of a 100k sync's report (234 MB) held
    /// the rendering thread 0.8 s in all (strace), longer than it took to
    /// render them, and a million-user run waited 0.33 and 2.34 s after
    /// its commit for its report; written on the side, none.
    private var buffers: [UnsafeMutableRawPointer] = []
    /// The buffer bytes are gathered in.
    private var current = 0
    private var buffered = 0
    /// The file offset of the first byte written.
    private let base: Int
    /// Bytes handed to the file so far (without the padding of a last block).
    private var length = 0
    /// Whether writes still bypass the page cache.
    private(set) var isDirect: Bool
    /// The block being written: its write (`errno`, 0 when written), its
    /// buffer, its bytes without padding and where in the file it starts
    /// (counted from `base`). At most one at a time, so the file's offset
    /// is the writing thread's alone until the write is waited for.
    private var pending: (write: BackgroundTask<Int32>, buffer: Int, count: Int, start: Int)?

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
        buffers = (0..<2).map { _ in UnsafeMutableRawPointer.allocate(byteCount: Self.blockBytes, alignment: Self.alignment) }
        isDirect = true
    }

    deinit {
        // The block being written is read until its write returns.
        _ = try? pending?.write.wait()
        for buffer in buffers { buffer.deallocate() }
    }

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

    /// Appends `bytes`; the error is `errno`'s, of this write or of the
    /// block written before it.
    func write(_ bytes: UnsafeRawBufferPointer) throws(POSIXError) {
        var offset = 0
        while offset < bytes.count {
            // Checked for every block: a refused block turns the rest ordinary.
            guard isDirect else {
                let rest = UnsafeRawBufferPointer(rebasing: bytes[offset...])
                try Self.writeAll(descriptor, rest)
                length += rest.count
                return
            }
            let taken = min(Self.blockBytes - buffered, bytes.count - offset)
            (buffers[current] + buffered).copyMemory(from: bytes.baseAddress! + offset, byteCount: taken)
            buffered += taken
            offset += taken
            if buffered == Self.blockBytes { try startWritingBuffer() }
        }
    }

    /// Writes what is gathered, the last block padded and the file cut back
    /// to its length, once the block before it is written. Later writes go
    /// through the page cache.
    func flush() throws(POSIXError) {
        try finishPending()
        guard buffered > 0 else {
            isDirect = false
            return
        }
        guard isDirect else { return try writeGatheredThroughCache() }
        let start = length
        let written = Self.writeBlock(descriptor, Block(buffers[current]), padding(buffered))
        length += buffered
        try settle(written, buffer: current, count: buffered, start: start)
        buffered = 0
        if isDirect {
            isDirect = false
            guard ftruncate(descriptor, off_t(base + length)) == 0, lseek(descriptor, off_t(base + length), SEEK_SET) >= 0
            else {
                throw Self.code(errno)
            }
        }
    }

    /// Hands the full buffer to a thread that writes it, and gathers the
    /// next block in the other buffer, once the last write has returned.
    private func startWritingBuffer() throws(POSIXError) {
        try finishPending()
        guard isDirect else { return try writeGatheredThroughCache() }
        let descriptor = self.descriptor
        let block = Block(buffers[current])
        let count = padding(buffered)
        pending = (
            BackgroundTask(priority: .dedicated) { Self.writeBlock(descriptor, block, count) }, current, buffered, length
        )
        length += buffered
        buffered = 0
        current = 1 - current
    }

    /// The bytes gathered after a refused block: through the page cache,
    /// as every later write.
    private func writeGatheredThroughCache() throws(POSIXError) {
        try Self.writeAll(descriptor, UnsafeRawBufferPointer(start: buffers[current], count: buffered))
        length += buffered
        buffered = 0
    }

    /// Waits for the block being written, if any: its error is thrown, or,
    /// refused, it is written again through the page cache.
    private func finishPending() throws(POSIXError) {
        guard let pending else { return }
        self.pending = nil
        let written = (try? pending.write.wait()) ?? EIO
        try settle(written, buffer: pending.buffer, count: pending.count, start: pending.start)
    }

    /// What a direct write of `buffer` (`count` bytes, at `start`) returned:
    /// nothing to do once written; refused (alignment or file system), that
    /// block again through the page cache, and every later one.
    private func settle(_ written: Int32, buffer: Int, count: Int, start: Int) throws(POSIXError) {
        switch written {
        case 0: return
        case EINVAL:
            isDirect = false
            let flags = fcntl(descriptor, F_GETFL)
            guard flags >= 0, fcntl(descriptor, F_SETFL, flags & ~(Self.directFlag ?? 0)) == 0,
                lseek(descriptor, off_t(base + start), SEEK_SET) >= 0
            else { throw Self.code(errno) }
            try Self.writeAll(descriptor, UnsafeRawBufferPointer(start: buffers[buffer], count: count))
        default:
            throw Self.code(written)
        }
    }

    /// `count` rounded up to whole blocks, the padding zeroed in the buffer
    /// gathering them.
    private func padding(_ count: Int) -> Int {
        let padded = (count + Self.alignment - 1) / Self.alignment * Self.alignment
        (buffers[current] + count).initializeMemory(as: UInt8.self, repeating: 0, count: padded - count)
        return padded
    }

    /// A buffer handed to the writing thread. Unchecked: the writer touches
    /// it again only after that thread's write has returned
    /// (`finishPending()`).
    private struct Block: @unchecked Sendable {
        let start: UnsafeMutableRawPointer
        init(_ start: UnsafeMutableRawPointer) { self.start = start }
    }

    /// Writes `count` bytes of `block` at the file's offset: 0, or the `errno`.
    private static func writeBlock(_ descriptor: Int32, _ block: Block, _ count: Int) -> Int32 {
        do throws(POSIXError) {
            try writeAll(descriptor, UnsafeRawBufferPointer(start: block.start, count: count))
            return 0
        } catch {
            return error.code.rawValue
        }
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
