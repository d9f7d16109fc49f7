import Foundation
import Testing

@testable import ProfileCore

/// The hand-off between a producing and a consuming thread: batches arrive in
/// order, the producer waits when the queue is full by count or by weight,
/// and a batch heavier than the whole limit still goes, alone.
@Suite struct BatchChannelTests {
    @Test func batchesArriveInOrderThenTheEnd() throws {
        let channel = BatchChannel<Int>(capacity: 2)
        let producer = BackgroundTask {
            for start in stride(from: 0, to: 100, by: 10) { channel.send(Array(start..<(start + 10))) }
            channel.finish()
        }
        var received: [Int] = []
        while let batch = try channel.receive() { received += batch }
        try producer.wait()
        #expect(received == Array(0..<100))
    }

    @Test func aBatchThatWouldPassTheWeightLimitWaitsForTheQueueToEmpty() throws {
        let channel = BatchChannel<Int>(capacity: 16, weightLimit: 15)
        // Alone, a batch heavier than the limit is queued at once.
        #expect(channel.send([1], weight: 40))
        let sent = BackgroundTask { channel.send([2], weight: 10) }
        // 40 + 10 is past the limit: the second batch waits while the first is queued.
        Thread.sleep(forTimeInterval: 0.2)
        #expect(channel.backlog == 1)
        #expect(try channel.receive() == [1])
        #expect(try sent.wait())
        #expect(channel.backlog == 1)
        // Light batches queue together up to the limit.
        #expect(channel.send([3], weight: 5))
        #expect(channel.backlog == 2)
        channel.finish()
        #expect(try channel.receive() == [2])
        #expect(try channel.receive() == [3])
        #expect(try channel.receive() == nil)
    }

    @Test func aCancelledChannelReleasesAWaitingProducer() throws {
        let channel = BatchChannel<Int>(capacity: 1, weightLimit: 1)
        #expect(channel.send([1], weight: 1))
        let sent = BackgroundTask { channel.send([2], weight: 1) }
        Thread.sleep(forTimeInterval: 0.1)
        channel.cancel()
        #expect(try sent.wait() == false)
    }
}
