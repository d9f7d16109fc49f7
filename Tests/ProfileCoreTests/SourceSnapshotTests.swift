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
}
