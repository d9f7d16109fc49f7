import Foundation
import Testing
import TestSupport

/// `profilesync inspect FILE.ldif` end to end: whole stdout and stderr compared.
@Suite struct InspectLDIFTests {
    /// Writes `bytes` as `name` in a fresh folder and runs inspect on it with `arguments`.
    private func inspect(_ bytes: [UInt8], name: String = "in.ldif", _ arguments: [String] = [], extraFiles: [String: [UInt8]] = [:]) throws -> (ToolResult, String) {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let file = folder.url.appendingPathComponent(name)
        try Data(bytes).write(to: file)
        for (extra, content) in extraFiles { try Data(content).write(to: folder.url.appendingPathComponent(extra)) }
        return (try ProfileSyncTool.run(["inspect", name] + arguments, in: folder.url), name)
    }

    private func inspect(_ text: String, _ arguments: [String] = []) throws -> ToolResult {
        try inspect(Array(text.utf8), arguments).0
    }

    @Test func crlfLdifdeExportIsContentWithBase64ForBinary() throws {
        let text = "version: 1\r\n\r\ndn: CN=Jo,OU=Staff,DC=contoso,DC=com\r\nchangetype: add\r\ncn: Jo\r\nobjectGUID:: My+LElwM0H+mo6RQZRMnDg==\r\nunicodePwd:: AAAA\r\n\r\n# 1 records\r\n"
        let result = try inspect(text)
        #expect(result.status == 0)
        #expect(result.stderrText == "")
        #expect(result.stdoutText == #"{"line":3,"dn":"CN=Jo,OU=Staff,DC=contoso,DC=com","attributes":{"cn":["Jo"],"objectGUID":[{"base64":"My+LElwM0H+mo6RQZRMnDg=="}]}}"# + "\n")
    }

