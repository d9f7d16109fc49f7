@testable import ProfileCore
import Testing

/// The loader's entries as the run takes them: a full export's in file
/// order, and without the entries that were removed or moved away.
@Suite struct DirectoryLoaderResultTests {
    static func entry(_ name: String, line: Int) -> DirectoryEntry {
        DirectoryEntry(dn: "CN=\(name),DC=contoso", file: "a.ldif", line: line, attributes: ["uid": [.text(name)]])
    }

    static func take(_ result: inout DirectoryLoader.Result) -> (dns: [String], keys: [String]) {
        let (entries, keys) = result.takeEntriesInFileOrder()
        return (entries.map(\.dn), keys.map(\.dnKey))
    }

    @Test func aFullExportsEntriesComeWholeAndInOrder() {
        var result = DirectoryLoader.Result()
        for (line, name) in ["a", "b", "c"].enumerated() { result.insert(Self.entry(name, line: line + 1), anchor: name) }
        // The same DN again replaces its entry in place.
        result.insert(Self.entry("b", line: 2), anchor: "b")
        let taken = Self.take(&result)
        #expect(taken.dns == ["CN=a,DC=contoso", "CN=b,DC=contoso", "CN=c,DC=contoso"])
        #expect(taken.keys == ["cn=a,dc=contoso", "cn=b,dc=contoso", "cn=c,dc=contoso"])
        #expect(result.count == 0)
    }

    @Test func removedAndMovedEntriesAreLeftOut() {
        let anchors = AnchorResolver(attribute: "uid")
        var result = DirectoryLoader.Result()
        for (line, name) in ["a", "b", "c", "d"].enumerated() { result.insert(Self.entry(name, line: line + 1), anchor: name) }
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
}
