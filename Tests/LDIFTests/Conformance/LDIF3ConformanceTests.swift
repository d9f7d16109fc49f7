import Foundation
import Testing
import TestSupport
@testable import LDIF

/// xi/ldif3 tests.py: parse results, a non-UTF-8 DN, and writer output.
@Suite struct LDIF3ConformanceTests {
    @Test(.enabled(if: Corpus.enabled), arguments: ["parse-basic", "parse-binary", "parse-empty-attr-value"])
    func parseMatchesExpected(name: String) throws {
        let expected = try Canonical.json("ldif/ldif3/\(name).expected.json")
        #expect(try Canonical.strictError("ldif/ldif3/\(name).ldif") == nil)
        let records = try Canonical.read("ldif/ldif3/\(name).ldif").0
        let want = (expected["expected"] as? [[String: Any]] ?? []).map(Canonical.expected)
        #expect(Canonical.text(records.map(Canonical.record)) == Canonical.text(want))
    }

    /// Extra blank lines between records split into the same records as parse-basic.
    @Test(.enabled(if: Corpus.enabled)) func extraSpacesGiveTheSameRecordsAsBasic() throws {
        let expected = try Canonical.json("ldif/ldif3/parse-extra-spaces.expected.json")
        #expect((expected["expected_blocks"] as? [[String]])?.count == 2)
        let spaced = try Canonical.read("ldif/ldif3/parse-extra-spaces.ldif").0
        let basic = try Canonical.read("ldif/ldif3/parse-basic.ldif").0
        #expect(spaced.map { Canonical.text([Canonical.record($0)]) } == basic.map { Canonical.text([Canonical.record($0)]) })
    }

    /// Deviation: ldif3 rejects (strict) or mangles (lenient) a raw 0xB3 byte in
    /// a DN; values that are not UTF-8 stay bytes here (DESIGN §2.1), DN included.
    @Test(.enabled(if: Corpus.enabled)) func nonUTF8DNStaysBytes() throws {
        let expected = try Canonical.json("ldif/ldif3/parse-dn-non-utf8.expected.json")
        #expect(expected["expected_error_strict"] != nil)
        let records = try Canonical.read("ldif/ldif3/parse-dn-non-utf8.ldif", policy: .strict).0
        #expect(records.count == 1)
        #expect(records.first?.dn.string == nil)
        #expect(records.first?.dn.bytes == Array("uid=ko".utf8) + [0xB3] + Array("obiznesu@w".utf8))
    }

    /// ldif3's writer cases: our writer gives the same bytes (ldif3 ends each record with a blank line).
    @Test(.enabled(if: Corpus.enabled)) func writerCases() throws {
        let cases = try Canonical.json("ldif/ldif3/writer-cases.json")["cases"] as? [[String: Any]] ?? []
        #expect(!cases.isEmpty)
        for item in cases {
            guard let dn = item["dn"] as? String, let attrs = item["attrs"] as? [String: [Any]],
                let output = item["expected_output"] as? String
            else { continue }
            let attributes = attrs.keys.sorted().map { name in
                LDIFAttribute(name: name, values: attrs[name]!.map { value -> LDIFValue in
                    if let text = value as? String { return LDIFValue(text) }
                    let hex = (value as? [String: String])?["hex"] ?? ""
                    var bytes: [UInt8] = []
                    var index = hex.startIndex
                    while index < hex.endIndex {
                        let next = hex.index(index, offsetBy: 2)
                        bytes.append(UInt8(hex[index..<next], radix: 16)!)
                        index = next
                    }
                    return LDIFValue(bytes: bytes)
                })
            }
            var bytes: [UInt8] = []
            LDIFWriter().write(LDIFRecord(line: 1, dn: LDIFValue(dn), body: .content(attributes)), to: &bytes)
            bytes.append(0x0A)
            #expect(String(decoding: bytes, as: UTF8.self) == output, "\(item["test"] ?? "")")
        }
    }
}
