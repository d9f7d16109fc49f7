/// Which of a run's classified entries (by position) are members of the
/// group being built, and which were members of its stored copy: one bit
/// per entry, kept by each chunk of groups and cleared after each group,
/// so a group costs its own members, not the directory's size.
struct MemberBits {
    /// The group's members as this run reads them (also skips a repeated member).
    var current: PositionBits
    /// The members the store had, marked only while a changed group is diffed.
    var former: PositionBits

    init(words: Int) {
        current = PositionBits(words: words)
        former = PositionBits(words: words)
    }
}

/// A set of positions, as bits.
struct PositionBits {
    private var words: [UInt64]

    init(words: Int) {
        self.words = [UInt64](repeating: 0, count: words)
    }

    /// Adds `position`; false when it was already there.
    @inline(__always)
    mutating func insert(_ position: Int32) -> Bool {
        let (word, bit) = Self.place(position)
        guard words[word] & bit == 0 else { return false }
        words[word] |= bit
        return true
    }

    @inline(__always)
    func contains(_ position: Int32) -> Bool {
        let (word, bit) = Self.place(position)
        return words[word] & bit != 0
    }

    /// Empties the set, given every position it holds (negative ones are
    /// skipped): clearing those words, not all of them.
    mutating func clear(_ positions: [Int32]) {
        for position in positions where position >= 0 { words[Self.place(position).word] = 0 }
    }

    @inline(__always)
    private static func place(_ position: Int32) -> (word: Int, bit: UInt64) {
        (Int(position) >> 6, UInt64(1) << (UInt64(position) & 63))
    }
}
