/// Derives the second snapshot from the first: which people change and how.
///
/// For `k = round(F·N)` the plan removes, moves, disables, retitles,
/// re-phones, re-manages and re-groups k people each, and hires k new ones.
/// Only staff-level people in OU=Staff are touched, never managers, so no
/// report's manager DN changes or dangles. Removed, moved and disabled people
/// are disjoint; title, phone and manager changes overlap in part, as real
/// updates do. Everything is drawn from the seed.
struct Drift: Sendable {
    /// The requested number per category.
    let perCategory: Int
    /// How many people each category really got (fewer than requested only
    /// when the eligible staff run out at large fractions of small N).
    private(set) var applied: [String: Int] = [:]
    let next: Snapshot

    /// Streams of `SeededRandom` used by drift.
    enum Stream {
        static let shuffle: UInt64 = 4
        static let move: UInt64 = 3
        static let manager: UInt64 = 5
        static let title: UInt64 = 6
        static let phone: UInt64 = 7
        static let membership: UInt64 = 8
    }

    /// Number of people hired by a drift of `fraction` over `userCount`.
    static func perCategory(userCount: Int, fraction: Double) -> Int {
        Int((Double(userCount) * fraction).rounded())
    }

    /// `tree` must hold the baseline plus `perCategory` hires.
    init(tree: OrgTree, seed: UInt64, fraction: Double) {
        let baselineCount = tree.baselineCount
        let k = Self.perCategory(userCount: baselineCount, fraction: fraction)
        perCategory = k
        var flags = [UInt8](repeating: 0, count: tree.count)
        var next = tree

        var eligible: [Int32] = []
        eligible.reserveCapacity(baselineCount)
        for person in 0..<baselineCount
        where tree.isStaffLevel(person) && tree.container[person] == OrgTree.Container.staff.rawValue {
            eligible.append(Int32(person))
        }
        var shuffler = SeededRandom(seed: seed, stream: Stream.shuffle, index: 0)
        if eligible.count > 1 {
            for index in stride(from: eligible.count - 1, to: 0, by: -1) {
                eligible.swapAt(index, shuffler.below(index + 1))
            }
        }

        func slice(_ start: Int) -> ArraySlice<Int32> {
            let lower = min(start, eligible.count)
            return eligible[lower..<min(lower + k, eligible.count)]
        }
        var applied: [String: Int] = [:]
        // Disjoint: removed, moved, disabled. Updates come after them, title and
        // phone overlapping by half so some people get several changes.
        let removed = slice(0), moved = slice(k), disabled = slice(2 * k)
        let titled = slice(3 * k), phoned = slice(3 * k + k / 2), managed = slice(4 * k), regrouped = slice(5 * k)

        for person in removed { flags[Int(person)] |= DriftFlags.removed.rawValue }
        for person in disabled { flags[Int(person)] |= DriftFlags.disabled.rawValue }
        for person in titled { flags[Int(person)] |= DriftFlags.title.rawValue }
        for person in phoned { flags[Int(person)] |= DriftFlags.phone.rawValue }
        for person32 in moved {
            let person = Int(person32)
            flags[person] |= DriftFlags.moved.rawValue
            var random = SeededRandom(seed: seed, stream: Stream.move, index: person)
            let old = Int(tree.department[person])
            let newDepartment = 1 + (old - 1 + 1 + random.below(OrgCatalog.workingCount - 1)) % OrgCatalog.workingCount
            next.department[person] = UInt8(newDepartment)
            next.manager[person] = Int32(tree.pickManager(department: newDepartment, &random, excluding: -1))
        }
        for person32 in managed {
            let person = Int(person32)
            flags[person] |= DriftFlags.manager.rawValue
            var random = SeededRandom(seed: seed, stream: Stream.manager, index: person)
            next.manager[person] = Int32(
                tree.pickManager(department: Int(tree.department[person]), &random, excluding: Int(tree.manager[person])))
        }
        for person32 in regrouped {
            let person = Int(person32)
            flags[person] |= DriftFlags.membership.rawValue
            var random = SeededRandom(seed: seed, stream: Stream.membership, index: person)
            next.project[person] = tree.project[person] == 0 ? UInt8(1 + random.below(OrgTree.projectGroupCount)) : 0
        }
        for person in baselineCount..<tree.count { flags[person] |= DriftFlags.added.rawValue }

        applied["remove"] = removed.count
        applied["move"] = moved.count
        applied["disable"] = disabled.count
        applied["title"] = titled.count
        applied["telephoneNumber"] = phoned.count
        applied["manager"] = managed.count
        applied["membership"] = regrouped.count
        applied["add"] = tree.count - baselineCount
        self.applied = applied

        // uSNChanged: every touched entry, in person order, then touched groups.
        let baselineSnapshot = Snapshot.baseline(tree)
        var usn = baselineSnapshot.baselineHighestUSN + 1
        var changeUSN = [Int64](repeating: 0, count: tree.count)
        for person in 0..<tree.count where flags[person] & DriftFlags.entryChanges.rawValue != 0 {
            changeUSN[person] = usn
            usn += 1
        }
        let draft = Snapshot(
            tree: next, baseline: tree, flags: flags, personCount: tree.count, time: Snapshot.nextTime,
            changeUSN: changeUSN, groupChangeUSN: [], isNext: true)
        var groupChangeUSN = [Int64](repeating: 0, count: GroupCatalog.count)
        for change in MembershipChange.all(from: baselineSnapshot, to: draft) where groupChangeUSN[change.group] == 0 {
            groupChangeUSN[change.group] = 1
        }
        for group in 0..<GroupCatalog.count where groupChangeUSN[group] != 0 {
            groupChangeUSN[group] = usn
            usn += 1
        }
        self.next = Snapshot(
            tree: next, baseline: tree, flags: flags, personCount: tree.count, time: Snapshot.nextTime,
            changeUSN: changeUSN, groupChangeUSN: groupChangeUSN, isNext: true)
    }
}
