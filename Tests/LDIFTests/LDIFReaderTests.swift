import Diagnostics
import Foundation
import Testing
import TestSupport
@testable import LDIF

@Suite struct LDIFReaderTests {
    @Test func lineEndsLFCRLFAndLoneCRGiveTheSameRecords() throws {
        let lf = "version: 1\ndn: cn=a\ncn: a\n b\n\ndn: cn=c\ncn: c\n"
        let crlf = lf.replacingOccurrences(of: "\n", with: "\r\n")
        let cr = lf.replacingOccurrences(of: "\n", with: "\r")
        let expected = try readAll(lf).0
        #expect(expected.count == 2)
        #expect(expected[0].texts("cn") == ["ab"])
        #expect(try readAll(crlf).0 == expected)
        #expect(try readAll(cr).0 == expected)
        #expect(expected.map(\.line) == [2, 6])
    }

    @Test func foldingWithSpaceOrTabAndFoldedComments() throws {
        let text = "# a comment\n  folded on\n\tand again\ndn: cn=x\ndescription: one\n two\n\tthree\n# inner\n comment\ncn: x\n"
        let (records, reader) = try readAll(text)
        #expect(records.count == 1)
        #expect(records[0].texts("description") == ["onetwothree"])
        #expect(records[0].texts("cn") == ["x"])
        #expect(records[0].line == 4)
        #expect(reader.diagnostics.errorCount == 0)
    }

    @Test func noSpaceValueKeepsEveryCharacter() throws {
        let records = try readAll("dn:cn=x\ncn:Jo\nsn:  padded\nempty:\nfill:   \n").0
        #expect(records[0].dn.string == "cn=x")
        #expect(records[0].texts("cn") == ["Jo"])
        #expect(records[0].texts("sn") == ["padded"])
        #expect(records[0].texts("empty") == [""])
        #expect(records[0].texts("fill") == [""])
    }

    @Test func trailingSpacesAndRawUTF8AreKept() throws {
        let records = try readAll("dn: cn=Zoë\ncn: Zoë  \n").0
        #expect(records[0].dn.string == "cn=Zoë")
        #expect(records[0].texts("cn") == ["Zoë  "])
    }

    @Test func base64ValuesMayBeBinaryAndDNMayBeNonUTF8() throws {
        let records = try readAll("dn:: Y249/w==\nobjectGUID:: My+LElwM0H+mo6RQZRMnDg==\n").0
        #expect(records[0].dn.bytes == [0x63, 0x6E, 0x3D, 0xFF])
        #expect(records[0].dn.string == nil)
        let guid = try #require(records[0].attributes?.first?.values.first)
        #expect(guid.string == nil)
        #expect(ObjectGUID.string(from: guid.bytes) == "128b2f33-0c5c-7fd0-a6a3-a4506513270e")
    }

    @Test func attributeOptionsAndCaseVariantsGroupInFirstAppearanceOrder() throws {
        let record = try readAll("dn: cn=x\ncn;lang-ja: A\nobjectClass: top\ncn: B\nobjectclass: person\nuserCertificate;binary:: AAE=\n").0[0]
        let attributes = try #require(record.attributes)
        #expect(attributes.map(\.name) == ["cn;lang-ja", "objectClass", "cn", "userCertificate;binary"])
        #expect(attributes[1].values.map(\.string) == ["top", "person"])
        #expect(attributes[0].baseName == "cn")
        #expect(attributes[0].options == ["lang-ja"])
        #expect(attributes[3].values[0].bytes == [0, 1])
    }

    @Test func baseNameFromTheReaderMatchesTheDescriptionAndFollowsRenames() throws {
        let record = try readAll("dn: cn=x\nsAMAccountName: a\nCN;Lang-JA: b\nmember;range=0-*: c\nmail: d\n").0[0]
        var attributes = try #require(record.attributes)
        #expect(attributes.map(\.baseName) == ["samaccountname", "cn", "member", "mail"])
        #expect(attributes.map(\.baseName) == attributes.map { LDIFAttribute(name: $0.name, values: $0.values).baseName })
        #expect(attributes[1] == LDIFAttribute(name: "CN;Lang-JA", values: [LDIFValue("b")]))
        attributes[1].name = "Title"
        #expect(attributes[1].baseName == "title")
        #expect(LDIFAttribute(name: "Zoë;x", values: []).baseName == "zoë")
    }

