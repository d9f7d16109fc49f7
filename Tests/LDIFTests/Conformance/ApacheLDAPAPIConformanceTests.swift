import Foundation
import Testing
import TestSupport
@testable import LDIF

/// apache/directory-ldap-api LdifReaderTest.java (expected.json: ok/error,
/// error line, checks).
@Suite struct ApacheLDAPAPIConformanceTests {
    static let cases: [String] = {
        guard Corpus.isPresent, let object = try? Canonical.json("ldif/apache-directory-ldap-api/expected.json"),
            let cases = object["cases"] as? [String: Any]
        else { return [] }
        return cases.keys.sorted()
    }()

    @Test(.enabled(if: Corpus.enabled)) func corpusHasTheCases() { #expect(Self.cases.count == 36) }

    @Test(.enabled(if: Corpus.enabled), arguments: cases)
    func caseHasTheExpectedOutcome(file: String) throws {
        let all = try Canonical.json("ldif/apache-directory-ldap-api/expected.json")["cases"] as? [String: [String: Any]] ?? [:]
        let expected = try #require(all[file])
        let path = "ldif/apache-directory-ldap-api/\(file)"
        if expected["result"] as? String == "error" {
            let error = try #require(try Canonical.strictError(path))
            if let line = expected["expected_error_line"] as? Int { #expect(error.location?.line == line, "\(error)") }
            return
        }
        #expect(try Canonical.strictError(path) == nil)
        let (records, reader) = try Canonical.read(path)
        #expect(reader.diagnostics.errorCount == 0)
        check(file, records, reader)
    }

    private func check(_ file: String, _ records: [LDIFRecord], _ reader: LDIFReader) {
        let first = records.first
        switch file {
        case "comments-only-cr-line-endings.ldif", "no-version-comments-only.ldif": #expect(records.isEmpty)
        case "version-folded.ldif":
            #expect(records.isEmpty)
            #expect(reader.statistics.version == 1)
        case "version-folded-then-entry.ldif":
            #expect(records.count == 1)
            #expect(first?.texts("displayName").first??.contains("app1") == true)
        case "end-spaces.ldif":
            // Deviation: Apache trims trailing spaces; RFC 2849 SAFE-STRING keeps them, so do we.
            #expect(first?.texts("displayName") == ["app1   "])
            #expect(first?.texts("dependencies") == [""])
            #expect(first?.texts("envVars") == [""])
        case "basic-empty-values.ldif":
            #expect(first?.texts("dependencies") == [""])
            #expect(first?.texts("envVars") == [""])
        case "multiline-comment-hash-in-value.ldif": #expect(first?.texts("cn") == ["app1#another comment"])
        case "folded-dn.ldif": #expect(first?.dn.string == "cn=app1,ou=applications,ou=conf,dc=apache,dc=org")
        case "base64-utf8.ldif": #expect(first?.texts("cn") == ["Emmanuel Lécharny"])
        case "base64-folded.ldif": #expect(first?.texts("cn") == ["Emmanuel Lécharny  "])
        case "rfc2849-sample3-various-spacing.ldif":
            // Deviation: Apache trims the DN's trailing spaces; we keep the value as written.
            #expect(first?.dn.string?.hasPrefix("cn=Gern Jensen, ou=Product Testing, dc=airius, dc=com") == true)
        case "control-no-criticality.ldif":
            #expect(first?.controls == [LDIFControl(oid: "1.2.840.113556.1.4.805", criticality: false)])
        case "control-value-no-criticality.ldif":
            #expect(first?.controls == [LDIFControl(oid: "1.2.840.113556.1.4.805", criticality: false, value: LDIFValue("control-value"))])
        case "comments-empty-lines-aci.ldif":
            #expect(records.count == 1)
            #expect(first?.dn.string == "cn=browseRootAci,dc=example,dc=com")
            #expect(first?.texts("prescriptiveACI").first??.contains(": ") == true)
        case "delete-with-7-controls.ldif":
            let controls = first?.controls ?? []
            #expect(controls.count == 7)
            #expect(controls.prefix(5).map(\.oid) == ["1.1.1", "1.1.2", "1.1.3", "1.1.4", "1.1.5"])
            #expect(controls.prefix(4).map(\.criticality) == [false, true, false, true])
            #expect(controls.prefix(4).map { $0.value?.string } == [nil, nil, "ABCDEF", "ABCDEF"])
            #expect(controls.count > 4 && controls[4].value?.string?.hasPrefix("Emmanuel L") == true)
        case "modify-delete-vs-delete-empty-value.ldif":
            #expect(records.count == 2)
            #expect(records.first?.body == .modify([LDIFModification(operation: .delete, attribute: "userPassword")]))
            #expect(records.last?.body == .modify([LDIFModification(operation: .delete, attribute: "userPassword", values: [LDIFValue("")])]))
        case "modify-replace-empty.ldif":
            if case .modify(let changes) = first?.body {
                #expect(changes.contains { $0.operation == .replace && $0.attribute == "url" && $0.values.isEmpty })
            } else {
                Issue.record("not a modify record")
            }
        case "root-dse-empty-dn.ldif":
            #expect(first?.dn.bytes == [])
            #expect(first?.texts("cn") == ["app1"])
        case "entries-without-attributes.ldif":
            #expect(records.count == 3)
            #expect(records.allSatisfy { $0.attributes?.isEmpty == true })
        case "attr-name-with-underscores.ldif": #expect(first?.texts("An_idiot_Attribute") == ["thanks M$ for that"])
        case "mixed-plain-and-base64-values.ldif", "mixed-base64-first-then-plain.ldif":
            let values = first?.texts("myconfigstringvalue") ?? []
            #expect(values.count == 3)
            #expect(values.contains("Z:BlackBerryÂ®"))
        case "empty-value-dn-syntax-1.ldif", "empty-value-dn-syntax-2.ldif":
            #expect(first?.texts("ads-baseDn").allSatisfy { $0 == "" } == true)
            #expect(first?.texts("ads-baseDn").isEmpty == false)
        default: Issue.record("no check written for \(file)")
        }
    }
}
