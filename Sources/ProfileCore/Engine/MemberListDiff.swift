/// Which members a changed group gained and lost against the store's list
/// of its members, as sets of keys compare them (`String` equality).
///
/// Not two sets of keys: those of a million-member group were hashed anew
/// for every change to it, most of the groups' work in a 1M next snapshot.
/// An export lists a group's members in the same order from one day to the
/// next, so the old list is walked beside the new one: a member where it
/// was costs one comparison, and only the others are looked up by key
/// (`positionByMemberKey`) and marked by position (`MemberBits.former`).
struct MemberListDiff {
    /// Where, in the new list, the members the old one lacks are; in order.
    var added: [Int] = []
    /// The old list's members the new one lacks, in the old list's order
    /// (a key listed twice there is here twice).
    var removed: [String] = []

    /// How far ahead in the new list the walk looks for a member that is
    /// not where it was: far enough to step over members added in between,
    /// not so far that a list in another order costs a long search per
    /// member. It changes the cost, never the result.
    static let resyncWindow = 64

    /// - Parameters:
    ///   - old: the stored member keys.
    ///   - members: the new member keys, without repeats.
    ///   - positions: each new member's position among the run's classified
    ///     entries, or -1 for one no entry has (a `dn:` key).
    ///   - unknown: the new members at -1.
    ///   - positionByMemberKey: every classified entry's key and position;
    ///     a key names one entry.
    ///   - bits: `current` holds exactly the new members' positions and
    ///     `former` none; left so.
    init(
        old: MemberKeyList, members: [String], positions: [Int32], unknown: Set<String>,
        positionByMemberKey: [String: Int32], bits: inout MemberBits
    ) {
        var marked: [Int32] = []
        marked.reserveCapacity(old.count)
        // Old keys of no entry: a new member at -1 was a member if among them.
        var oldUnknown: Set<String> = []
        var next = 0
        for index in old.indices {
            // Read where it lies: a string is made only of a `dn:` key or
            // one that is not where it was.
            if old.key(at: index, hasASCIIPrefix: "dn:") { oldUnknown.insert(old[index]) }
            if next < members.count, old.key(at: index, equals: members[next]) {
                if positions[next] >= 0 {
                    _ = bits.former.insert(positions[next])
                    marked.append(positions[next])
                }
                next += 1
                continue
            }
            let key = old[index]
            let position = positionByMemberKey[key]
            if let position {
                _ = bits.former.insert(position)
                marked.append(position)
            }
            let kept = position.map(bits.current.contains) == true || unknown.contains(key)
            guard kept else {
                removed.append(key)
                continue
            }
            // Kept elsewhere in the list: the walk goes on from there when
            // it is near (members added in between).
            let window = next..<min(next + Self.resyncWindow, members.count)
            let found = window.first { index in
                if let position { return positions[index] == position }
                return positions[index] < 0 && members[index] == key
            }
            if let found { next = found + 1 }
        }
        for index in members.indices {
            let wasMember =
                positions[index] >= 0 ? bits.former.contains(positions[index]) : oldUnknown.contains(members[index])
            if !wasMember { added.append(index) }
        }
        bits.former.clear(marked)
    }
}
