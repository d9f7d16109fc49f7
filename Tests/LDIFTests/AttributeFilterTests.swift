import Diagnostics
import Foundation
import Testing
import TestSupport
@testable import LDIF

/// `LDIFReaderOptions.attributeFilter` must read exactly what the unfiltered
/// reader reads, less the attributes outside the filter in content and add
/// records: the same records on the same lines, the same diagnostics, the
/// same statistics, and the same error where a strict read stops.
@Suite struct AttributeFilterTests {
    struct Outcome: Equatable, CustomStringConvertible {
        var records: [LDIFRecord]
        var diagnostics: [Diagnostic]
        var statistics: LDIFReadStatistics
        var thrown: Diagnostic?

        var description: String {
            "records \(records.count) stats \(statistics) thrown \(thrown?.description ?? "-")\n"
                + diagnostics.map(\.description).joined(separator: "\n")
        }
    }

    static let filter: Set<String> = ["cn", "member", "objectclass", "samaccountname", "objectguid", "mail"]

    static func read(_ reader: LDIFReader, droppingOutside filter: Set<String>?) -> Outcome {
        var records: [LDIFRecord] = []
        var thrown: Diagnostic?
        do {
            while var record = try reader.next() {
                if let filter {
                    switch record.body {
                    case .content(let attributes): record.body = .content(attributes.filter { filter.contains($0.baseName) })
                    case .add(let attributes): record.body = .add(attributes.filter { filter.contains($0.baseName) })
                    default: break
                    }
                }
                records.append(record)
            }
        } catch let diagnostic as Diagnostic {
            thrown = diagnostic
        } catch {
            thrown = .error("unexpected \(error)")
        }
        return Outcome(
            records: records, diagnostics: reader.diagnostics.diagnostics, statistics: reader.statistics, thrown: thrown)
    }

    static func options(_ base: LDIFReaderOptions, filtered: Bool) -> LDIFReaderOptions {
        var options = base
        options.attributeFilter = filtered ? filter : nil
        return options
    }

    /// Filtered reading against unfiltered reading with the same attributes removed afterwards.
    static func agree(_ make: (LDIFReaderOptions) throws -> LDIFReader, context: String) throws {
        for base in SummaryAgreementTests.optionSets {
            let filtered = read(try make(options(base, filtered: true)), droppingOutside: nil)
            let expected = read(try make(options(base, filtered: false)), droppingOutside: filter)
            #expect(filtered == expected, "\(context), \(base.policy), keepSecrets \(base.keepSecrets)\nfiltered:\n\(filtered)\nexpected:\n\(expected)")
        }
    }

    @Test(.enabled(if: Corpus.enabled), arguments: SummaryAgreementTests.corpusFiles)
    func agreesOnCorpusFile(_ file: String) throws {
        let path = try Corpus.url(file).path
        try Self.agree({ try LDIFReader(path: path, options: $0) }, context: file)
    }

    @Test(arguments: SummaryAgreementTests.malformed.indices)
    func agreesOnMalformedInput(_ index: Int) throws {
        let bytes = Array(SummaryAgreementTests.malformed[index].utf8)
        try Self.agree({ LDIFReader(bytes: bytes, name: "in.ldif", options: $0) }, context: "input \(index)")
    }

    @Test(arguments: 1...200)
    func agreesOnDamagedInput(seed: UInt64) throws {
        let bytes = SummaryAgreementTests.damagedInput(seed: seed)
        try Self.agree({ LDIFReader(bytes: bytes, name: "in.ldif", options: $0) }, context: "seed \(seed)")
    }

    @Test func keepsOnlyTheFilteredAttributesAndStillReportsBrokenOnes() throws {
        let text = "dn: cn=a\ncn: a\nCN;lang-ja: b\nthumbnailPhoto:: ****\nsn: s\nmember;range=0-1: x\n\ndn: cn=b\ncn: b\nsn: t\n"
        var options = LDIFReaderOptions()
        options.attributeFilter = ["cn", "member"]
        let reader = LDIFReader(bytes: Array(text.utf8), name: "in.ldif", options: options)
        var records: [LDIFRecord] = []
        while let record = try reader.next() { records.append(record) }
        // The first record is skipped: its (filtered-out) photo is not base64.
        #expect(records.map(\.dn.string) == ["cn=b"])
        #expect(records[0].attributes?.map(\.name) == ["cn"])
        #expect(reader.diagnostics.diagnostics.map(\.location?.line) == [4])
    }
}
