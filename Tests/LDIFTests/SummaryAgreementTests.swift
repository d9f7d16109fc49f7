import Diagnostics
import Foundation
import Testing
import TestSupport
@testable import LDIF

/// `LDIFReader.summarizeNext(into:)` counts without building records. It must
/// agree with the record path (`next()` then `LDIFSummary.add`) on everything
/// `inspect --summary` shows: the counts, every diagnostic with its line, the
/// statistics, and the error a strict read stops at.
@Suite struct SummaryAgreementTests {
    /// What one read of a file produced.
    struct Outcome: Equatable, CustomStringConvertible {
        var summary: LDIFSummary
        var diagnostics: [Diagnostic]
        var errors: Int
        var warnings: Int
        var statistics: LDIFReadStatistics
        var thrown: Diagnostic?

        var description: String {
            """
            records \(statistics.records) skipped \(statistics.skippedRecords) secrets \(statistics.secretValuesDropped) \
            lines \(statistics.lines) bytes \(statistics.bytesRead) version \(String(describing: statistics.version))
            content \(summary.content) add \(summary.changetypeAdd) changes \(summary.changes.sorted { $0.key < $1.key })
            classes \(summary.objectClasses.map { "\($0.name)=\($0.count)" })
            attributes \(summary.attributes.map { "\($0.name)=\($0.records)/\($0.values)" })
            errors \(errors) warnings \(warnings) thrown \(thrown?.description ?? "-")
            \(diagnostics.map(\.description).joined(separator: "\n"))
            """
        }
    }

    static func read(_ reader: LDIFReader, counting: Bool) -> Outcome {
        var summary = LDIFSummary()
        var thrown: Diagnostic?
        do {
            if counting {
                while try reader.summarizeNext(into: &summary) {}
            } else {
                while let record = try reader.next() { summary.add(record) }
            }
        } catch let diagnostic as Diagnostic {
            thrown = diagnostic
        } catch {
            thrown = Diagnostic.error("unexpected \(error)")
        }
        let log = reader.diagnostics
        return Outcome(
            summary: summary, diagnostics: log.diagnostics, errors: log.errorCount, warnings: log.warningCount,
            statistics: reader.statistics, thrown: thrown)
    }

    static func outcomes(_ bytes: [UInt8], options: LDIFReaderOptions) -> (counted: Outcome, built: Outcome) {
        (
            read(LDIFReader(bytes: bytes, name: "in.ldif", options: options), counting: true),
            read(LDIFReader(bytes: bytes, name: "in.ldif", options: options), counting: false)
        )
    }

    static let optionSets: [LDIFReaderOptions] = [
        LDIFReaderOptions(),
        LDIFReaderOptions(policy: .strict),
        LDIFReaderOptions(keepSecrets: true),
        LDIFReaderOptions(policy: .strict, allowFileURLs: true, keepSecrets: true),
    ]

    static let corpusFiles: [String] = {
        guard Corpus.isPresent,
            let urls = try? Corpus.files(under: "ldif", extensions: ["ldif", "out", "1", "slapadd", "provider"])
        else { return [] }
        return urls.map { String($0.path.dropFirst(Corpus.root.path.count + 1)) }
    }()

    @Test func corpusHasLDIFFiles() {
        #expect(Self.corpusFiles.count >= 160 || !Corpus.enabled)
    }

    @Test(.enabled(if: Corpus.enabled), arguments: corpusFiles)
    func countingAgreesWithRecordsOnCorpusFile(_ file: String) throws {
        let path = try Corpus.url(file).path
        for options in Self.optionSets {
            let counted = Self.read(try LDIFReader(path: path, options: options), counting: true)
            let built = Self.read(try LDIFReader(path: path, options: options), counting: false)
            #expect(counted == built, "\(file), \(options.policy), keepSecrets \(options.keepSecrets)\ncounted:\n\(counted)\nbuilt:\n\(built)")
        }
    }

