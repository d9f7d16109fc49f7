import Foundation
import ProfileCore
import Testing
import TestSupport

@testable import ProfileStore

/// Profile rows are written in the order of the table's key index
/// (`KeyOrder`): the order SQLite itself sorts the keys in, and each row
/// still holding what its own write says.
@Suite struct KeyOrderTests {
    /// Keys that Swift's string order and the bytes' order disagree on, or
    /// that differ only past the 16 bytes the sort packs into integers.
    static let keys: [(connection: String, anchor: String)] = [
        ("contoso", "c1a6e0f2-0000-4000-8000-000000000001"),
        ("contoso", "c1a6e0f2-0000-4000-8000-000000000002"),
        ("contoso", "0000dabd-9447-40cb-b9ee-54d694d21cbf"),
        ("contoso", "abc"),
        ("contoso", "abcd"),
        ("contoso", "ab"),
        ("contoso", ""),
        ("contoso", "aaaaaaaaaaaaaaaaXb"),
        ("contoso", "aaaaaaaaaaaaaaaaXa"),
        ("contoso", "aaaaaaaaaaaaaaaa"),
        ("contoso", "aaaaaaaaaaaaaaaXb"),
        ("contoso", "aaaaaaaaaaaaaaaXa"),
        ("contoso", "aaaaaaaaaaaaaaa"),
        ("contoso", "aaaaaaaZ"),
        ("contoso", "aaaaaaab"),
        ("contoso", "aaaaaaaaZ"),
        ("contoso", "aaaaaaaab"),
        ("contoso", "Zed"),
        ("contoso", "zed"),
        // Canonically equivalent, so equal as Swift strings; their bytes are not.
        ("contoso", "caf\u{E9}"),
        ("contoso", "cafe\u{301}"),
        ("contoso", "\u{1F600}"),
        ("contoso", "\u{FFFD}x"),
        ("Contoso", "abc"),
        ("fabrikam", "abc"),
        ("fabrikam", "0001"),
        ("\u{E4}-conn", "abc"),
        ("", "only"),
    ]

    static func writes(_ keys: [(connection: String, anchor: String)]) -> [ProfileWrite] {
        keys.enumerated().map { index, key in
            let profile = Profile(
                key: ProfileKey(connection: key.connection, anchor: key.anchor), account: "A\\user\(index)",
                dn: "CN=User \(index),DC=contoso,DC=com", properties: [])
            // Digests over all 64 bits (the batch writes them as eight-byte words),
            // and some writes without inputs.
            return ProfileWrite(
                profile: profile, digest: UInt64(1000 + index) &* 0x9E37_79B9_7F4A_7C15, snapshot: EntrySnapshot(bytes: []),
                inputs: Self.inputs(index))
        }
    }

    static func inputs(_ index: Int) -> UInt64? { index % 3 == 0 ? nil : UInt64(5000 + index) }

