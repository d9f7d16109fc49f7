import Foundation

/// A bounded hand-off of batches from one producer thread to one consumer.
///
/// Reading an export is two jobs of similar weight — parsing LDIF and
/// building entries from it, then indexing them — so the loader runs them on
/// the two cores at once. The bound keeps memory flat: a producer that runs
/// ahead waits instead of queueing the whole file.
package final class BatchChannel<Element: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var batches: [[Element]] = []
    private var head = 0
    private var finished = false
    private var failure: (any Error)?
    private var cancelled = false
    private let capacity: Int

    package init(capacity: Int = 8) {
        self.capacity = capacity
    }

    /// Queues a batch, waiting while `capacity` batches are queued. False
    /// when the consumer has gone: the producer should stop.
    @discardableResult
    package func send(_ batch: [Element]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while batches.count - head >= capacity && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        batches.append(batch)
        condition.broadcast()
        return true
    }

    /// Marks the end of the stream, with the producer's error if it failed:
    /// the consumer receives every batch sent before it, then the error.
    package func finish(throwing error: (any Error)? = nil) {
        condition.lock()
        finished = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }

    /// Batches sent and not yet received: how far the receiver is behind.
    package var backlog: Int {
        condition.lock()
        defer { condition.unlock() }
        return batches.count - head
    }

    /// The consumer gives up (its own error): a waiting producer is released.
    package func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch; nil at the end; the producer's error after its last batch.
    package func receive() throws -> [Element]? {
        condition.lock()
        defer { condition.unlock() }
        while head == batches.count && !finished { condition.wait() }
        if head < batches.count {
            let batch = batches[head]
            batches[head] = []
            head += 1
            if head > 64 && head * 2 > batches.count {
                batches.removeFirst(head)
                head = 0
            }
            condition.broadcast()
            return batch
        }
        if let failure { throw failure }
        return nil
    }
}
