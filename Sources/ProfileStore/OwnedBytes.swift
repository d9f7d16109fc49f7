/// Bytes a `StoredBytesWriter` wrote, handed over in the buffer it wrote
/// them in: a commit batch travels to the inserting thread without a copy
/// (a million-user run's largest groups are batches of tens of MB each).
final class OwnedBytes: @unchecked Sendable {
    // Unchecked: written by one thread before it is handed over, then only read.
    private let start: UnsafeMutableRawPointer
    let count: Int

    /// Takes ownership of `start`, allocated with `UnsafeMutableRawPointer.allocate`.
    init(taking start: UnsafeMutableRawPointer, count: Int) {
        self.start = start
        self.count = count
    }

    deinit { start.deallocate() }

    /// The bytes, valid while `body` runs.
    func withUnsafeBytes<T>(_ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        try body(UnsafeRawBufferPointer(start: start, count: count))
    }
}
