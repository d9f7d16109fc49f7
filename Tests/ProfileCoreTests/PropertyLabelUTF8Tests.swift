import Testing
@testable import ProfileCore

/// Readers that go through a run's lists by label position (the digest,
/// the store's encoder, the report) must see exactly the names and sources
/// `forEachProperty` hands out, whichever lists share labels and whichever
/// were changed after a reader saw them.
@Suite struct PropertyLabelUTF8Tests {
    // Equal to Swift's `==`, different bytes: must stay different labels.
    static let precomposed = "Ren\u{E9}e"
    static let decomposed = "Rene\u{301}e"

    struct Seen: Equatable {
        var name: [UInt8]
        var values: [String]
        var source: [UInt8]
        var run: Int
    }

    static func expected(_ list: PropertyList) -> [Seen] {
        var seen: [Seen] = []
        list.forEachProperty { name, values, source, run in
            seen.append(Seen(name: Array(name.utf8), values: values.strings, source: Array(source.utf8), run: run))
        }
        return seen
    }

    static func read(_ list: PropertyList, with labels: inout PropertyLabelUTF8) -> [Seen] {
        var seen: [Seen] = []
        labels.forEachProperty(of: list) { name, values, source, run in
            seen.append(Seen(name: Array(name), values: values.strings, source: Array(source), run: run))
        }
        return seen
    }

    /// Lists labelled from one shared array, as a run builds them.
    static func shared(_ labels: [String], _ count: Int) -> [PropertyList] {
        (0..<count).map { index in
            var list = PropertyList(labels: labels)
            list.beginProperty(nameAt: 0, sourceAt: 2, run: index)
            list.appendValue("value \(index)")
            list.beginProperty(nameAt: 1, sourceAt: 3, run: 7)
            list.beginProperty(nameAt: 4, sourceAt: 2, run: -1)
            list.appendValue("a")
            list.appendValue("")
            return list
        }
    }

    @Test func everyListReadsAsForEachPropertyHandsItOut() {
        let labels = ["Title", "Skills", "hr.JobTitle", "hr.Skills", Self.precomposed]
        var lists = Self.shared(labels, 3)
        // A list that gained a label after the reader saw its shared array.
        var grown = lists[0]
        grown.beginProperty(name: Self.decomposed, source: "expression", run: 3)
        grown.appendValue(Self.precomposed)
        lists.append(grown)
        lists.append(lists[1])
        // Lists with labels of their own, and an empty one.
        lists.append(PropertyList([
            ProfileProperty(name: Self.decomposed, values: ["x", "y"], source: Self.precomposed, run: 1),
            ProfileProperty(name: "", values: [], source: "", run: 0),
        ]))
        lists.append(PropertyList())
        lists += Self.shared(labels, 2)
        // Other labels, as many: told apart by their array, not their count.
        lists += Self.shared(["Office", "Title", "contoso.office", "contoso.title", "Phone"], 1)
        lists += Self.shared(labels, 1)
        lists.append(grown)

        var reader = PropertyLabelUTF8()
        for (index, list) in lists.enumerated() {
            #expect(Self.read(list, with: &reader) == Self.expected(list), "list \(index)")
        }
        #expect(Self.read(grown, with: &reader).last?.name == Array(Self.decomposed.utf8))
    }

    @Test func listsShareLabelsOnlyWhileTheyAreTheSameArray() {
        let labels = ["Title", "Skills", "hr.JobTitle", "hr.Skills", "Office"]
        let lists = Self.shared(labels, 2)
        #expect(lists[0].sharesLabels(with: lists[1].labelTexts))
        #expect(lists[0].sharesLabels(with: labels))
        // Equal, but another array.
        #expect(!lists[0].sharesLabels(with: labels.map { String(decoding: Array($0.utf8), as: UTF8.self) }))
        var grown = lists[0]
        grown.beginProperty(name: "New", source: "hr.New", run: 1)
        #expect(!grown.sharesLabels(with: labels))
        #expect(lists[0].sharesLabels(with: labels))
    }

    /// One reader kept from profile to profile digests each as a fresh one would.
    @Test func aDigestThroughAKeptReaderIsTheDigest() {
        let labels = ["Title", "Skills", "hr.JobTitle", "hr.Skills", "Office"]
        var lists = Self.shared(labels, 3)
        lists.append(PropertyList([ProfileProperty(name: "Title", values: ["x"], source: "hr.JobTitle", run: 1)]))
        var reader = PropertyLabelUTF8()
        for list in lists + lists.reversed() {
            let profile = Profile(
                key: ProfileKey(connection: "contoso", anchor: "a"), account: "CONTOSO\\a", dn: "CN=a", properties: list)
            #expect(ContentDigest.of(profile, labels: &reader) == ContentDigest.of(profile))
            var fresh = ContentDigest()
            for field in ["CONTOSO\\a", "CN=a", "active", ""] { fresh.add(field) }
            // Names and sources are folded in as their own digests.
            func labelDigest(_ text: String) -> UInt64 {
                var digest = ContentDigest()
                digest.add(text)
                return digest.value
            }
            list.forEachProperty { name, values, source, _ in
                fresh.fold(labelDigest(name))
                fresh.fold(labelDigest(source))
                fresh.add(values.count)
                for value in values.strings { fresh.add(value) }
            }
            #expect(ContentDigest.of(profile) == fresh.value)
        }
    }
}
