import Synchronization

extension InputDigest {
    /// A digest fed on one thread and computed on another, in the gaps of
    /// that thread's own work: each chunk fed is copied and queued, and the
    /// other thread hashes what is queued when it calls `hashQueued()`.
    ///
    /// A first run's read stage waits for the thread that parses the
    /// export; the thread that indexes what it parses waits for it in turn,
    /// about a third of the time at 100,000 users (perf). SHA-256 was a
    /// fifth of the parsing thread's samples; copying a chunk costs it a
    /// tenth of hashing one. On a thread of its own the hashing competed
    /// with both for the two cores and the stage was no faster.
    /// Unchecked Sendable: `update` is called by one thread, the rest by
    /// another; the queue is guarded.
    public final class Queued: @unchecked Sendable {
        private final class Chunks: Sendable {
            /// Chunks fed and not yet hashed, oldest first.
            let queued = Mutex<[[UInt8]]>([])
            /// Hashed chunks' buffers, for the next copies.
            let spares = Mutex<[[UInt8]]>([])
        }

        private let chunks = Chunks()
        private let running = Running()

        public init() {}

        /// Adds the next bytes of the file (a copy of them: `bytes` may
        /// change once this returns). Called by the feeding thread.
        public func update(_ bytes: UnsafeRawBufferPointer) {
            var chunk = chunks.spares.withLock { $0.popLast() } ?? []
            chunk.append(contentsOf: bytes)
            chunks.queued.withLock { $0.append(chunk) }
        }

        /// Hashes every chunk queued so far, in order. Called by the one
        /// thread that finishes the digest.
        public func hashQueued() {
            var taken = chunks.queued.withLock { queued in
                defer { queued.removeAll(keepingCapacity: true) }
                return queued
            }
            for index in taken.indices {
                taken[index].withUnsafeBytes { running.update($0) }
                taken[index].removeAll(keepingCapacity: true)
            }
            // A few buffers are enough for the next copies: the feeding
            // thread is never far ahead of the hashing one. One that held
            // a larger read (the reader reads more at once past a large
            // record) is freed, not kept for the rest of the file.
            chunks.spares.withLock { spares in
                while spares.count < Self.sparesKept, let buffer = taken.popLast() {
                    if buffer.capacity <= Self.largestKept { spares.append(buffer) }
                }
            }
        }

        /// Buffers kept for the next copies.
        static let sparesKept = 4

        /// The largest buffer kept: twice the reader's usual 1 MiB read.
        static let largestKept = 2 << 20

        /// The size and SHA-256 (lowercase hex) of the bytes added, after
        /// hashing what is still queued. Call once feeding has ended.
        public func finish() -> (size: Int64, hex: String) {
            hashQueued()
            return running.finish()
        }
    }
}
