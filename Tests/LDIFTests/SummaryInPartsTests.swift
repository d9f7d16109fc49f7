import Diagnostics
import Foundation
import Testing
import TestSupport

@testable import LDIF

/// `LDIFReader.summarizeInParts` counts a file in two parts at once. Where it
/// answers, the answer must be one reader's, count for count and statistic
/// for statistic; where that reader would report anything, it must not
/// answer (the caller then reads the file with one reader).
@Suite struct SummaryInPartsTests {
    /// What `summarizeInParts` gives for `bytes` written to a file, with
    /// every file counted in parts however small, and one reader's outcome.
    static func both(_ bytes: [UInt8], options: LDIFReaderOptions = .init()) throws -> (
        parted: LDIFReader.SummaryResult?, whole: SummaryAgreementTests.Outcome, cut: Int?
    ) {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let path = folder.url.appendingPathComponent("in.ldif").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return (
            LDIFReader.summarizeInParts(path: path, options: options, minimumBytes: 0),
            SummaryAgreementTests.read(try LDIFReader(path: path, options: options), counting: true),
            LDIFReader.recordStart(nearMiddleOf: path, minimumBytes: 0)?.position
        )
    }

    /// An export of `count` users and a group, as ldifde writes one
    /// (`changetype: add`) or as content records, with base64 and folded
    /// values and attributes that only some users have.
    static func export(users count: Int, changetypeAdd: Bool, lineEnd: String = "\n") -> [UInt8] {
        var text = "version: 1\n\n"
        for user in 0..<count {
            text += "dn: CN=User \(user),OU=Staff,DC=contoso,DC=com\n"
            if changetypeAdd { text += "changetype: add\n" }
            text += "objectClass: top\nobjectClass: person\nobjectClass: user\n"
            text += "cn: User \(user)\nsAMAccountName: user\(user)\n"
            text += "objectGUID:: \(Data((0..<16).map { UInt8(truncatingIfNeeded: user &* 31 &+ $0) }).base64EncodedString())\n"
            if user % 3 == 0 { text += "description: a description long enough to be folded by the writer at\n  seventy-six columns\n" }
            if user % 7 == 0 { text += "mail: user\(user)@contoso.com\nproxyAddresses: SMTP:user\(user)@contoso.com\nproxyAddresses: smtp:u\(user)@contoso.com\n" }
            if user == count - 1 { text += "extensionAttribute1: only the last user has this\n" }
            text += "\n"
        }
        text += "dn: CN=Everyone,OU=Groups,DC=contoso,DC=com\n"
        if changetypeAdd { text += "changetype: add\n" }
        text += "objectClass: top\nobjectClass: group\n"
        for user in 0..<count { text += "member: CN=User \(user),OU=Staff,DC=contoso,DC=com\n" }
        return Array(text.replacingOccurrences(of: "\n", with: lineEnd).utf8)
    }

    @Test(arguments: [(true, "\n"), (false, "\n"), (true, "\r\n")])
    func anExportCountedInPartsIsCountedAsByOneReader(changetypeAdd: Bool, lineEnd: String) throws {
        let (parted, whole, _) = try Self.both(Self.export(users: 3_000, changetypeAdd: changetypeAdd, lineEnd: lineEnd))
        let result = try #require(parted)
        #expect(result.summary == whole.summary)
        #expect(result.statistics == whole.statistics)
        #expect(result.diagnostics.diagnostics.isEmpty && whole.diagnostics.isEmpty)
        // The last user's attribute and the group's members are the second
        // part's alone: they come after every name the first part saw.
        #expect(result.summary.attributes.map(\.name).suffix(2) == ["extensionAttribute1", "member"])
    }