    @Test func lineEndsTabsAndNULsAreFoundAtEveryOffset() throws {
        // The scan takes sixteen bytes at a time: put each kind of byte at
        // every position around those steps, after a name of every length.
        for offset in 0..<40 {
            let padding = String(repeating: "v", count: offset)
            for ending in ["\n", "\r\n", "\r"] {
                let text = "dn: cn=a\(ending)description: \(padding)\(ending)cn: \(padding)x\(ending)\(ending)dn: cn=b\(ending)cn: b\(ending)"
                let (records, reader) = try readAll(text)
                #expect(records.map { $0.texts("description") } == [[padding], []], "\(offset) \(ending.debugDescription)")
                #expect(records.first?.texts("cn") == [padding + "x"])
                #expect(reader.statistics.lines == 6)
            }
            let tabbed = "dn: cn=a\ndescription: \(padding)\tx\n\tfolded\n"
            #expect(try readAll(tabbed).0.first?.texts("description") == [padding + "\txfolded"])
            let nul = Array("dn: cn=a\ndescription: \(padding)".utf8) + [0] + Array("x\n\ndn: cn=b\ncn: b\n".utf8)
            let (records, reader) = try readAll(bytes: nul)
            #expect(records.map(\.dn.string) == ["cn=b"], "NUL at \(offset)")
            #expect(reader.diagnostics.diagnostics.first?.location?.line == 2)
            #expect(reader.diagnostics.diagnostics.first?.message.hasPrefix("NUL byte in the value of 'description'") == true)
        }
    }

