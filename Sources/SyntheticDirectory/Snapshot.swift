/// One state of the directory: the baseline export, or the second ("next")
/// export after drift. Holds only compact per-person arrays.
struct Snapshot: Sendable {
    /// Department, manager and project membership as of this snapshot.
    let tree: OrgTree
    /// The baseline tree: titles and other drawn values depend on it, so a
    /// person who moves keeps them.
    let baseline: OrgTree
    /// Drift flags per person (empty in the baseline).
    let flags: [UInt8]
    /// Persons `0..<personCount` may be present.
    let personCount: Int
    /// This snapshot's "now": entries changed by drift carry it in whenChanged.
    let time: Int64
    /// uSNChanged of every person and group drift touched (0 = unchanged); empty in the baseline.
    let changeUSN: [Int64]
    let groupChangeUSN: [Int64]
    let isNext: Bool

    /// 2026-11-01 08:00:00 UTC: fixed, so output does not depend on the clock.
    static let baselineTime: Int64 = ADValues.unixTime(year: 2026, month: 11, day: 1) + 8 * 3600
    static let nextTime: Int64 = baselineTime + 7 * 86_400

    static func baseline(_ tree: OrgTree) -> Snapshot {
        Snapshot(
            tree: tree, baseline: tree, flags: [], personCount: tree.baselineCount, time: baselineTime,
            changeUSN: [], groupChangeUSN: [], isNext: false)
    }

    func flags(_ person: Int) -> DriftFlags {
        flags.isEmpty ? [] : DriftFlags(rawValue: flags[person])
    }

    func isPresent(_ person: Int) -> Bool {
        person < personCount && !flags(person).contains(.removed)
    }

    // MARK: Update sequence numbers

    /// Baseline uSNCreated of person `index`: increasing with the index.
    static func createdUSN(_ index: Int) -> Int64 { 20_000 + 4 * Int64(index) }

    static func groupCreatedUSN(_ group: Int) -> Int64 { 16_000 + 10 * Int64(group) }

    static func serviceAccountUSN(_ account: Int) -> Int64 { 15_000 + 10 * Int64(account) }

    /// Baseline uSNChanged of a group: after all its members were added.
    func baselineGroupUSN(_ group: Int) -> Int64 {
        Self.createdUSN(baseline.baselineCount) + 10 * Int64(group) + 5
    }

    /// The highest uSNChanged of the baseline: a delta export starts above it.
    var baselineHighestUSN: Int64 {
        Self.createdUSN(baseline.baselineCount) + 10 * Int64(GroupCatalog.count) + 100
    }
}
