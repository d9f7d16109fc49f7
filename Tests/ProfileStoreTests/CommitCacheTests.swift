import Testing

@testable import ProfileStore

/// A commit into a store that holds other profiles sizes SQLite's page
/// cache by the profiles the table will hold, so that the indexes a
/// drifted run reaches at random stay cached instead of being spilled to
/// the WAL and written again.
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
}
