import Foundation
import ProfileCore
import Synchronization
import Testing
import TestSupport

@testable import ProfileStore

/// What `sync` shows while a commit writes: every row of the run counted,
/// every few thousand and at the last, then a first run's index builds.
@Suite struct CommitProgressTests {
    @Test func everyRowIsCountedAndAFirstRunSaysItIndexes() throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let store = try ProfileStore.openForWriting(path: PriorStateLoadingTests.storePath(folder), purpose: "test")
        defer { store.close() }
        let group = GroupWrite(
            key: ProfileKey(connection: "contoso", anchor: "g1"), dn: "CN=G,DC=contoso,DC=com", name: "G",
            members: ["contoso/x"], digest: 7, snapshot: [])
        let profiles = CommitProgress.interval * 2 + 5
        var first = PriorStateLoadingTests.run(
            1, writes: (0..<profiles).map { PriorStateLoadingTests.write(PriorStateLoadingTests.profile($0)) },
            groups: [group])
        first.changes = (0..<3).map { .restore(ProfileRef(connection: "contoso", anchor: "a\($0)", account: "x", dn: "y")) }
        let steps = Mutex<[SyncProgress]>([])
        try store.commit(first, progress: { step in steps.withLock { $0.append(step) } })
        let total = profiles + 1 + 3
        let reported = steps.withLock { $0 }
        let writing = reported.filter { $0.phase == CommitProgress.writing }
        #expect(writing.map(\.records) == [CommitProgress.interval, CommitProgress.interval * 2, total])
        #expect(writing.allSatisfy { $0.total == Int64(total) && $0.done == Int64($0.records) })
        #expect(reported.last?.phase == CommitProgress.indexing)

        // A later run: its state and inputs updates count too, and there are no indexes to build.
        var second = PriorStateLoadingTests.run(2, writes: [])
        second.stateUpdates = [StateUpdate(key: PriorStateLoadingTests.profile(1).key, state: .markedForDeletion, reason: nil)]
        second.inputsUpdates = [InputsUpdate(key: PriorStateLoadingTests.profile(2).key, inputs: 9)]
        second.groupDeletes = [group.key]
        steps.withLock { $0 = [] }
        try store.commit(second, progress: { step in steps.withLock { $0.append(step) } })
        #expect(steps.withLock { $0.map(\.phase) } == [CommitProgress.writing])
        #expect(steps.withLock { $0.map(\.records) } == [3])
    }
}
