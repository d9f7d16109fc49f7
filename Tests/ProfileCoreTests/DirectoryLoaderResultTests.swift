import Testing
import TestSupport
@testable import ProfileCore

/// The loader's live entries come out once, in file, line and DN order,
/// whatever order a delta inserted, replaced, moved and removed them in.
@Suite struct DirectoryLoaderResultTests {
    static func entry(_ dn: String, _ file: String, _ line: Int, guid: String) -> DirectoryEntry {
        DirectoryEntry(dn: dn, file: file, line: line, attributes: ["objectGUID": [.text(guid)], "cn": [.text(dn)]])
    }

    @Test func entriesComeOutInFileOrderAndOnlyOnce() {
        let anchors = AnchorResolver(attribute: "objectGUID")
        var result = DirectoryLoader.Result()
        // A full export: already in order.
        for line in [1, 5, 9, 13] {
            let entry = Self.entry("CN=U\(line),DC=x", "a.ldif", line, guid: "g\(line)")
            result.insert(entry, anchor: anchors.anchor(of: entry))
        }
        // A delta: replaces U5 in place, moves U9 (same anchor, new DN), removes U13, adds two.
        let replaced = Self.entry("CN=U5,DC=x", "b.ldif", 7, guid: "g5")
        result.insert(replaced, anchor: anchors.anchor(of: replaced))
        let moved = Self.entry("CN=Moved,DC=x", "b.ldif", 2, guid: "g9")
        result.insert(moved, anchor: anchors.anchor(of: moved))
        result.remove(anchor: "g13")
        let late = Self.entry("CN=Late,DC=x", "a.ldif", 3, guid: "g3")
        result.insert(late, anchor: anchors.anchor(of: late))
        let tie = Self.entry("CN=A tie,DC=x", "b.ldif", 7, guid: "g7")
        result.insert(tie, anchor: anchors.anchor(of: tie))
        #expect(result.count == 5)
        #expect(result.entry(dnKey: "cn=u9,dc=x") == nil)
        #expect(result.entry(dnKey: "cn=moved,dc=x")?.line == 2)

        let taken = result.takeEntriesInFileOrder()
        #expect(taken.entries.map(\.dn) == ["CN=U1,DC=x", "CN=Late,DC=x", "CN=Moved,DC=x", "CN=A tie,DC=x", "CN=U5,DC=x"])
        // Each entry's keys come with it, through the sort: the anchor it
        // was inserted with (the replaced U5's and the moved U9's own) and
        // its lowercased DN.
        #expect(taken.keys.map(\.anchor) == ["g1", "g3", "g9", "g7", "g5"])
        #expect(taken.keys.map(\.dnKey) == ["cn=u1,dc=x", "cn=late,dc=x", "cn=moved,dc=x", "cn=a tie,dc=x", "cn=u5,dc=x"])
        #expect(result.count == 0)
        #expect(result.takeEntriesInFileOrder().entries.isEmpty)
    }

    @Test func anExportInFileOrderKeepsItsOrder() {
        var result = DirectoryLoader.Result()
        let entries = (0..<500).map { Self.entry("CN=U\($0),DC=x", "a.ldif", 1 + 4 * $0, guid: "g\($0)") }
        for entry in entries { result.insert(entry, anchor: nil) }
        let taken = result.takeEntriesInFileOrder()
        #expect(taken.entries == entries)
        #expect(taken.keys.map(\.dnKey) == entries.map { $0.dn.lowercased() })
    }

