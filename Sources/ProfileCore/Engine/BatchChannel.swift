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
    /// Each queued batch's weight (`send(_:weight:)`), beside `batches`.
    private var weights: [Int] = []
    private var queuedWeight = 0
    private var head = 0
    private var finished = false
    private var failure: (any Error)?
    private var cancelled = false
    private let capacity: Int
    private let weightLimit: Int

    /// At most `capacity` batches wait, and batches that weigh more than
    /// `weightLimit` together (`send(_:weight:)`) wait one at a time.
    package init(capacity: Int = 8, weightLimit: Int = .max) {
        self.capacity = capacity
        self.weightLimit = weightLimit
    }

    /// Queues a batch, waiting while `capacity` batches are queued, or while
    /// others are and this one's `weight` would take the queue past the
    /// limit (a batch alone is never held back). False when the consumer has
    /// gone: the producer should stop.
    @discardableResult
    package func send(_ batch: [Element], weight: Int = 0) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while !cancelled
            && (batches.count - head >= capacity
                || (batches.count > head && queuedWeight + weight > weightLimit))
        {
            condition.wait()
        }
        guard !cancelled else { return false }
        batches.append(batch)
        weights.append(weight)
        queuedWeight += weight
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
            queuedWeight -= weights[head]
            head += 1
            if head > 64 && head * 2 > batches.count {
                batches.removeFirst(head)
                weights.removeFirst(head)
                head = 0
            }
            condition.broadcast()
            return batch
        }
        if let failure { throw failure }
        return nil
    }
}
