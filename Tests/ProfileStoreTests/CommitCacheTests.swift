import GRDB
import Testing
import TestSupport

@testable import ProfileStore

/// A commit into a store that holds other profiles sizes SQLite's page
/// cache by the profiles the table will hold, so that the indexes a
/// drifted run reaches at random stay cached instead of being spilled to
/// the WAL and written again; a first run's commit takes a small one.
@Suite struct CommitCacheTests {
    @Test func theCacheFollowsTheTablesRowsBetweenItsBounds() {
        #expect(ProfileStore.commitCacheKiB(profileRows: 0) == ProfileStore.cacheKiB)
        #expect(ProfileStore.commitCacheKiB(profileRows: 100_000) == ProfileStore.cacheKiB)
        // 128 bytes a row past the usual 32 MiB.
        #expect(ProfileStore.commitCacheKiB(profileRows: 1_000_000) == 125_000)
        #expect(ProfileStore.commitCacheKiB(profileRows: 4_000_000) == 500_000)
        // At most 1 GiB.
        #expect(ProfileStore.commitCacheKiB(profileRows: 50_000_000) == 1 << 20)
    }

    /// Whatever cache a commit took, the connection has the usual one again after it.
    @Test func theUsualCacheIsBackAfterEachCommit() throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let store = try ProfileStore.openForWriting(
            path: folder.url.appendingPathComponent("profiles.db").path, purpose: "test")
        defer { store.close() }
        func cacheSize() throws -> Int? {
            try store.database.read { db in try Int.fetchOne(db, sql: "PRAGMA cache_size") }
        }
        #expect(try cacheSize() == -ProfileStore.cacheKiB)
        // A first run (secondary indexes built after its rows), then a later one.
        try store.commit(ProfileStoreTests.sampleResult(runID: 1))
        #expect(try cacheSize() == -ProfileStore.cacheKiB)
        try store.commit(ProfileStoreTests.sampleResult(runID: 2))
        #expect(try cacheSize() == -ProfileStore.cacheKiB)
    }
}