    /// Each part alone holds one kind of record; one reader warns that the
    /// file mixes them, so the parts do not answer.
    @Test func kindsMixedAcrossTheCutAreLeftToOneReader() throws {
        // Content records, then as many bytes of deletes: the cut falls
        // where the deletes begin (the group's description pads the first
        // half to the second's length).
        let content = Self.export(users: 1_000, changetypeAdd: false)
        var changes: [UInt8] = []
        var user = 0
        while changes.count < content.count + 15 {
            changes += Array("dn: CN=User \(user),OU=Staff,DC=contoso,DC=com\nchangetype: delete\n\n".utf8)
            user += 1
        }
        let padding = String(repeating: "x", count: changes.count - content.count - 15)
        let bytes = content + Array("description: \(padding)\n\n".utf8) + changes
        let (parted, whole, cut) = try Self.both(bytes)
        #expect(cut == bytes.count - changes.count)
        #expect(whole.warnings == 1)
        #expect(parted == nil)
    }

    /// A malformed record in the first part or the second: one reader
    /// reports it at its line, which the second part would count from the cut.
    @Test(arguments: [LDIFReaderOptions(), LDIFReaderOptions(policy: .strict)])
    func aDiagnosticInEitherPartIsLeftToOneReader(options: LDIFReaderOptions) throws {
        for broken in [10, 2_900] {
            var text = String(decoding: Self.export(users: 3_000, changetypeAdd: true), as: UTF8.self)
            text = text.replacingOccurrences(of: "cn: User \(broken)\n", with: "c n: User \(broken)\n")
            let (parted, whole, _) = try Self.both(Array(text.utf8), options: options)
            #expect(whole.errors + (whole.thrown == nil ? 0 : 1) >= 1)
            #expect(parted == nil, "broken user \(broken)")
        }
    }

    @Test func aSmallFileIsLeftToOneReader() throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let path = folder.url.appendingPathComponent("in.ldif").path
        try Data(Self.export(users: 100, changetypeAdd: true)).write(to: URL(fileURLWithPath: path))
        #expect(LDIFReader.summarizeInParts(path: path, options: LDIFReaderOptions()) == nil)
        #expect(LDIFReader.summarizeInParts(path: path, options: LDIFReaderOptions(), minimumBytes: 0) != nil)
    }

    /// The cut is a line starting `dn:` after a blank line, and nothing else.
    @Test(arguments: [
        ("x: 1\n\ndn: cn=b\n", 6), ("x: 1\r\n\r\ndn: cn=b\r\n", 8), ("x: 1\n\n\nDN: cn=b\n", 7),
        ("x: 1\ndn: cn=b\n", nil), ("x: 1\n\ndnQualifier: q\n", nil), ("x: 1\n\n dn: cn=b\n", nil),
        ("x: 1\r\ndn: cn=b\r\n", nil),
    ] as [(String, Int?)])
    func theCutIsARecordsStart(text: String, cut: Int?) throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let path = folder.url.appendingPathComponent("in.ldif").path
        // Padded before, so the middle falls just before the blank line.
        let padding = String(repeating: "#", count: 40) + "\n"
        let body = Array(text.utf8)
        let size = 2 * (padding.utf8.count + 2)
        var bytes = Array(padding.utf8)
        bytes += body
        while bytes.count < size { bytes += Array("#\n".utf8) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let found = LDIFReader.recordStart(nearMiddleOf: path, minimumBytes: 0)
        #expect(found?.position == cut.map { padding.utf8.count + $0 }, "\(text.debugDescription)")
    }

    /// Every corpus file, each option set: most of them have a record
    /// start after their middle, and those without diagnostics are counted
    /// in parts.
    @Test(.enabled(if: Corpus.enabled)) func corpusFilesCountedInPartsAreCountedAsByOneReader() throws {
        var answered = 0
        for file in SummaryAgreementTests.corpusFiles {
            let bytes = Array(try Corpus.data(file))
            for options in SummaryAgreementTests.optionSets {
                let (parted, whole, _) = try Self.both(bytes, options: options)
                guard let parted else { continue }
                answered += 1
                #expect(whole.diagnostics.isEmpty && whole.thrown == nil, "\(file): answered where one reader reports")
                #expect(parted.summary == whole.summary, "\(file)")
                #expect(parted.statistics == whole.statistics, "\(file)")
            }
        }
        print("corpus readings counted in parts: \(answered)")
        #expect(answered >= 100)
    }
}
