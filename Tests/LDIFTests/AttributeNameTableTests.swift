@testable import LDIF
import Testing

struct AttributeNameTableTests {
    private static func intern(_ name: String, into table: inout AttributeNameTable) -> Int {
        var name = name
        return name.withUTF8 { table.intern($0) }
    }

    private static func baseName(_ entry: AttributeNameTable.Entry) -> String {
        String(decoding: entry.baseNameUTF8, as: UTF8.self)
    }

    /// An entry's base-name bytes are its base name: lowercased, options left out.
    @Test func baseNameBytesSpellTheBaseName() {
        var table = AttributeNameTable()
        let plain = Self.intern("givenName", into: &table)
        let tagged = Self.intern("userCertificate;binary", into: &table)
        let ranged = Self.intern("member;range=0-1499", into: &table)
        #expect(Self.baseName(table.entries[plain]) == "givenname")
        #expect(Self.baseName(table.entries[tagged]) == "usercertificate")
        #expect(Self.baseName(table.entries[ranged]) == "member")
        for entry in table.entries { #expect(Self.baseName(entry) == entry.baseName) }
    }

    /// Copies of a table that go on interning keep every entry's bytes,
    /// their own and those they were copied with, after the others are gone.
    @Test func copiesKeepTheirEntriesBytes() {
        var original: AttributeNameTable? = AttributeNameTable()
        let shared = Self.intern("displayName", into: &original!)
        var copy = original!
        let own = Self.intern("physicalDeliveryOfficeName", into: &copy)
        let originals = Self.intern("telephoneNumber", into: &original!)
        #expect(Self.baseName(original!.entries[originals]) == "telephonenumber")
        original = nil
        // Whatever memory the original gave back, taken again and written
        // over: bytes freed with it would read as Zs.
        let filler = (0..<256).map { index in
            let block = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 1 + index % 32)
            block.initialize(repeating: UInt8(ascii: "Z"))
            return block
        }
        defer { for block in filler { block.deallocate() } }
        #expect(Self.baseName(copy.entries[shared]) == "displayname")
        #expect(Self.baseName(copy.entries[own]) == "physicaldeliveryofficename")
    }
}