    /// The keyed sort orders as a stable sort by `precedes` does, ties of
    /// file, line and DN (and canonically equivalent names) included.
    @Test func theKeyedSortOrdersAsTheStableSortByPrecedence() {
        var random = SeededGenerator(seed: 11)
        let files = ["a.ldif", "b.ldif", "delta-\u{E9}.ldif", "delta-e\u{301}.ldif", "z.ldif"]
        let dns = ["CN=A,DC=x", "CN=B,DC=x", "CN=\u{C5},DC=x", "CN=A\u{30A},DC=x", "cn=a,dc=x"]
        for round in 0..<300 {
            let entries = (0..<Int.random(in: 0...60, using: &random)).map { index in
                Self.entry(
                    dns.randomElement(using: &random)!, files.randomElement(using: &random)!,
                    Int.random(in: 1...8, using: &random), guid: "g\(index)")
            }
            let expected = entries.sorted(by: DirectoryLoader.Result.precedes)
            let sorted = DirectoryLoader.Result.sortedInFileOrder(entries)
            // Compared by their unique anchors: entries that tie carry the same file, line and DN.
            #expect(
                sorted.map { $0.values(forKey: "objectguid").first?.text } == expected.map { $0.values(forKey: "objectguid").first?.text },
                "round \(round)")
        }
    }

    static func user(_ name: String, line: Int) -> DirectoryEntry {
        DirectoryEntry(dn: "CN=\(name),DC=contoso", file: "a.ldif", line: line, attributes: ["uid": [.text(name)]])
    }

    static func take(_ result: inout DirectoryLoader.Result) -> (dns: [String], keys: [String]) {
        let (entries, keys) = result.takeEntriesInFileOrder()
        return (entries.map(\.dn), keys.map(\.dnKey))
    }

    /// A full export's entries are taken in the array they were read
    /// into: whole, in order, an entry read twice replaced in place.
    @Test func aFullExportsEntriesComeWholeAndInOrder() {
        var result = DirectoryLoader.Result()
        for (line, name) in ["a", "b", "c"].enumerated() { result.insert(Self.user(name, line: line + 1), anchor: name) }
        result.insert(Self.user("b", line: 2), anchor: "b")
        let taken = Self.take(&result)
        #expect(taken.dns == ["CN=a,DC=contoso", "CN=b,DC=contoso", "CN=c,DC=contoso"])
        #expect(taken.keys == ["cn=a,dc=contoso", "cn=b,dc=contoso", "cn=c,dc=contoso"])
        #expect(result.count == 0)
    }

    /// An entry whose DN is there already replaces that entry where it
    /// is: found and removed by its DN as the new one, and the entries
    /// after it still go after the last.
    @Test func aRepeatedDNReplacesTheEntryInItsPlace() {
        let anchors = AnchorResolver(attribute: "uid")
        var result = DirectoryLoader.Result()
        for (line, name) in ["a", "b"].enumerated() { result.insert(Self.user(name, line: line + 1), anchor: name) }
        result.insert(Self.user("b", line: 5), anchor: "b")
        #expect(result.entry(dnKey: "cn=b,dc=contoso")?.line == 5)
        result.insert(Self.user("c", line: 6), anchor: "c")
        #expect(result.entry(dnKey: "cn=c,dc=contoso")?.line == 6)
        #expect(result.count == 3)
        #expect(result.remove(dnKey: "cn=b,dc=contoso", anchors: anchors)?.line == 5)
        #expect(result.entry(dnKey: "cn=b,dc=contoso") == nil)
        let taken = Self.take(&result)
        #expect(taken.dns == ["CN=a,DC=contoso", "CN=c,DC=contoso"])
    }

    /// Removed entries (by DN, by anchor, or moved to a new DN) leave
    /// vacant slots, which the run does not take.
    @Test func removedAndMovedEntriesAreLeftOut() {
        let anchors = AnchorResolver(attribute: "uid")
        var result = DirectoryLoader.Result()
        for (line, name) in ["a", "b", "c", "d"].enumerated() { result.insert(Self.user(name, line: line + 1), anchor: name) }
        #expect(result.remove(dnKey: "cn=b,dc=contoso", anchors: anchors)?.dn == "CN=b,DC=contoso")
        result.remove(anchor: "d")
        // "a" moves: same anchor, new DN, a later line.
        result.insert(
            DirectoryEntry(dn: "CN=a2,DC=contoso", file: "a.ldif", line: 9, attributes: ["uid": [.text("a")]]), anchor: "a")
        #expect(result.entry(dnKey: "cn=a,dc=contoso") == nil)
        #expect(result.entry(dnKey: "cn=c,dc=contoso")?.line == 3)
        let taken = Self.take(&result)
        #expect(taken.dns == ["CN=c,DC=contoso", "CN=a2,DC=contoso"])
        #expect(taken.keys == ["cn=c,dc=contoso", "cn=a2,dc=contoso"])
    }

    /// Long ASCII DNs that share their first 8, 16 or 24 bytes (the keyed
    /// sort's numbers), DNs shorter than that or the beginning of another,
    /// a NUL byte, and accented names among them: ordered as `precedes`
    /// orders them.
    @Test func theKeyedSortOrdersDNsSharingTheirBeginningAsStringsDo() {
        var random = SeededGenerator(seed: 12)
        let dns = [
            "", "C", "CN=Abi", "CN=Abigail", "CN=Abigail Smith", "CN=Abigail Smith,OU=Staff,DC=x",
            "CN=Abigail Smith,OU=Sales,DC=x", "CN=Abigail Smith\u{0},DC=x", "CN=Abigail Smith\u{0}", "CN=Abigail Smithe",
            "CN=Abigail Smit\u{E9},DC=x", "CN=Abigail Smite\u{301},DC=x", "CN=Abigail Smith\u{301}", "cn=abigail smith",
            "CN=Zo\u{EB},DC=x", "CN=Zoe,DC=x", "\u{FF}", "~",
            "CN=Abigail Smith,O", "CN=Abigail Smith,OU=Staf", "CN=Abigail Smith,OU=Staff", "CN=Abigail Smith,OU=Staff,DC=y",
            "CN=Abigail Smith,OU=Stafe,DC=x", "CN=Abigail Smith,OU=Stag,DC=x", "CN=Abigail Smith,OU=Staff\u{E9}",
            "CN=Abigail Jones,OU=Staff,DC=x",
        ]
        for round in 0..<300 {
            let entries = (0..<Int.random(in: 0...80, using: &random)).map { index in
                Self.entry(dns.randomElement(using: &random)!, "store", 0, guid: "g\(index)")
            }
            let expected = entries.sorted(by: DirectoryLoader.Result.precedes)
            let sorted = DirectoryLoader.Result.sortedInFileOrder(entries)
            #expect(
                sorted.map { $0.values(forKey: "objectguid").first?.text } == expected.map { $0.values(forKey: "objectguid").first?.text },
                "round \(round)")
        }
    }

    /// The repair as it was written first: every member lowered into a
    /// string and looked up in the sets, which compare strings.
    static func referenceRepair(
        _ members: [AttributeValue], deleted: Set<String>, renamed: [String: String]
    ) -> [AttributeValue] {
        members.compactMap { value in
            guard let dn = value.text.map(CaseFold.lowercased) else { return value }
            if deleted.contains(dn) { return nil }
            if let moved = renamed[dn] { return .text(moved) }
            return value
        }
    }

    /// Group members follow moves and lose the deleted as the sets decide:
    /// in any case, and in another Unicode form of the same name (which
    /// only a comparison of strings finds), whether the deleted and moved
    /// DNs are all ASCII or not.
    @Test func memberLinksAreRepairedAsTheSetsOfDeletedAndMovedDNsSay() {
        var random = SeededGenerator(seed: 13)
        let pool = [
            "CN=Ann,DC=x", "cn=ANN,dc=X", "CN=Bob,DC=x", "CN=Cy,OU=Staff,DC=x", "CN=Jos\u{E9},DC=x", "CN=Jose\u{301},DC=x",
            "CN=JOS\u{C9},DC=x", "CN=A;B,DC=x", "CN=A\u{37E}B,DC=x", "CN=K,DC=x", "CN=\u{212A},DC=x", "CN=Dee,DC=x",
        ]
        for round in 0..<300 {
            var result = DirectoryLoader.Result()
            var groups: [DirectoryEntry] = []
            for index in 0..<Int.random(in: 1...4, using: &random) {
                var members: [AttributeValue] = (0..<Int.random(in: 0...12, using: &random)).map { _ in
                    .text(pool.randomElement(using: &random)!)
                }
                if Bool.random(using: &random) { members.insert(.binary([0x43, 0x4E, 0x3D]), at: 0) }
                var group = DirectoryEntry(
                    dn: "CN=G\(index),DC=x", file: "store", line: 0, attributes: ["objectGUID": [.text("g\(index)")]])
                if !members.isEmpty || Bool.random(using: &random) { group.append(contentsOf: members, toKey: "member") }
                groups.append(group)
                result.insert(group, anchor: "g\(index)")
            }
            // Some rounds name only ASCII DNs: the table's path.
            let asciiOnly = round % 2 == 0
            let candidates = pool.filter { !asciiOnly || $0.utf8.allSatisfy { $0 < 0x80 } }.map(CaseFold.lowercased)
            result.deletedDNs = Set(candidates.filter { _ in Int.random(in: 0..<4, using: &random) == 0 })
            for dn in candidates where Int.random(in: 0..<4, using: &random) == 0 {
                result.renamedDNs[dn] = "CN=Moved \(round),DC=x"
            }
            let (deleted, renamed) = (result.deletedDNs, result.renamedDNs)
            result.repairMemberLinks()
            let taken = result.takeEntriesInFileOrder().entries
            for (group, repaired) in zip(groups, taken) {
                let expected = Self.referenceRepair(Array(group.values(forKey: "member")), deleted: deleted, renamed: renamed)
                #expect(Array(repaired.values(forKey: "member")) == expected, "round \(round), \(group.dn)")
                // A group left without members has no member attribute, as `replace` leaves it.
                let emptied = group.values(forKey: "member").count > 0 && expected.isEmpty
                #expect(repaired.contains(key: "member") == (group.contains(key: "member") && !emptied), "round \(round)")
            }
        }
    }
}
