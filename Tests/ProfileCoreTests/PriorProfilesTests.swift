import ProfileCore
import Testing

@Suite struct PriorProfilesTests {
    static func profile(_ anchor: String, _ state: ProfileState, digest: UInt64 = 1) -> PriorProfile {
        PriorProfile(
            key: ProfileKey(connection: "contoso", anchor: anchor), account: "CONTOSO\\\(anchor)", dn: "CN=\(anchor)",
            state: state, reason: nil, digest: digest)
    }

    @Test func profilesAreNumberedInTheOrderAdded() {
        var profiles = PriorProfiles(minimumCapacity: 3)
        for (anchor, state) in [("a", ProfileState.active), ("b", .markedForDeletion), ("c", .active)] {
            profiles.add(Self.profile(anchor, state))
        }
        #expect(profiles.all.map { "\($0.key.anchor)\($0.ordinal)" } == ["a0", "b1", "c2"])
        #expect(profiles.ordinal(of: ProfileKey(connection: "contoso", anchor: "b")) == 1)
        #expect(profiles.ordinal(of: ProfileKey(connection: "contoso", anchor: "d")) == nil)
        #expect(profiles.activeCount == 2)
    }

    /// A key added again replaces the profile under its first number, and
    /// the active count follows the replacement's state.
    @Test func aKeyAddedAgainKeepsItsNumber() {
        var profiles = PriorProfiles()
        profiles.add(Self.profile("a", .active))
        profiles.add(Self.profile("b", .active))
        profiles.add(Self.profile("a", .excluded, digest: 9))
        profiles.add(Self.profile("c", .active))
        let a = profiles[ProfileKey(connection: "contoso", anchor: "a")]
        #expect(a?.ordinal == 0)
        #expect(a?.digest == 9)
        #expect(profiles.all.map(\.ordinal) == [0, 1, 2])
        #expect(profiles.all.map(\.key.anchor) == ["a", "b", "c"])
        #expect(profiles.count == 3)
        #expect(profiles.activeCount == 2)
    }

    @Test func thePriorStateCountsActiveProfiles() {
        var profiles = PriorProfiles()
        profiles.add(Self.profile("a", .active))
        profiles.add(Self.profile("b", .excluded))
        let state = PriorState(
            lastRunID: 1, fingerprint: nil, watermarks: [:], profiles: profiles, groups: [:], loadProperties: { _ in [] },
            loadSnapshots: { _ in StoredSnapshots([]) })
        #expect(state.activeProfiles == 1)
        #expect(state.profiles.count == 2)
    }

    /// Grown from the smallest table, past many doublings: every key is
    /// found under its number, keys that differ only by connection or by one
    /// byte of the anchor are told apart, and absent keys are not found.
    @Test func manyKeysAreFoundAfterTheTableGrows() {
        var profiles = PriorProfiles()
        let anchors = (0..<5_000).map { "anchor-\($0)" }
        for anchor in anchors {
            profiles.add(Self.profile(anchor, .active))
            profiles.add(
                PriorProfile(
                    key: ProfileKey(connection: "fabrikam", anchor: anchor), account: "F\\\(anchor)", dn: "CN=\(anchor)",
                    state: .excluded, reason: nil, digest: 2))
        }
        #expect(profiles.count == 10_000)
        #expect(profiles.activeCount == 5_000)
        for (index, anchor) in anchors.enumerated() {
            #expect(profiles.ordinal(of: ProfileKey(connection: "contoso", anchor: anchor)) == 2 * index)
            #expect(profiles.ordinal(of: ProfileKey(connection: "fabrikam", anchor: anchor)) == 2 * index + 1)
            #expect(profiles.ordinal(of: ProfileKey(connection: "contoso", anchor: anchor + " ")) == nil)
        }
        #expect(profiles.ordinal(of: ProfileKey(connection: "", anchor: "anchor-1")) == nil)
        #expect(profiles[ProfileKey(connection: "fabrikam", anchor: "anchor-4999")]?.account == "F\\anchor-4999")
        // Added again after the growth: the same number, the new profile.
        profiles.add(Self.profile("anchor-17", .markedForDeletion, digest: 7))
        #expect(profiles.ordinal(of: ProfileKey(connection: "contoso", anchor: "anchor-17")) == 34)
        #expect(profiles.all[34].digest == 7)
        #expect(profiles.count == 10_000)
        #expect(profiles.activeCount == 4_999)
        #expect(Set(profiles.keys).count == 10_000)
    }
}
