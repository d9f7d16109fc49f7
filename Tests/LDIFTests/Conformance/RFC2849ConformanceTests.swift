import Foundation
import Testing
import TestSupport
@testable import LDIF

/// The RFC's own examples (corpus rfc2849/, see ERRATA-NOTES.md).
@Suite struct RFC2849ConformanceTests {
    static let parsed = ["example1-verbatim", "example2-verbatim", "example3-corrected", "example4-corrected", "example7-verbatim"]

    @Test(.enabled(if: Corpus.enabled), arguments: parsed)
    func exampleMatchesExpected(name: String) throws {
        let expected = try Canonical.json("ldif/rfc2849/\(name).expected.json")
        #expect(try Canonical.strictError("ldif/rfc2849/\(name).ldif") == nil)
        let records = try Canonical.read("ldif/rfc2849/\(name).ldif").0
        let want = (expected["expected"] as? [[String: Any]] ?? []).map(Canonical.expected)
        #expect(Canonical.text(records.map(Canonical.record)) == Canonical.text(want))
    }

    /// Examples 5 and 6 carry `jpegphoto:< file:///usr/local/…`. Deviation by
    /// design: a URL outside the allowed folder (or with URLs off) is an error
    /// on that line and the record is skipped; every other record must match.
    @Test(.enabled(if: Corpus.enabled), arguments: ["example5-corrected", "example6-corrected"])
    func urlExamplesMatchExceptTheURLRecord(name: String) throws {
        let expected = try Canonical.json("ldif/rfc2849/\(name).expected.json")
        let expectedRecords = expected["expected"] as? [[String: Any]] ?? []
        let hasURL: ([String: Any]) -> Bool = { record in
            let attrs = record["attrs"] as? [String: [Any]] ?? [:]
            return attrs.values.contains { $0.contains { ($0 as? [String: Any])?["url"] != nil } }
        }
        for allow in [false, true] {
            let (records, reader) = try Canonical.read("ldif/rfc2849/\(name).ldif", allowFileURLs: allow)
            #expect(reader.diagnostics.errorCount == expectedRecords.filter(hasURL).count)
            #expect(reader.diagnostics.diagnostics.allSatisfy { $0.message.contains("file:///usr/local/directory/photos/") })
            let want = expectedRecords.filter { !hasURL($0) }.map(Canonical.expected)
            #expect(Canonical.text(records.map(Canonical.record)) == Canonical.text(want))
        }
    }

    /// ERRATA-NOTES.md: a strict parser rejects the verbatim 3, 4, 5, 6.
    @Test(.enabled(if: Corpus.enabled), arguments: [
        ("example3-verbatim", 12), ("example4-verbatim", 43), ("example5-verbatim", 8), ("example6-verbatim", 12),
    ])
    func verbatimDefectsAreErrors(name: String, line: Int) throws {
        let error = try #require(try Canonical.strictError("ldif/rfc2849/\(name).ldif"))
        #expect(error.location?.line == line, "\(error)")
    }

    /// Example 6 verbatim: after the URL record, the stray blank line must make
    /// `delete: description` start a record without dn (line 35 of the file).
    @Test(.enabled(if: Corpus.enabled)) func example6VerbatimStrayBlankLine() throws {
        let reader = try Canonical.read("ldif/rfc2849/example6-verbatim.ldif").1
        let messages = reader.diagnostics.diagnostics.map { "\($0.location?.line ?? 0): \($0.message)" }
        #expect(messages.contains { $0.contains("expected 'dn:'") && $0.contains("delete") }, "\(messages)")
    }
}