    @Test func everyChangeType() throws {
        let text = """
            version: 1
            dn: cn=a
            control: 1.2.840.113556.1.4.805 true
            control: 1.2.3 false: text
            control: 1.2.4:: AAE=
            changetype: delete

            dn: cn=b
            changetype: add
            cn: b

            dn: cn=c
            changetype: modify
            add: mail
            mail: a@b
            -
            delete: title
            -
            replace: sn
            sn: S
            -
            increment: uidNumber
            uidNumber: 1

            dn: cn=d
            changetype: modrdn
            newrdn: cn=e
            deleteoldrdn: 0
            newsuperior: ou=x

            dn: cn=f
            changetype: moddn
            newrdn: cn=g
            deleteoldrdn: 1

            """
        let (records, reader) = try readAll(text)
        #expect(reader.diagnostics.errorCount == 0)
        #expect(records.map(\.changeType) == ["delete", "add", "modify", "modrdn", "moddn"])
        #expect(records[0].controls == [
            LDIFControl(oid: "1.2.840.113556.1.4.805", criticality: true),
            LDIFControl(oid: "1.2.3", criticality: false, value: LDIFValue("text")),
            LDIFControl(oid: "1.2.4", criticality: false, value: LDIFValue(bytes: [0, 1])),
        ])
        #expect(records[1].body == .add([LDIFAttribute(name: "cn", values: [LDIFValue("b")])]))
        #expect(records[2].body == .modify([
            LDIFModification(operation: .add, attribute: "mail", values: [LDIFValue("a@b")]),
            LDIFModification(operation: .delete, attribute: "title"),
            LDIFModification(operation: .replace, attribute: "sn", values: [LDIFValue("S")]),
            LDIFModification(operation: .increment, attribute: "uidNumber", values: [LDIFValue("1")]),
        ]))
        #expect(records[3].body == .modDN(newRDN: "cn=e", deleteOldRDN: false, newSuperior: "ou=x", keyword: "modrdn"))
        #expect(records[4].body == .modDN(newRDN: "cn=g", deleteOldRDN: true, newSuperior: nil, keyword: "moddn"))
        #expect(reader.statistics.version == 1)
    }

    @Test func missingFinalDashIsTolerated() throws {
        let records = try readAll("dn: cn=a\nchangetype: modify\nreplace: sn\nsn: x\n").0
        #expect(records[0].body == .modify([LDIFModification(operation: .replace, attribute: "sn", values: [LDIFValue("x")])]))
    }

    @Test func secretsAreDroppedAndCountedUnlessKept() throws {
        let text = "dn: cn=a\nuserPassword: s\nunicodePwd:: AAA=\nntPwdHistory:: AAA=\nmsDS-ManagedPassword:: AA==\nmyPasswordHint: x\npwdLastSet: 1\nbadPwdCount: 0\nbadPasswordTime: 0\ncn: a\n"
        let (records, reader) = try readAll(text)
        #expect(records[0].attributes?.map(\.name) == ["pwdLastSet", "badPwdCount", "badPasswordTime", "cn"])
        #expect(reader.statistics.secretValuesDropped == 5)
        let kept = try readAll(text, options: LDIFReaderOptions(keepSecrets: true)).0
        #expect(kept[0].attributes?.count == 9)
        let modify = try readAll("dn: cn=a\nchangetype: modify\nreplace: unicodePwd\nunicodePwd:: AAA=\n-\nreplace: sn\nsn: x\n-\n").0
        #expect(modify[0].body == .modify([LDIFModification(operation: .replace, attribute: "sn", values: [LDIFValue("x")])]))
    }

    @Test func lenientSkipsBadRecordsWithFileAndLine() throws {
        let text = "dn: cn=a\ncn: a\n\ndn: cn=b\nthis is not ldif\n\ndn: cn=c\ncn:: ***\n\ndn: cn=d\ncn: d\n"
        let (records, reader) = try readAll(text)
        #expect(records.map(\.dn.string) == ["cn=a", "cn=d"])
        #expect(reader.statistics.skippedRecords == 2)
        #expect(reader.diagnostics.diagnostics.map(\.location?.description) == ["test.ldif:5", "test.ldif:8"])
        #expect(reader.diagnostics.diagnostics.map(\.severity) == [.error, .error])
    }

    @Test func strictThrowsTheFirstErrorWithItsLine() throws {
        let error = try #require(strictError(Array("dn: cn=a\ncn: a\n\ndn: cn=b\nchangetype: frobnicate\n".utf8)))
        #expect(error.location == SourceLocation(file: "test.ldif", line: 5))
        #expect(error.message.contains("frobnicate"))
    }

    @Test func structuralErrors() throws {
        #expect(strictError(Array("cn: a\n".utf8))?.location?.line == 1)
        #expect(strictError(Array("dn: a\ncn: a\ndn: b\n".utf8))?.location?.line == 3)
        #expect(strictError(Array("dn: a\nchangetype: delete\ncn: a\n".utf8))?.location?.line == 3)
        #expect(strictError(Array("dn: a\ncontrol: 1.2.3\ncn: a\n".utf8))?.location?.line == 1)
        #expect(strictError(Array("dn: a\nchangetype: modify\nadd: cn\nsn: x\n-\n".utf8))?.location?.line == 4)
        #expect(strictError(Array("dn: a\nchangetype: modrdn\nnewrdn: cn=b\ndeleteoldrdn: 2\n".utf8))?.location?.line == 4)
        #expect(strictError(Array("version: 2\ndn: a\n".utf8))?.location?.line == 1)
        #expect(strictError(Array(" orphan\ndn: a\n".utf8))?.location?.line == 1)
    }

    @Test func urlValuesOnlyWhenAllowedAndInsideTheRoot() throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let inside = folder.url.appendingPathComponent("photo.bin")
        try Data([1, 2, 3]).write(to: inside)
        let text = "dn: cn=a\njpegPhoto:< file://\(inside.path)\n"
        let denied = try readAll(text)
        #expect(denied.0.isEmpty)
        #expect(denied.1.diagnostics.diagnostics.first?.message.contains("not allowed") == true)

        let options = LDIFReaderOptions(allowFileURLs: true, fileURLRoot: folder.url.path)
        let allowed = try readAll(text, options: options).0
        #expect(allowed.first?.attributes?.first?.values.first?.bytes == [1, 2, 3])

        let escape = try readAll("dn: cn=a\nx:< file://\(folder.url.path)/../../etc/passwd\n", options: options)
        #expect(escape.0.isEmpty)
        #expect(escape.1.diagnostics.diagnostics.first?.message.contains("outside") == true)
        let http = try readAll("dn: cn=a\nx:< http://example.com/x\n", options: options)
        #expect(http.1.diagnostics.errorCount == 1)
    }

    @Test func streamsAcrossChunkBoundaries() throws {
        // Many records with CRLF line ends and folded lines so that chunk edges
        // fall inside CRLF pairs, folds and values.
        var text = "version: 1\r\n"
        let count = 40_000
        for index in 0..<count {
            text += "dn: cn=user\(index),dc=x\r\ncn: user\(index)\r\ndescription: \(String(repeating: "d", count: index % 97))\r\n \(index)\r\n\r\n"
        }
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let file = folder.url.appendingPathComponent("big.ldif")
        try Data(text.utf8).write(to: file)
        #expect(text.utf8.count > 3 << 20)
        let reader = try LDIFReader(path: file.path)
        var seen = 0
        while let record = try reader.next() {
            #expect(record.texts("description") == [String(repeating: "d", count: seen % 97) + "\(seen)"])
            seen += 1
        }
        #expect(seen == count)
        #expect(reader.statistics.bytesRead == text.utf8.count)
        #expect(reader.diagnostics.errorCount == 0)
    }

    @Test func mixingContentAndChangesWarnsLenientlyAndFailsStrictly() throws {
        let text = "dn: cn=a\nchangetype: delete\n\ndn: cn=b\ncn: b\n"
        let (records, reader) = try readAll(text)
        #expect(records.count == 2)
        #expect(reader.diagnostics.warningCount == 1)
        #expect(strictError(Array(text.utf8))?.location?.line == 4)
    }
}
