import ProfileCore
import Testing

/// What a change tells about itself without being copied out.
@Suite struct ProfileChangeTests {
    static let ref = ProfileRef(connection: "contoso", anchor: "a1", account: "CONTOSO\\ada", dn: "CN=Ada,DC=contoso,DC=com")
    static let list: PropertyList = [ProfileProperty(name: "AccountName", values: ["CONTOSO\\ada"], source: "contoso.sAMAccountName", run: 1)]
    static let changes = PropertyChanges([PropertyChange(name: "AccountName", old: [], new: ["CONTOSO\\ada"], source: "x")])

    /// Only an add made of the profile's own list (as the engine makes a
    /// new profile's) is one: not an add of listed changes, nor an update
    /// holding a list, nor any other kind.
    @Test func onlyAnAddOfTheProfilesListIsAnAddOfItsPropertyList() {
        #expect(ProfileChange.add(Self.ref, properties: PropertyChanges(adding: Self.list)).isAddOfPropertyList)
        #expect(PropertyChanges(adding: Self.list).isAdding)
        #expect(PropertyChanges(adding: PropertyList()).isAdding)
        #expect(!Self.changes.isAdding)
        let others: [ProfileChange] = [
            .add(Self.ref, properties: Self.changes),
            .add(Self.ref, properties: []),
            .update(Self.ref, properties: PropertyChanges(adding: Self.list)),
            .update(Self.ref, properties: Self.changes),
            .markForDeletion(Self.ref),
            .exclude(Self.ref, reason: .disabled),
            .move(Self.ref, oldDn: "CN=Old,DC=contoso,DC=com", newDn: Self.ref.dn),
            .restore(Self.ref),
            .membership(group: "CN=G,DC=contoso,DC=com", added: [Self.ref.dn], removed: []),
        ]
        for change in others {
            #expect(!change.isAddOfPropertyList, "\(change.kind)")
        }
    }
}
