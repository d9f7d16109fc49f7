@testable import ProfileCore
import Testing
import TestSupport

/// A changed group's members compared by walking both lists report exactly
/// what comparing two sets of keys reports, whatever the lists' orders.
@Suite struct MemberListDiffTests {
    /// Keys of the run's classified entries, by position: one spelled with a
    /// precomposed é, which a stored decomposed spelling equals as a string.
    static let entryKeys = (0..<300).map { $0 == 7 ? "c/Caf\u{E9}" : "c/a\($0)" }
    static let positionByKey = Dictionary(uniqueKeysWithValues: entryKeys.enumerated().map { ($1, Int32($0)) })
    /// Stored keys no entry has now, and members named by a DN no entry has.
    static let goneKeys = ["c/gone1", "c/gone2", "other/a3"]
    static let dnKeys = ["dn:CN=X,DC=c", "dn:CN=Y,DC=c", "dn:CN=Z,DC=c"]

    /// The sets' answer, as `SyncEngine` computed it before the walk.
    static func bySets(old: [String], members: [String]) -> (added: [Int], removed: [String]) {
        let oldSet = Set(old)
        let memberSet = Set(members)
        return (members.indices.filter { !oldSet.contains(members[$0]) }, old.filter { !memberSet.contains($0) })
    }

    static func diff(old: [String], members: [String], bits: inout MemberBits) -> MemberListDiff {
        let positions = members.map { positionByKey[$0] ?? -1 }
        for position in positions where position >= 0 {
            let inserted = bits.current.insert(position)
            #expect(inserted)
        }
        defer { bits.current.clear(positions) }
        let unknown = Set(members.indices.filter { positions[$0] < 0 }.map { members[$0] })
        return MemberListDiff(
            old: MemberKeyList(old), members: members, positions: positions, unknown: unknown, positionByMemberKey: positionByKey,
            bits: &bits)
    }

    @Test func matchesTwoSetsOnRandomChanges() {
        var random = SeededGenerator(seed: 11)
        // One set of bits for every round, as a chunk of groups reuses its
        // own: a bit left set by one diff would show in a later one.
        var bits = MemberBits(words: (Self.entryKeys.count + 63) / 64)
        for round in 0..<3_000 {
            var pool = Self.entryKeys.shuffled(using: &random).prefix(Int.random(in: 0...120, using: &random))
                + Self.dnKeys.filter { _ in Bool.random(using: &random) }
            pool.shuffle(using: &random)
            var old = Array(pool)
            // The store's list: sometimes a key no entry has now, a repeat,
            // or the decomposed spelling of entry 7's key.
            if Int.random(in: 0..<4, using: &random) == 0 { old.insert(Self.goneKeys.randomElement(using: &random)!, at: Int.random(in: 0...old.count, using: &random)) }
            if !old.isEmpty, Int.random(in: 0..<6, using: &random) == 0 { old.append(old.randomElement(using: &random)!) }
            if Int.random(in: 0..<5, using: &random) == 0 { old.insert("c/Cafe\u{301}", at: Int.random(in: 0...old.count, using: &random)) }
            // The new list: the old one's distinct members with some removed,
            // some added anywhere, a few moved, or all in another order.
            var members: [String] = []
            var listed = Set<String>()
            for key in old where listed.insert(key).inserted && !Self.goneKeys.contains(key) && Int.random(in: 0..<8, using: &random) != 0 {
                members.append(key == "c/Cafe\u{301}" ? "c/Caf\u{E9}" : key)
            }
            for key in (Self.entryKeys + Self.dnKeys).shuffled(using: &random).prefix(Int.random(in: 0...20, using: &random))
            where !members.contains(key) {
                members.insert(key, at: Int.random(in: 0...members.count, using: &random))
            }
            switch Int.random(in: 0..<4, using: &random) {
            case 0: members.shuffle(using: &random)
            case 1 where members.count > 1:
                for _ in 0..<3 { members.swapAt(Int.random(in: members.indices, using: &random), Int.random(in: members.indices, using: &random)) }
            default: break
            }
            let walked = Self.diff(old: old, members: members, bits: &bits)
            let expected = Self.bySets(old: old, members: members)
            #expect(walked.added == expected.added, "round \(round)")
            #expect(walked.removed == expected.removed, "round \(round)")
        }
    }

    @Test func aMemberAddedBeyondTheWindowStillLeavesTheOthersKept() {
        var bits = MemberBits(words: (Self.entryKeys.count + 63) / 64)
        let old = Array(Self.entryKeys[0..<200])
        // More new members than the window in front of the old ones: the walk
        // loses its place, and every old member is then looked up.
        let added = Array(Self.entryKeys[200..<(200 + MemberListDiff.resyncWindow + 10)])
        let members = added + old.filter { $0 != "c/a150" }
        let walked = Self.diff(old: old, members: members, bits: &bits)
        #expect(walked.added == Array(0..<added.count))
        #expect(walked.removed == ["c/a150"])
    }

    @Test func unchangedListsReportNothing() {
        var bits = MemberBits(words: (Self.entryKeys.count + 63) / 64)
        let old = Array(Self.entryKeys[10..<60]) + Self.dnKeys
        let walked = Self.diff(old: old, members: old, bits: &bits)
        #expect(walked.added.isEmpty)
        #expect(walked.removed.isEmpty)
    }
}
