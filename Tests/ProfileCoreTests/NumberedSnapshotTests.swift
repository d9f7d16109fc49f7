import Diagnostics
import Testing

@testable import ProfileCore

/// A stored snapshot read with its attributes' names as numbers
/// (`NumberedSnapshot`) must become the very entry its spelled-out bytes
/// decode to, or nothing, leaving the bytes to say what is wrong.
@Suite struct NumberedSnapshotTests {
    /// Names numbered from 1, not in key order, with names no entry uses.
    static let names = ["title", "unused", "objectguid", "cn", "proxyaddresses", "member", "description", "thumbnailphoto"]

    static let entry = DirectoryEntry(
        dn: "CN=Zoë Ångström,OU=Research,DC=contoso,DC=com", file: "store", line: 0,
        attributes: [
            "objectGUID": [.binary([0, 1, 2, 255, 254])], "cn": [.text("Zoë Ångström")], "description": [.text("")],
            "proxyAddresses": [.text("SMTP:z@c.com"), .text("smtp:z@d.com")],
            // 200 values (a two-byte count) and a value of 300 bytes (a two-byte header).
            "member": (0..<200).map { .text("CN=user \($0),OU=Staff,DC=contoso,DC=com") },
            "thumbnailPhoto": [.binary(Array(repeating: 0xAB, count: 300))],
            "title": [.text(String(repeating: "é", count: 150))],
        ])

    /// One attribute of spelled-out snapshot bytes.
    struct Attribute {
        var name: String
        /// The value count and values, as the bytes have them.
        var rest: [UInt8]
    }

