import Foundation
import Testing
import TestSupport
@testable import LDIF

/// python-ldap Tests/t_ldif.py: every `*.expected.json` holds the records the
/// upstream parser returns, or the error it raises.
@Suite struct PythonLDAPConformanceTests {
    static let cases: [String] = {
        guard Corpus.isPresent, let files = try? Corpus.files(under: "ldif/python-ldap", extensions: ["json"]) else { return [] }
        return files.map { $0.lastPathComponent.replacingOccurrences(of: ".expected.json", with: "") }
    }()

    @Test(.enabled(if: Corpus.enabled)) func corpusHasTheCases() throws {
        #expect(Self.cases.count == 24)
    }

    @Test(.enabled(if: Corpus.enabled), arguments: cases)
    func caseMatchesExpected(name: String) throws {
        let expected = try Canonical.json("ldif/python-ldap/\(name).expected.json")
        let path = "ldif/python-ldap/\(name).ldif"
        if expected["expected_error"] != nil {
            let error = try #require(try Canonical.strictError(path))
            #expect(error.location?.line == 1)
            let lenient = try Canonical.read(path)
            #expect(lenient.0.isEmpty && lenient.1.statistics.skippedRecords == 1)
            return
        }
        #expect(try Canonical.strictError(path) == nil)
        var (records, reader) = try Canonical.read(path)
        #expect(reader.diagnostics.errorCount == 0)
        // Parser options are features of python-ldap's API, applied here the same way.
        let options = expected["parser_options"] as? [String: Any] ?? [:]
        if let ignored = options["ignored_attr_types"] as? [String] {
            records = records.map { record in
                var copy = record
                copy.body = .content((record.attributes ?? []).filter { !ignored.contains($0.name.lowercased()) })
                return copy
            }
        }
        if let maximum = options["max_entries"] as? Int { records = Array(records.prefix(maximum)) }
        let want = (expected["expected"] as? [[String: Any]] ?? []).map(Canonical.expected)
        let got = records.map(Canonical.record).map { record -> [String: Any] in
            var copy = record
            // python-ldap reports controls: null on change records without controls.
            copy.removeValue(forKey: "controls")
            return copy
        }
        #expect(Canonical.text(got) == Canonical.text(want))
    }
}