    /// One input per error class the reader reports, most of them inside
    /// content records (the counted path), and the structures around them.
    static let malformed: [String] = [
        "dn: cn=a\ncn: a\n\n continued orphan\ncn: b\n\ndn: cn=c\ncn: c\n",
        "dn: cn=a\nc n: a\n\ndn: cn=b\ncn: b\n",
        "dn: cn=a\nno colon here\n",
        "dn: cn=a\n: no name\n",
        "dn: cn=a\ncn: a\ndn: cn=b\n",
        "dn: cn=a\ncn:: ***\n\ndn: cn=b\nobjectClass:: !!\n\ndn: cn=c\nuserPassword:: %%\n\ndn: cn=d\ncn: d\n",
        "dn: cn=a\ncn:: YWJj=d\n\ndn: cn=b\ncn:: Y\n\ndn: cn=c\ncn:: YQ===\n\ndn: cn=d\ncn:: Y Q = =\n",
        "dn: cn=a\njpegPhoto:< file:///etc/hostname\n\ndn: cn=b\nuserPassword:< file:///etc/hostname\n",
        "dn: cn=a\ncn: a\u{0}b\n\ndn: cn=b\nc\u{0}n: b\n\ndn: cn=\u{0}c\ncn: c\n\ndn: cn=d\ndescription: x\n y\u{0}\n",
        "version: 2\ndn: cn=a\ncn: a\n",
        "version: 1\n\ndn: cn=a\nchangetype: frobnicate\n\ndn: cn=b\nchangetype: delete\ncn: b\n",
        "dn: cn=a\nchangetype: modify\nadd: cn\nsn: x\n-\n\ndn: cn=b\nchangetype: modify\nfrob: cn\n",
        "dn: cn=a\nchangetype: modrdn\nnewrdn: cn=b\ndeleteoldrdn: 2\n\ndn: cn=c\nchangetype: moddn\nnewrdn: cn=d\n",
        "dn: cn=a\ncontrol: 1.2.3\ncn: a\n\ndn: cn=b\ncontrol: x.y true\nchangetype: delete\n",
        "dn: cn=a\ncn: a\n\ndn: cn=b\nchangetype: delete\n\ndn: cn=c\ncn: c\n",
        "dn: cn=a\nchangetype: delete\n\ndn: cn=b\nchangetype: add\ncn: b\n\ndn: cn=c\ncn: c\n",
        "cn: no dn\n\ndn: cn=b\ncn: b\n",
        "dn:: Y249/w==\nobjectClass:: /w==\nobjectclass: top\nOBJECTCLASS: Top\nobjectClass;x: y\n",
        "dn: cn=a\nobjectClass: caf\u{E9}\n\ndn: cn=b\nobjectClass: cafe\u{301}\n",
        "dn: cn=a\ncn: A\nCN: B\nsn: s\ncn;lang-ja: C\n\ndn: cn=b\nCN: B\ncn: A\ncn;lang-ja: C\nsn: s\n",
        "dn: cn=a\ndescrip\n tion: folded name\ncn:value\nsn:   spaced  \nempty:\n",
        "dn: cn=a\r\ncn: a\r\n\r\ndn: cn=b\rcn: b\r\rdn: cn=c\ncn: c\n",
        "# only a comment\n  folded\n",
        "version: 1\n",
        "",
        "dn: cn=a\nmember;range=0-1: x\nmember;range=2-*: y\nunicodePwd:: AAAA\nmsDS-ManagedPassword: z\n",
        "dn: cn=g\nchangetype: add\nmember: a\n\ndn: cn=g\nchangetype: modify\nadd: member\nmember: b\n-\nreplace: unicodePwd\nunicodePwd:: AAA=\n-\n",
        "dn: cn=a\nobjectClass: top\nobjectClass: person\n\ndn: cn=b\nobjectClass: top\nobjectClass:: cGVyc29u\n\ndn: cn=c\nobjectClass: person\nobjectClass: top\n",
    ]

    @Test(arguments: malformed.indices)
    func countingAgreesWithRecordsOnMalformedInput(_ index: Int) {
        let bytes = Array(Self.malformed[index].utf8)
        for options in Self.optionSets {
            let (counted, built) = Self.outcomes(bytes, options: options)
            #expect(counted == built, "input \(index), \(options.policy)\ncounted:\n\(counted)\nbuilt:\n\(built)")
        }
    }