    @Test func changeRecordsWithControls() throws {
        let text = """
            dn: CN=Jo,DC=x
            control: 1.2.840.113556.1.4.805 true
            changetype: modify
            replace: title
            title: Lead
            -
            delete: mail

            dn: CN=Al,DC=x
            changetype: modrdn
            newrdn: CN=Alan
            deleteoldrdn: 1

            dn: CN=Bo,DC=x
            changetype: moddn
            newrdn: CN=Bob
            deleteoldrdn: 0
            newsuperior: OU=New,DC=x

            dn: CN=Cy,DC=x
            control: 1.2.3 false: some value
            changetype: delete

            """
        let result = try inspect(text)
        #expect(result.status == 0)
        #expect(result.stderrText == "")
        #expect(result.stdoutText == """
            {"line":1,"dn":"CN=Jo,DC=x","changetype":"modify","controls":[{"oid":"1.2.840.113556.1.4.805","criticality":true,"value":null}],"modifications":[{"op":"replace","attribute":"title","values":["Lead"]},{"op":"delete","attribute":"mail","values":[]}]}
            {"line":9,"dn":"CN=Al,DC=x","changetype":"modrdn","newrdn":"CN=Alan","deleteoldrdn":true,"newsuperior":null}
            {"line":14,"dn":"CN=Bo,DC=x","changetype":"moddn","newrdn":"CN=Bob","deleteoldrdn":false,"newsuperior":"OU=New,DC=x"}
            {"line":20,"dn":"CN=Cy,DC=x","changetype":"delete","controls":[{"oid":"1.2.3","criticality":false,"value":"some value"}]}

            """)
    }

    @Test func splitGroupIsShownAsWrittenNoSpaceValuesRawUTF8AndFoldedComments() throws {
        let text = "# exported by ldifde\n  folded comment line\ndn: CN=G,DC=x\nchangetype: add\nmember:CN=a\ndescription: Zoë\n  folded\n\ndn: CN=G,DC=x\nchangetype: modify\nadd: member\nmember: CN=b\n-\n"
        let result = try inspect(text)
        #expect(result.status == 0)
        #expect(result.stderrText == "")
        #expect(result.stdoutText == """
            {"line":3,"dn":"CN=G,DC=x","attributes":{"member":["CN=a"],"description":["Zoë folded"]}}
            {"line":9,"dn":"CN=G,DC=x","changetype":"modify","modifications":[{"op":"add","attribute":"member","values":["CN=b"]}]}

            """)
    }

    @Test func nonUTF8DNAndValueAreBase64AndOptionsKept() throws {
        let text = "dn:: Y249/w==\ncn;lang-ja: x\nphoto:: /9j/\n"
        let result = try inspect(text)
        #expect(result.stdoutText == #"{"line":1,"dn":{"base64":"Y249/w=="},"attributes":{"cn;lang-ja":["x"],"photo":[{"base64":"/9j/"}]}}"# + "\n")
    }

    @Test func lenientReportsErrorsAndSkipsStrictStopsWithExit1() throws {
        let bytes = Array("dn: cn=a\ncn: a\n\ndn: cn=b\nnot ldif\n\ndn: cn=c\ncn: c\n".utf8)
        let (lenient, name) = try inspect(bytes)
        #expect(lenient.status == 0)
        #expect(lenient.stderrText == "\(name):5: error: expected 'attribute: value', found 'not ldif'\n")
        #expect(lenient.stdoutText == """
            {"line":1,"dn":"cn=a","attributes":{"cn":["a"]}}
            {"line":7,"dn":"cn=c","attributes":{"cn":["c"]}}

            """)
        let (strict, _) = try inspect(bytes, ["--strict"])
        #expect(strict.status == 1)
        #expect(strict.stderrText == "\(name):5: error: expected 'attribute: value', found 'not ldif'\n")
        #expect(strict.stdoutText == #"{"line":1,"dn":"cn=a","attributes":{"cn":["a"]}}"# + "\n")
    }

    @Test func fileURLsOnlyWithTheFlagAndInsideTheFolder() throws {
        let text = Array("dn: cn=a\njpegPhoto:< file:photo.bin\n\ndn: cn=b\nx:< file:///etc/hostname\n".utf8)
        let (denied, name) = try inspect(text, extraFiles: ["photo.bin": [1, 2, 3]])
        #expect(denied.stdoutText == "")
        #expect(denied.stderrText.hasPrefix("\(name):2: error: 'jpegPhoto:< file:photo.bin': URL values are not allowed"))
        let (allowed, _) = try inspect(text, ["--allow-file-urls"], extraFiles: ["photo.bin": [1, 2, 3]])
        #expect(allowed.status == 0)
        #expect(allowed.stdoutText == #"{"line":1,"dn":"cn=a","attributes":{"jpegPhoto":["\u0001\u0002\u0003"]}}"# + "\n")
        #expect(allowed.stderrText.hasPrefix("\(name):5: error: file: URL 'file:///etc/hostname' points outside the allowed folder"))
    }

    @Test func summaryReportsErrorsWithTheirLinesAndStrictStopsAtTheFirst() throws {
        let text = "dn: cn=a\nobjectClass: top\ncn: a\n\ndn: cn=b\nchangetype: delete\n\ndn: cn=c\ncn:: ***\n\ndn: cn=d\nobjectClass: top\nuserPassword:: AAAA\ncn: d\n"
        let (lenient, name) = try inspect(Array(text.utf8), ["--summary"])
        #expect(lenient.status == 0)
        #expect(lenient.stdoutText == #"{"records":3,"content":2,"changetypeAdd":0,"changes":{"delete":1,"modify":0,"modrdn":0,"moddn":0},"objectClasses":{"top":2},"attributes":{"objectClass":{"records":2,"values":2},"cn":{"records":2,"values":2}},"errors":1,"warnings":1,"skipped":1,"secretsDropped":1,"bytes":133,"version":null}"# + "\n")
        #expect(lenient.stderrText == """
            \(name):5: warning: content records and change records are mixed in one file (RFC 2849 allows one kind)
            \(name):9: error: 'cn' has an invalid base64 value

            """)
        let (strict, _) = try inspect(Array(text.utf8), ["--summary", "--strict"])
        #expect(strict.status == 1)
        #expect(strict.stdoutText == "")
        #expect(strict.stderrText == "\(name):5: error: content records and change records are mixed in one file (RFC 2849)\n")
    }

    @Test func summaryCountsEverything() throws {
        let text = "version: 1\n\ndn: cn=a\nchangetype: add\nobjectClass: top\nobjectClass: user\ncn: a\nuserPassword: x\n\ndn: cn=b\nchangetype: add\nobjectClass: top\nobjectClass: group\nmember: cn=a\n\ndn: cn=b\nchangetype: modify\nadd: member\nmember: cn=c\n-\n\ndn: cn=c\nbroken\n"
        let result = try inspect(text, ["--summary"])
        #expect(result.status == 0)
        #expect(result.stdoutText == #"{"records":3,"content":2,"changetypeAdd":2,"changes":{"delete":0,"modify":1,"modrdn":0,"moddn":0},"objectClasses":{"top":2,"user":1,"group":1},"attributes":{"objectClass":{"records":2,"values":4},"cn":{"records":1,"values":1},"member":{"records":1,"values":1}},"errors":1,"warnings":0,"skipped":1,"secretsDropped":1,"bytes":\#(text.utf8.count),"version":1}"# + "\n")
    }
}
