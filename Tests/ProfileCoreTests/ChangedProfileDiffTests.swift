@testable import ProfileCore
import Testing
import TestSupport

/// A changed profile's properties diffed in place (same names at the same
/// places) report exactly what the general diff reports, and set the same runs.
@Suite struct ChangedProfileDiffTests {
    static let oldDN = "CN=Old,OU=Staff,DC=contoso,DC=com"
    static let newDN = "CN=New,OU=Staff,DC=contoso,DC=com"

    /// The general path of `SyncEngine.diff(_:profile:prior:runID:)`: the
    /// diff by name, the move's DN left out, then each property's run.
    static func general(old: [ProfileProperty], oldDN: String, profile: inout Profile, runID: Int) -> [PropertyChange] {
        var changes = SyncEngine.diff(old: old, new: Array(profile.properties))
        if oldDN != profile.dn { changes.removeAll { $0.old == [oldDN] && $0.new == [profile.dn] } }
        let changed = Set(changes.map(\.name))
        let oldByName = Dictionary(old.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for index in profile.properties.indices {
            let name = profile.properties.name(at: index)
            profile.properties.setRun(
                changed.contains(name) || oldByName[name] == nil ? runID : (oldByName[name]?.run ?? runID), at: index)
        }
        return changes
    }

    /// Compared as bytes: `==` on strings would accept a canonically
    /// equivalent spelling.
    static func bytes(_ value: Any) -> [UInt8] { Array(String(describing: value).utf8) }

    static let spellings: [[String]] = [
        ["Engineer"], ["Lead"], [], ["a", "b"], ["b", "a"], ["Caf\u{E9}"], ["Cafe\u{301}"], [""], [oldDN], [newDN],
        ["\u{1F600}", "x"],
    ]

    @Test func matchesTheGeneralDiffOnRandomChanges() throws {
        var random = SeededGenerator(seed: 7)
        for round in 0..<2_000 {
            let count = Int.random(in: 1...6, using: &random)
            let old = (0..<count).map { index in
                ProfileProperty(
                    name: "P\(index)", values: Self.spellings.randomElement(using: &random)!, source: "s\(index)",
                    run: Int.random(in: 1...3, using: &random))
            }
            let moved = Bool.random(using: &random)
            let newProperties = old.map { property in
                var property = property
                if Int.random(in: 0..<3, using: &random) == 0 { property.values = Self.spellings.randomElement(using: &random)! }
                property.run = 0
                return property
            }
            let profile = Profile(
                key: ProfileKey(connection: "c", anchor: "a\(round)"), account: "C\\a", dn: moved ? Self.newDN : Self.oldDN,
                properties: PropertyList(newProperties))
            var inPlace = profile
            var expected = profile
            let fast = try #require(SyncEngine.diffInPlace(old: PropertyList(old), oldDN: Self.oldDN, profile: &inPlace, runID: 9))
            let slow = Self.general(old: old, oldDN: Self.oldDN, profile: &expected, runID: 9)
            #expect(Self.bytes(fast) == Self.bytes(slow), "round \(round)")
            #expect(inPlace.properties.map(\.run) == expected.properties.map(\.run), "round \(round)")
        }
    }

    @Test func otherNamesOrPlacesAreLeftToTheGeneralDiff() {
        let old = [
            ProfileProperty(name: "A", values: ["1"], source: "s", run: 1),
            ProfileProperty(name: "B", values: ["2"], source: "s", run: 1),
        ]
        var swapped = Profile(
            key: ProfileKey(connection: "c", anchor: "a"), account: "C\\a", dn: Self.oldDN,
            properties: PropertyList([old[1], old[0]]))
        #expect(SyncEngine.diffInPlace(old: PropertyList(old), oldDN: Self.oldDN, profile: &swapped, runID: 2) == nil)
        var fewer = Profile(
            key: ProfileKey(connection: "c", anchor: "a"), account: "C\\a", dn: Self.oldDN, properties: PropertyList([old[0]]))
        #expect(SyncEngine.diffInPlace(old: PropertyList(old), oldDN: Self.oldDN, profile: &fewer, runID: 2) == nil)
    }

    @Test func packedValuesEqualStringsAsArraysOfStringsDo() {
        let list = PropertyList([
            ProfileProperty(name: "A", values: ["Caf\u{E9}", ""], source: "s", run: 1),
        ])
        let values = list.values(at: 0)
        #expect(values.isEqual(to: ["Caf\u{E9}", ""]))
        #expect(values.isEqual(to: ["Cafe\u{301}", ""]))  // canonically equivalent, other bytes
        #expect(!values.isEqual(to: ["Cafe", ""]))
        #expect(!values.isEqual(to: ["Caf\u{E9}"]))
        #expect(!values.isEqual(to: ["Caf\u{E9}", "", ""]))
        #expect(!values.isEqual(to: ["", "Caf\u{E9}"]))
        #expect(PropertyValues(["x"]).isEqual(to: ["x"]))
    }

    /// Two packed lists' values compare as their strings do, bytes first.
    @Test func packedValuesEqualPackedValuesAsTheirStringsDo() {
        let spellings: [[String]] = [
            ["Caf\u{E9}", ""], ["Cafe\u{301}", ""], ["Cafe", ""], ["Caf\u{E9}"], ["Caf\u{E9}", "", ""], ["", "Caf\u{E9}"], [],
            [""], ["ab"], ["a", "b"], [String(repeating: "x", count: 200)], [String(repeating: "x", count: 199), "x"],
        ]
        // Each list holds other values before and after: a comparison reads its property's bytes only.
        func values(_ strings: [String]) -> PropertyValues {
            PropertyList([
                ProfileProperty(name: "Before", values: ["b"], source: "s", run: 1),
                ProfileProperty(name: "A", values: strings, source: "s", run: 1),
                ProfileProperty(name: "After", values: ["a"], source: "s", run: 1),
            ]).values(at: 1)
        }
        for left in spellings {
            for right in spellings {
                #expect(values(left).isEqual(to: values(right)) == (left == right), "\(left) against \(right)")
                #expect(values(left).isEqual(to: PropertyValues(right)) == (left == right))
                #expect(PropertyValues(left).isEqual(to: values(right)) == (left == right))
            }
        }
    }
}
