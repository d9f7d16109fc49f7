import Testing

@testable import ProfileCore

/// A profile's input digest holds its entry's `snapshotDigest`: a profile
/// whose snapshot changed must never digest as before (it would keep what
/// the older entry made of it), and one whose snapshot did not must digest
/// alike however its entry was made (or it is built on every run).
@Suite struct SnapshotDigestTests {
    static func digest(_ entry: DirectoryEntry) -> UInt64 {
        var names: [UInt64] = []
        return entry.snapshotDigest(nameDigests: &names)
    }

    static let base: [String: [AttributeValue]] = [
        "cn": [.text("Zoë Ng")], "mail": [.text("zoe@contoso.com")],
        "member": (0..<200).map { .text("CN=user \($0),OU=Staff,DC=contoso,DC=com") },
        "objectguid": [.binary([0, 1, 2, 0xFF])], "description": [.text(String(repeating: "x", count: 300))],
    ]

    static func entry(_ attributes: [String: [AttributeValue]] = base, dn: String = "CN=Zoë Ng,DC=contoso,DC=com")
        -> DirectoryEntry
    {
        DirectoryEntry(dn: dn, file: "a.ldif", line: 3, attributes: attributes)
    }

    /// The same snapshot made every way an entry is made: from attributes in
    /// another order or spelling, from the snapshot's bytes as the store
    /// keeps them, in another file; and with name digests kept across entries.
    @Test func theSameSnapshotDigestsAlike() throws {
        let expected = Self.digest(Self.entry())
        var reordered: [String: [AttributeValue]] = [:]
        for (name, values) in Self.base.sorted(by: { $0.key > $1.key }) { reordered[name.uppercased()] = values }
        #expect(Self.digest(Self.entry(reordered)) == expected)
        let decoded = try #require(SourceSnapshot.decode(SourceSnapshot.encode(Self.entry())))
        #expect(Self.digest(decoded) == expected)
        #expect(Self.digest(DirectoryEntry(dn: Self.entry().dn, file: "b.ldif", line: 9, attributes: Self.base)) == expected)
        var names: [UInt64] = []
        let other = Self.entry(["sn": [.text("Ng")]])
        for entry in [Self.entry(), other, Self.entry()] {
            #expect(entry.snapshotDigest(nameDigests: &names) == Self.digest(entry))
        }
    }

    /// Every kind of change to what the snapshot holds changes the digest.
    @Test func anyChangeToTheSnapshotChangesTheDigest() {
        var variants: [DirectoryEntry] = [Self.entry()]
        variants.append(Self.entry(dn: "CN=Zoe Ng,DC=contoso,DC=com"))
        var changed = Self.base
        changed["mail"] = [.text("zoe@contoso.con")]
        variants.append(Self.entry(changed))
        changed = Self.base
        changed["objectguid"] = [.text("\u{0}\u{1}\u{2}")]
        variants.append(Self.entry(changed))
        changed = Self.base
        changed["member"]?.removeLast()
        variants.append(Self.entry(changed))
        changed = Self.base
        changed["member"]?.swapAt(0, 1)
        variants.append(Self.entry(changed))
        changed = Self.base
        changed["mailx"] = changed.removeValue(forKey: "mail")
        variants.append(Self.entry(changed))
        changed = Self.base
        changed["sn"] = [.text("")]
        variants.append(Self.entry(changed))
        // A value moved from one attribute to the next, and split in two.
        variants.append(Self.entry(["a": [.text("x"), .text("y")], "b": []]))
        variants.append(Self.entry(["a": [.text("x")], "b": [.text("y")]]))
        variants.append(Self.entry(["a": [.text("xy")], "b": []]))
        variants.append(Self.entry(["a": [.text("x"), .text("y")]]))
        let digests = variants.map(Self.digest)
        #expect(Set(digests).count == digests.count)
    }
}
