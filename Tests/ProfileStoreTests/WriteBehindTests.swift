import Foundation
import Synchronization
import Testing
import TestSupport

@testable import ProfileStore

/// A first run's commit syncs the store file as it grows, from another
/// thread, until the commit stops it.
@Suite struct WriteBehindTests {
    final class Calls: Sendable {
        let count = Atomic<Int>(0)
        let descriptors = Mutex<Set<Int32>>([])
    }

    @Test func syncsTheFileUntilStoppedAndNeverAfter() throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let path = folder.url.appendingPathComponent("profiles.db").path
        try Data("rows".utf8).write(to: URL(fileURLWithPath: path))
        let calls = Calls()
        let writeBehind = try #require(
            WriteBehind(path: path, interval: .milliseconds(5)) { descriptor in
                calls.count.add(1, ordering: .relaxed)
                calls.descriptors.withLock { _ = $0.insert(descriptor) }
            })
        // Several intervals, however loaded the machine: wait for three syncs.
        let deadline = ContinuousClock.now + .seconds(30)
        while calls.count.load(ordering: .relaxed) < 3 && ContinuousClock.now < deadline {
            Thread.sleep(forTimeInterval: 0.005)
        }
        writeBehind.stop()
        let stopped = calls.count.load(ordering: .relaxed)
        #expect(stopped >= 3)
        // The file is opened once for all the syncs.
        #expect(calls.descriptors.withLock { $0.count } == 1)
        Thread.sleep(forTimeInterval: 0.05)
        #expect(calls.count.load(ordering: .relaxed) == stopped)
    }

    @Test func aFileThatCannotBeOpenedGetsNoWriteBehind() throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        #expect(WriteBehind(path: folder.url.appendingPathComponent("missing.db").path, interval: .milliseconds(5)) == nil)
    }
}