    /// Valid input with random damage: bytes replaced by ones that matter to
    /// LDIF (line ends, colons, spaces, NUL, base64 and name characters, high
    /// bytes), inserted or removed, lines repeated.
    static func damagedInput(seed: UInt64) -> [UInt8] {
        var random = SeededGenerator(seed: seed)
        var text = "version: 1\n"
        for index in 0..<12 {
            text += "\ndn: CN=User \(index),OU=Staff,DC=contoso,DC=com\nchangetype: add\nobjectClass: top\nobjectClass: user\n"
            text += "cn: User \(index)\nsAMAccountName: user\(index)\nobjectGUID:: My+LElwM0H+mo6RQZRMnDg==\n"
            text += "description: a long line that\n  is folded\nuserPassword: secret\nmemberOf: CN=G,DC=x\n"
        }
        text += "\ndn: CN=G,DC=x\nchangetype: modify\nadd: member\nmember: CN=User 1\n-\n"
        let alphabet = Array("\n\r :<-#=;\u{0}\t/+AZaz09\u{FF}\u{C3}".utf8)
        var bytes = Array(text.utf8)
        for _ in 0..<(1 + Int(random.next() % 6)) {
            let position = Int(random.next() % UInt64(bytes.count))
            switch random.next() % 4 {
            case 0: bytes[position] = alphabet[Int(random.next() % UInt64(alphabet.count))]
            case 1: bytes.insert(alphabet[Int(random.next() % UInt64(alphabet.count))], at: position)
            case 2: bytes.remove(at: position)
            default:
                let end = bytes[position...].firstIndex(of: 0x0A) ?? bytes.count
                bytes.insert(contentsOf: bytes[position..<end], at: position)
            }
        }
        return bytes
    }

    @Test(arguments: 1...200)
    func countingAgreesWithRecordsOnDamagedInput(seed: UInt64) {
        let bytes = Self.damagedInput(seed: seed)
        for options in Self.optionSets {
            let (counted, built) = Self.outcomes(bytes, options: options)
            #expect(counted == built, "seed \(seed), \(options.policy)\ncounted:\n\(counted)\nbuilt:\n\(built)")
        }
    }

    @Test func theDamageMostlyBreaksSomething() {
        let broken = (1...200).filter { seed in
            Self.read(LDIFReader(bytes: Self.damagedInput(seed: UInt64(seed)), name: "in.ldif"), counting: false).errors > 0
        }
        #expect(broken.count > 60, "only \(broken.count) of 200 damaged inputs had an error")
    }

    @Test func countsWhatTheRecordsHold() throws {
        let text = "dn: cn=a\nobjectClass: top\nobjectClass: user\ncn: a\nCN: b\nuserPassword: x\n\n"
            + "dn: cn=b\nchangetype: add\nobjectclass: top\nobjectClass:: /w==\nmail: m\n\n"
            + "dn: cn=b\nchangetype: modify\nadd: member\nmember: cn=a\n-\n"
        let (counted, built) = Self.outcomes(Array(text.utf8), options: LDIFReaderOptions())
        #expect(counted == built)
        let summary = counted.summary
        #expect(summary.content == 2)
        #expect(summary.changetypeAdd == 1)
        #expect(summary.changes == ["modify": 1])
        #expect(summary.objectClasses == [.init(name: "top", count: 2), .init(name: "user", count: 1), .init(name: "/w==", count: 1)])
        #expect(summary.attributes.map(\.name) == ["objectClass", "cn", "objectclass", "mail"])
        #expect(summary.attributes.map(\.values) == [2, 2, 2, 1])
        #expect(counted.statistics.secretValuesDropped == 1)
        #expect(counted.warnings == 1)  // content and change records mixed
    }

    @Test func oneSummaryFollowsItsReaderWhenReadersChange() throws {
        var summary = LDIFSummary()
        for text in ["dn: cn=a\ncn: a\nsn: s\n", "dn: cn=b\nmail: m\ncn: b\n"] {
            let reader = LDIFReader(bytes: Array(text.utf8), name: "in.ldif")
            while try reader.summarizeNext(into: &summary) {}
        }
        #expect(summary.attributes == [
            .init(name: "cn", records: 2, values: 2), .init(name: "sn", records: 1, values: 1),
            .init(name: "mail", records: 1, values: 1),
        ])
    }
}
