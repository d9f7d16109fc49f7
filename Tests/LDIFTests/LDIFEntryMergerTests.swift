import Testing
@testable import LDIF

@Suite struct LDIFEntryMergerTests {
    @Test func mergesLdifdeSplitGroupsAndRangedAttributes() throws {
        var text = "dn: CN=Big,OU=Groups,DC=contoso,DC=com\nchangetype: add\nobjectClass: group\ncn: Big\n"
        for index in 0..<3 { text += "member: CN=u\(index)\n" }
        text += "\ndn: CN=Big,OU=Groups,DC=contoso,DC=com\nchangetype: modify\nadd: member\nmember: CN=u3\nmember: CN=u4\n-\n"
        text += "\ndn: cn=big,ou=groups,dc=contoso,dc=com\nchangetype: modify\nadd: member\nmember: CN=u5\n-\n"
        text += "\ndn: CN=Ranged,DC=contoso,DC=com\nchangetype: add\nmember;range=0-1: CN=a\nmember;range=0-1: CN=b\ncn: Ranged\nmember;range=2-*: CN=c\n"
        text += "\ndn: CN=Other,DC=contoso,DC=com\nchangetype: modify\nreplace: title\ntitle: x\n-\n"
        text += "\ndn: CN=Last,DC=contoso,DC=com\nchangetype: add\ncn: Last\n"
        let merger = LDIFEntryMerger(reader: LDIFReader(bytes: Array(text.utf8), name: "t.ldif"))
        var out: [LDIFRecord] = []
        while let record = try merger.next() { out.append(record) }
        try #require(out.count == 4)
        #expect(out[0].texts("member") == ["CN=u0", "CN=u1", "CN=u2", "CN=u3", "CN=u4", "CN=u5"])
        #expect(out[0].line == 1)
        #expect(out[1].attributes?.map(\.name) == ["member", "cn"])
        #expect(out[1].texts("member") == ["CN=a", "CN=b", "CN=c"])
        #expect(out[2].changeType == "modify")
        #expect(out[3].texts("cn") == ["Last"])
        #expect(merger.mergedRecords == 2)
    }

    @Test func modifyWithOtherOperationsIsNotMerged() throws {
        let text = "dn: cn=g\ncn: g\n\ndn: cn=g\nchangetype: modify\nadd: member\nmember: a\n-\ndelete: member\nmember: b\n-\n"
        let merger = LDIFEntryMerger(reader: LDIFReader(bytes: Array(text.utf8), name: "t.ldif"))
        var out: [LDIFRecord] = []
        while let record = try merger.next() { out.append(record) }
        try #require(out.map(\.changeType) == [nil, "modify"])
        #expect(merger.mergedRecords == 0)
    }
}