    /// `SourceSnapshot` bytes taken apart: the DN, then each attribute.
    static func attributes(ofSpelled bytes: [UInt8]) throws -> (dn: String, attributes: [Attribute]) {
        var cursor = 0
        func varint() throws -> Int {
            try bytes.withUnsafeBufferPointer { Int(try #require(DirectoryEntry.readVarint($0, &cursor))) }
        }
        func take(_ count: Int) -> [UInt8] {
            defer { cursor += count }
            return Array(bytes[cursor..<cursor + count])
        }
        let dn = String(decoding: take(try varint()), as: UTF8.self)
        var attributes: [Attribute] = []
        for _ in 0..<(try varint()) {
            let name = String(decoding: take(try varint()), as: UTF8.self)
            let start = cursor
            for _ in 0..<(try varint()) { _ = take(try varint() >> 1) }
            attributes.append(Attribute(name: name, rest: Array(bytes[start..<cursor])))
        }
        return (dn, attributes)
    }

    static func varint(_ value: Int) -> [UInt8] {
        var out: [UInt8] = []
        DirectoryEntry.appendVarint(UInt64(value), to: &out)
        return out
    }

    /// The attributes' bytes with each name as its number in `names`.
    static func numbered(_ attributes: [Attribute]) throws -> [UInt8] {
        var out: [UInt8] = []
        for attribute in attributes {
            out += varint(try #require(names.firstIndex(of: attribute.name)) + 1)
            out += attribute.rest
        }
        return out
    }

    static func decode(_ bytes: [UInt8], dn: String, count: Int, names: inout NumberedNames) -> DirectoryEntry? {
        bytes.withUnsafeBytes {
            DirectoryEntry(
                numbered: NumberedSnapshot(dn: dn, count: UInt64(count), attributes: $0), file: "store", line: 0,
                names: &names)
        }
    }

    @Test func aNumberedSnapshotDecodesToTheEntryItsSpelledBytesDo() throws {
        let spelled = SourceSnapshot.encode(Self.entry)
        let (dn, attributes) = try Self.attributes(ofSpelled: spelled)
        var names = NumberedNames(Self.names)
        // Twice through one set of names, as a decoding thread keeps them.
        for _ in 0..<2 {
            let decoded = try #require(
                Self.decode(try Self.numbered(attributes), dn: dn, count: attributes.count, names: &names))
            #expect(decoded == SourceSnapshot.decode(spelled))
            #expect(SourceSnapshot.encode(decoded) == spelled)
            #expect(decoded.values(of: "member").count == 200)
        }
        let empty = try #require(Self.decode([], dn: "CN=empty", count: 0, names: &names))
        #expect(SourceSnapshot.encode(empty) == SourceSnapshot.encode(DirectoryEntry(dn: "CN=empty", file: "", line: 0)))
    }

    @Test func whatTheSpelledFormWouldReadDifferentlyDecodesToNothing() throws {
        let (dn, attributes) = try Self.attributes(ofSpelled: SourceSnapshot.encode(Self.entry))
        let good = try Self.numbered(attributes)
        var names = NumberedNames(Self.names)
        #expect(Self.decode(good, dn: dn, count: attributes.count, names: &names) != nil)
        func expectNothing(_ bytes: [UInt8], count: Int? = nil, _ comment: Comment) {
            #expect(Self.decode(bytes, dn: dn, count: count ?? attributes.count, names: &names) == nil, comment)
        }
        // The first attribute is `cn`: its number, then one value of 15 bytes.
        let cn = try #require(attributes.first)
        #expect(cn.name == "cn" && cn.rest.first == 1)
        let afterCN = Array(good.dropFirst(1 + cn.rest.count))
        expectNothing([0] + cn.rest + afterCN, "number 0: the catalogue numbers from 1")
        expectNothing(Self.varint(Self.names.count + 1) + cn.rest + afterCN, "a number past the names")
        expectNothing([4, 0x81, 0x00] + cn.rest.dropFirst() + afterCN, "a value count not in its shortest varint")
        let header = cn.rest[1]
        expectNothing([4, 1, header | 0x80, 0x00] + cn.rest.dropFirst(2) + afterCN, "a header not in its shortest varint")
        let secondLength = 1 + attributes[1].rest.count
        let swapped = Array(good[(1 + cn.rest.count)..<(1 + cn.rest.count + secondLength)]) + [4] + cn.rest
            + Array(good.dropFirst(1 + cn.rest.count + secondLength))
        expectNothing(swapped, "attributes out of key order")
        expectNothing([4] + cn.rest + [4] + cn.rest + afterCN, count: attributes.count + 1, "an attribute twice")
        var notUTF8 = good
        notUTF8[3] = 0xFF
        expectNothing(notUTF8, "a text value that is not UTF-8")
        expectNothing(good + [0], "bytes after the last attribute")
        expectNothing(good, count: attributes.count + 1, "fewer attributes than counted")
        expectNothing(good, count: 1 << 40, "a count past the bytes")
    }

    @Test func theLoaderDecodesNumberedSnapshotsAndSpellsOutOnlyTheRest() throws {
        let first = DirectoryEntry(
            dn: "CN=One,DC=contoso,DC=com", file: "store", line: 0,
            attributes: ["objectGUID": [.binary(Array(repeating: 1, count: 16))], "cn": [.text("One")]])
        let second = DirectoryEntry(
            dn: "CN=Two,DC=contoso,DC=com", file: "store", line: 0,
            attributes: ["objectGUID": [.binary(Array(repeating: 2, count: 16))], "title": [.text("Two")]])
        let spelled = [SourceSnapshot.encode(first), SourceSnapshot.encode(second)]
        let parts = try spelled.map(Self.attributes(ofSpelled:))
        // The first row's numbered form lists its attributes out of order:
        // only its spelled bytes can be decoded. The second's cannot be
        // spelled out at all, so it must come from its numbered form.
        let numbered = [try Self.numbered(parts[0].attributes.reversed()), try Self.numbered(parts[1].attributes)]
        let stored = StoredSnapshots(
            keys: [ProfileKey(connection: "c", anchor: "1"), ProfileKey(connection: "c", anchor: "2")], names: Self.names,
            numbered: { index, body in
                numbered[index].withUnsafeBytes {
                    body(NumberedSnapshot(dn: parts[index].dn, count: UInt64(parts[index].attributes.count), attributes: $0))
                }
            },
            decode: { index in
                guard index == 0 else { throw SpellingFailed() }
                return spelled[index]
            })
        let loader = DirectoryLoader(
            connection: DirectoryConnectionConfig(name: "c", files: [], location: SourceLocation(file: "c.yaml", line: 1)),
            retainedKeys: [], policy: .lenient, configurationFolder: "/")
        let entries = try loader.decode(stored)
        #expect(entries.map(\.entry) == [first, second])
        #expect(entries.map(\.keys.dnKey) == ["cn=one,dc=contoso,dc=com", "cn=two,dc=contoso,dc=com"])
    }

    struct SpellingFailed: Error {}
}