    /// A fixed shuffle, so a failure reproduces.
    static func shuffled<T>(_ items: [T]) -> [T] {
        var generator = SplitMix(seed: 7)
        return items.shuffled(using: &generator)
    }

    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }

    @Test func theOrderIsSQLitesOwn() throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let path = folder.url.appendingPathComponent("order.db").path
        let keys = Self.shuffled(Self.keys)
        try SQLiteFixture.create(
            path,
            sql: "CREATE TABLE k (connection TEXT, anchor TEXT);"
                + keys.map { "INSERT INTO k VALUES (\(Self.quoted($0.connection)), \(Self.quoted($0.anchor)));" }.joined())
        let sqlite = try SQLiteFixture.rows(path, "SELECT connection, anchor FROM k ORDER BY connection, anchor")
        let writes = Self.writes(keys)
        let order = writes.withUnsafeBufferPointer { KeyOrder.of($0) }
        #expect(order.count == keys.count)
        #expect(Set(order) == Set(keys.indices))
        // As bytes: Swift's `==` holds the two spellings of "café" equal.
        #expect(order.map { Self.bytes([keys[$0].connection, keys[$0].anchor]) } == sqlite.map(Self.bytes))
        // Keys alone (state and inputs updates) sort alike.
        #expect(KeyOrder.of(keys.map { ProfileKey(connection: $0.connection, anchor: $0.anchor) }) == order)
    }

    /// Past 255 connections their ranks share the packed byte; keys are
    /// still ordered by connection, then anchor.
    @Test func manyConnectionsStillSortByTheirBytes() throws {
        var keys: [ProfileKey] = []
        for connection in 0..<300 {
            for anchor in ["b", "a", "c1a6e0f2-0000-4000-8000-00000000000\(connection % 10)"] {
                keys.append(ProfileKey(connection: "conn\(connection)", anchor: anchor))
            }
        }
        keys = Self.shuffled(keys)
        let expected = keys.indices.sorted { lhs, rhs in
            let left = Array(keys[lhs].connection.utf8)
            let right = Array(keys[rhs].connection.utf8)
            if left != right { return left.lexicographicallyPrecedes(right) }
            return Array(keys[lhs].anchor.utf8).lexicographicallyPrecedes(Array(keys[rhs].anchor.utf8))
        }
        #expect(KeyOrder.of(keys) == expected)
    }

    static func bytes(_ columns: [String?]) -> [[UInt8]] { columns.map { Array(($0 ?? "").utf8) } }

    /// The commit merges its inputs and state updates into the profile
    /// rows by `precedes`: it must order keys exactly as `of` does.
    @Test func precedesOrdersAsTheSortDoes() {
        let keys = Self.shuffled(Self.keys).map { ProfileKey(connection: $0.connection, anchor: $0.anchor) }
        let order = KeyOrder.of(keys)
        for (earlier, later) in zip(order, order.dropFirst()) {
            #expect(KeyOrder.precedes(keys[earlier], keys[later]), "\(keys[earlier]) before \(keys[later])")
            #expect(!KeyOrder.precedes(keys[later], keys[earlier]), "\(keys[later]) not before \(keys[earlier])")
        }
        for key in keys { #expect(!KeyOrder.precedes(key, key)) }
        // And against a commit batch's columns, the other key's bytes.
        for lhs in keys {
            for rhs in keys {
                let bytes = Array(rhs.connection.utf8).withUnsafeBytes { connection in
                    Array(rhs.anchor.utf8).withUnsafeBytes { anchor in
                        KeyOrder.precedes(lhs, connection: connection, anchor: anchor)
                    }
                }
                #expect(bytes == KeyOrder.precedes(lhs, rhs), "\(lhs) before \(rhs)")
            }
        }
    }

    @Test func theIntegersHoldTheFirstSixteenBytes() {
        #expect(KeyOrder.prefix(of: "") == (0, 0))
        #expect(KeyOrder.prefix(of: "a") == (0x61 << 56, 0))
        #expect(KeyOrder.prefix(of: "abcdefghi") == (0x6162_6364_6566_6768, 0x6900_0000_0000_0000))
        let long = KeyOrder.prefix(of: "abcdefghijklmnopXYZ")
        #expect(long == KeyOrder.prefix(of: "abcdefghijklmnop"))
        #expect(long.low & 0xFF == 0x70)
        #expect(KeyOrder.of(UnsafeBufferPointer(start: nil, count: 0)) == [])
        #expect(KeyOrder.of([ProfileKey]()) == [])
    }

    /// Written in key order, each row still carries its own write's digest
    /// and inputs (copied into the encoded batch beside its key), in a
    /// first run and in a later one that rewrites content only.
    @Test func aCommitWritesRowsInKeyOrderEachWithItsOwnValues() throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let path = folder.url.appendingPathComponent("profiles.db").path
        let store = try ProfileStore.openForWriting(path: path, purpose: "test")
        let keys = Self.shuffled(Self.keys)
        var first = ProfileStoreTests.sampleResult(runID: 1)
        first.changes = []
        first.profileWrites = Self.writes(keys)
        try store.commit(first)
        var second = ProfileStoreTests.sampleResult(runID: 2)
        second.changes = []
        second.profileWrites = Self.shuffled(first.profileWrites).map { write in
            var write = write
            write.digest &+= 100
            write.contentOnly = true
            return write
        }
        // Shuffled again: the second run's positions differ from the first's.
        // Writes are told apart by account: Swift's `==` holds the two
        // spellings of "café" (two rows in the store) equal.
        let secondDigests = Dictionary(
            uniqueKeysWithValues: second.profileWrites.map { ($0.profile.account, $0.digest) })
        try store.commit(second)
        store.close()

        let byRowid = try SQLiteFixture.rows(path, "SELECT connection, anchor FROM profiles ORDER BY rowid")
        let byKey = try SQLiteFixture.rows(path, "SELECT connection, anchor FROM profiles ORDER BY connection, anchor")
        #expect(byRowid.map(Self.bytes) == byKey.map(Self.bytes))
        let rows = try SQLiteFixture.rows(path, "SELECT connection, anchor, account, digest, inputs, updated_run FROM profiles")
        #expect(rows.count == keys.count)
        for row in rows {
            let account = try #require(row[2])
            let index = try #require(Int(account.dropFirst("A\\user".count)))
            // The row run 1 wrote for `index`, its content rewritten by run 2.
            #expect(Self.bytes([row[0], row[1]]) == Self.bytes([keys[index].connection, keys[index].anchor]))
            #expect(row[3] == String(Int64(bitPattern: secondDigests[account]!)))
            #expect(row[4] == Self.inputs(index).map { String($0) })
            #expect(row[5] == "2")
        }
        #expect(try SQLiteFixture.rows(path, "PRAGMA integrity_check") == [["ok"]])
    }
}
