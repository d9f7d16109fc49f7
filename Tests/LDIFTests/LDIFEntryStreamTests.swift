import Diagnostics
import Foundation
import Testing
import TestSupport
@testable import LDIF

/// `LDIFEntryStream` hands the sync engine what `LDIFEntryMerger` gives, without
/// building records. An entry is compared as the engine sees it: each base
/// name's values in order (the merger's attributes grouped by base name, in
/// attribute order; the stream's runs ordered by rank). Change records,
/// diagnostics, statistics and a strict read's error must be the same too.
@Suite struct LDIFEntryStreamTests {
    /// One record as the engine would see it.
    enum Seen: Equatable, CustomStringConvertible {
        case entry(line: Int, dn: [UInt8], isAdd: Bool, values: [String: [[UInt8]]])
        case change(LDIFRecord)

        var description: String {
            switch self {
            case .entry(let line, let dn, let isAdd, let values):
                let shown = values.keys.sorted().map { key in
                    "\(key)=\(values[key]!.map { String(decoding: $0, as: UTF8.self) })"
                }
                return "entry line \(line) \(String(decoding: dn, as: UTF8.self)) add \(isAdd): \(shown.joined(separator: " "))"
            case .change(let record):
                return "change line \(record.line) \(record.changeType ?? "-")"
            }
        }
    }

    struct Outcome: Equatable {
        var seen: [Seen]
        var diagnostics: [Diagnostic]
        var statistics: LDIFReadStatistics
        var merged: Int
        var thrown: Diagnostic?
    }

    /// Reads everything with `body`; a thrown diagnostic ends the read, as in a sync.
    static func outcome(_ reader: LDIFReader, merged: () -> Int, _ body: (inout [Seen]) throws -> Void) -> Outcome {
        var seen: [Seen] = []
        var thrown: Diagnostic?
        do {
            try body(&seen)
        } catch let diagnostic as Diagnostic {
            thrown = diagnostic
        } catch {
            thrown = .error("unexpected \(error)")
        }
        return Outcome(
            seen: seen, diagnostics: reader.diagnostics.diagnostics, statistics: reader.statistics, merged: merged(),
            thrown: thrown)
    }

    static func viaMerger(_ bytes: [UInt8], options: LDIFReaderOptions) -> Outcome {
        let reader = LDIFReader(bytes: bytes, name: "in.ldif", options: options)
        let merger = LDIFEntryMerger(reader: reader)
        return outcome(reader, merged: { merger.mergedRecords }) { seen in
            while let record = try merger.next() {
                guard let attributes = record.attributes else {
                    seen.append(.change(record))
                    continue
                }
                var values: [String: [[UInt8]]] = [:]
                for attribute in attributes {
                    values[attribute.baseName, default: []] += attribute.values.map(\.bytes)
                }
                let isAdd = if case .add = record.body { true } else { false }
                seen.append(.entry(line: record.line, dn: record.dn.bytes, isAdd: isAdd, values: values))
            }
        }
    }

    /// With `taking`, each entry's values are taken out of the stream and the
    /// previous entry's (still full) buffer is left in their place, as the
    /// sync engine's two threads trade them.
    static func viaStream(_ bytes: [UInt8], options: LDIFReaderOptions, taking: Bool = false) -> Outcome {
        let reader = LDIFReader(bytes: bytes, name: "in.ldif", options: options)
        let stream = LDIFEntryStream(reader: reader)
        var previous = LDIFAttributeRuns()
        return outcome(reader, merged: { stream.mergedRecords }) { seen in
            while let item = try stream.next() {
                switch item {
                case .change(let record):
                    seen.append(.change(record))
                case .entry(let line, let dn, let isAdd):
                    let runs = taking ? stream.takeAttributes(leaving: previous) : stream.attributes
                    if taking { previous = runs }
                    // Stable: runs of equal rank keep their order.
                    let order = (0..<runs.count).sorted { (runs.rank(ofRun: $0), $0) < (runs.rank(ofRun: $1), $1) }
                    var values: [String: [[UInt8]]] = [:]
                    for run in order {
                        var list = values[runs.baseName(ofRun: run), default: []]
                        let before = list.count
                        runs.forEachValue(ofRun: run) { list.append(Array($0)) }
                        #expect(runs.valueCount(ofRun: run) == list.count - before)
                        values[runs.baseName(ofRun: run)] = list
                    }
                    seen.append(.entry(line: line, dn: dn.bytes, isAdd: isAdd, values: values))
                }
            }
        }
    }

    static func expectAgreement(_ bytes: [UInt8], _ label: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        var filtered = LDIFReaderOptions()
        filtered.attributeFilter = ["cn", "member", "mail"]
        for options in SummaryAgreementTests.optionSets + [filtered] {
            let merged = viaMerger(bytes, options: options)
            let streamed = viaStream(bytes, options: options)
            #expect(streamed.seen == merged.seen, "\(label)", sourceLocation: sourceLocation)
            #expect(viaStream(bytes, options: options, taking: true).seen == merged.seen, "\(label)", sourceLocation: sourceLocation)
            #expect(streamed.diagnostics == merged.diagnostics, "\(label)", sourceLocation: sourceLocation)
            #expect(streamed.statistics == merged.statistics, "\(label)", sourceLocation: sourceLocation)
            #expect(streamed.merged == merged.merged, "\(label)", sourceLocation: sourceLocation)
            #expect(streamed.thrown == merged.thrown, "\(label)", sourceLocation: sourceLocation)
        }
    }

