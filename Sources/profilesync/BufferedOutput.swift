import Foundation

/// Buffers bytes and writes them to a file descriptor in large blocks, so
/// millions of JSON lines cost a few hundred system calls, not millions.
final class BufferedOutput {
    private var buffer: [UInt8] = []
    private let descriptor: Int32
    private let blockSize: Int

    init(descriptor: Int32 = 1, blockSize: Int = 1 << 16) {
        self.descriptor = descriptor
        self.blockSize = blockSize
        buffer.reserveCapacity(blockSize * 2)
    }

    func write(_ bytes: some Sequence<UInt8>) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= blockSize { flush() }
    }

    func write(_ text: String) {
        write(text.utf8)
    }

    func flush() {
        var offset = 0
        buffer.withUnsafeBytes { raw in
            while offset < raw.count {
                let written = Foundation.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return  // stdout closed (e.g. piped into head): stop quietly
                }
                offset += written
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    deinit { flush() }
}
