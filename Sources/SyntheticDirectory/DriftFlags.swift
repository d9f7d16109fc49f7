/// What drift did to one person between the two snapshots.
struct DriftFlags: OptionSet, Sendable {
    let rawValue: UInt8

    static let removed = DriftFlags(rawValue: 1 << 0)
    static let moved = DriftFlags(rawValue: 1 << 1)
    static let disabled = DriftFlags(rawValue: 1 << 2)
    static let title = DriftFlags(rawValue: 1 << 3)
    static let phone = DriftFlags(rawValue: 1 << 4)
    static let manager = DriftFlags(rawValue: 1 << 5)
    static let added = DriftFlags(rawValue: 1 << 6)
    /// Joined or left a project group; the person's own entry does not change.
    static let membership = DriftFlags(rawValue: 1 << 7)

    /// Changes that give the person's entry a new uSNChanged.
    static let entryChanges: DriftFlags = [.removed, .moved, .disabled, .title, .phone, .manager, .added]
}
