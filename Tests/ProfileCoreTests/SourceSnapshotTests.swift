import ProfileCore
import Testing

@Suite struct SourceSnapshotTests {
    @Test func roundTripsTextBinaryAndEmptyValues() throws {
        let entry = DirectoryEntry(
            dn: "CN=Zoë Ångström,OU=Research,DC=contoso,DC=com", file: "a.ldif", line: 7,
            attributes: [
                "objectGUID": [.binary([0, 1, 2, 255, 254])], "cn": [.text("Zoë Ångström")],
                "description": [.text("")], "proxyAddresses": [.text("SMTP:z@c.com"), .text("smtp:z@d.com")],
                "thumbnailPhoto;binary": [.binary(Array(repeating: 0xAB, count: 300))],
            ])
        let decoded = try #require(SourceSnapshot.decode(SourceSnapshot.encode(entry)))
        #expect(decoded.dn == entry.dn)
        #expect(decoded.attributes == entry.attributes)
        #expect(decoded.values(of: "THUMBNAILPHOTO") == [.binary(Array(repeating: 0xAB, count: 300))])
    }

    @Test func encodingIsIndependentOfInsertionOrder() {
        let a = DirectoryEntry(dn: "CN=x", file: "", line: 0, attributes: ["b": [.text("2")], "a": [.text("1")]])
        var b = DirectoryEntry(dn: "CN=x", file: "", line: 0)
        b.append(.text("1"), to: "A")
        b.append(.text("2"), to: "b")
        #expect(SourceSnapshot.encode(a) == SourceSnapshot.encode(b))
    }

    @Test func damagedBytesDecodeToNil() {
        #expect(SourceSnapshot.decode([0x05, 0x41]) == nil)
        #expect(SourceSnapshot.decode([0xFF, 0xFF, 0xFF]) == nil)
    }

    @Test func entrySnapshotIsTheEncodingWithoutACopy() {
        let small = DirectoryEntry(dn: "CN=a", file: "", line: 0, attributes: ["cn": [.text("a")]])
        let large = DirectoryEntry(
            dn: "CN=Zoë,OU=Research,DC=contoso,DC=com", file: "", line: 0,
            attributes: [
                "member": (0..<300).map { .text("CN=user \($0),OU=Staff,DC=contoso,DC=com") },
                "objectguid": [.binary([0, 1, 2, 0xFF])],
            ])
        var scratch: [UInt8] = []
        var nameDigests: [UInt64] = []
        // Large first: the scratch must not keep the larger entry's tail.
        for entry in [large, small, large] {
            let snapshot = EntrySnapshot(entry)
            #expect(snapshot.bytes == SourceSnapshot.encode(entry))
            #expect(snapshot.withUnsafeBytes(scratch: &scratch) { Array($0) } == SourceSnapshot.encode(entry))
            let profile = Profile(
                key: ProfileKey(connection: "c", anchor: "1"), account: "A", dn: entry.dn,
                properties: [ProfileProperty(name: "P", values: ["v"], source: "c.p")])
            #expect(
                ContentDigest.of(profile, snapshot: snapshot)
                    == ContentDigest.of(profile, snapshot: SourceSnapshot.encode(entry)))
            // The same through name digests kept across entries, as the build does.
            var labels = PropertyLabelUTF8()
            #expect(
                ContentDigest.of(profile, snapshot: snapshot, labels: &labels, nameDigests: &nameDigests)
                    == ContentDigest.of(profile, snapshot: SourceSnapshot.encode(entry)))
        }
        let stored = EntrySnapshot(bytes: [1, 2, 3])
        #expect(stored.withUnsafeBytes(scratch: &scratch) { Array($0) } == [1, 2, 3])
    }
}