    @Test func splitGroupsRangesAndCaseVariants() {
        var text = "dn: CN=Big,OU=Groups,DC=contoso,DC=com\nchangetype: add\nobjectClass: group\ncn: Big\n"
        for index in 0..<3 { text += "member: CN=u\(index)\n" }
        text += "\ndn: CN=Big,OU=Groups,DC=contoso,DC=com\nchangetype: modify\nadd: member\nmember: CN=u3\nmember: CN=u4\n-\n"
        text += "add: Description\n-\n"
        text += "\ndn: cn=big,ou=groups,dc=contoso,dc=com\nchangetype: modify\nadd: MEMBER\nmember: CN=u5\n-\n"
        text += "\ndn: CN=Ranged,DC=contoso,DC=com\nchangetype: add\nmember;range=0-1: CN=a\nmember: CN=z\n"
        text += "member;range=0-1: CN=b\ncn: Ranged\nmember;x-opt: CN=o\nmember;Range=2-*: CN=c\nCN: again\n"
        text += "\ndn: CN=Other,DC=contoso,DC=com\nchangetype: modify\nreplace: title\ntitle: x\n-\n"
        text += "\ndn: CN=Last,DC=contoso,DC=com\nchangetype: add\ncn: Last\n"
        Self.expectAgreement(Array(text.utf8), "hand-written")
        let stream = LDIFEntryStream(reader: LDIFReader(bytes: Array(text.utf8), name: "t.ldif"))
        var entries = 0
        while let item = try? stream.next() {
            if case .entry = item { entries += 1 }
        }
        #expect(entries == 3)
        #expect(stream.mergedRecords == 2)
    }

    @Test func brokenRecordsLeaveNothingBehind() {
        let text = """
            dn: cn=a
            cn: a
            mail:: !!!notbase64

            dn: cn=b
            cn: b

            dn: cn=c
            changetype: modify
            add: member
            member: x
            -

            dn: cn=b
            changetype: modify
            add: member
            member:: bad*
            -

            dn: cn=b
            changetype: modify
            add: member
            member: y
            -

            """
        Self.expectAgreement(Array(text.utf8), "broken")
    }

    @Test func randomRecordsAgree() {
        var random = SeededGenerator(seed: 0x5EED_2026)
        let names = ["cn", "CN", "member", "Member", "member;range=0-2", "MEMBER;range=3-*", "member;x-lang", "mail", "userPassword", "description"]
        let dns = ["cn=a", "CN=A", "cn=b", "cn=c"]
        for round in 0..<150 {
            var text = ""
            for _ in 0..<Int.random(in: 1...6, using: &random) {
                let dn = dns.randomElement(using: &random)!
                if Bool.random(using: &random) || text.isEmpty {
                    text += "dn: \(dn)\n"
                    if Bool.random(using: &random) { text += "changetype: add\n" }
                    for _ in 0..<Int.random(in: 0...8, using: &random) {
                        let value = Int.random(in: 0...9, using: &random)
                        let name = names.randomElement(using: &random)!
                        // Plain values (the stream copies them from the file's
                        // bytes), base64 (through the record's buffer), now and
                        // then a bad one, a file URL, and FILL spaces.
                        switch Int.random(in: 0...11, using: &random) {
                        case 0: text += "\(name):: dmFs\(value)\n"
                        case 1: text += "\(name):: bad*\(value)\n"
                        case 2: text += "\(name):< file:///etc/hostname\n"
                        case 3: text += "\(name):    v\(value) \n"
                        case 4: text += "\(name):\n"
                        default: text += "\(name): v\(value)\n"
                        }
                    }
                } else {
                    text += "dn: \(dn)\nchangetype: modify\n"
                    for _ in 0..<Int.random(in: 1...3, using: &random) {
                        let name = names.randomElement(using: &random)!
                        let operation = Int.random(in: 0...4, using: &random) == 0 ? "replace" : "add"
                        text += "\(operation): \(name)\n"
                        for _ in 0..<Int.random(in: 0...3, using: &random) {
                            text += "\(name): m\(Int.random(in: 0...9, using: &random))\n"
                        }
                        text += "-\n"
                    }
                }
                text += "\n"
            }
            Self.expectAgreement(Array(text.utf8), "round \(round):\n\(text)")
        }
    }

    @Test(.enabled(if: Corpus.enabled), arguments: SummaryAgreementTests.corpusFiles)
    func agreesWithMergerOnCorpusFile(_ file: String) throws {
        let bytes = try [UInt8](Data(contentsOf: Corpus.root.appendingPathComponent(file)))
        Self.expectAgreement(bytes, file)
    }
}
