import Foundation
import Testing
import TestSupport
@testable import LDIF

/// go-ldap/ldif ldif_test.go + changes_test.go (expected.json: ok/error + checks).
@Suite struct GoLDAPConformanceTests {
    static let cases: [String] = {
        guard Corpus.isPresent, let object = try? Canonical.json("ldif/go-ldap-ldif/expected.json"),
            let cases = object["cases"] as? [String: Any]
        else { return [] }
        return cases.keys.sorted()
    }()

    /// Deviation: go-ldap accepts a change record followed by a content record;
    /// RFC 2849's grammar does not, so strict mode rejects it (lenient reads it with a warning).
    static let strictDeviations: Set<String> = ["change-then-content.ldif"]

    @Test(.enabled(if: Corpus.enabled)) func corpusHasTheCases() { #expect(Self.cases.count == 21) }

    @Test(.enabled(if: Corpus.enabled), arguments: cases)
    func caseHasTheExpectedOutcome(file: String) throws {
        let all = try Canonical.json("ldif/go-ldap-ldif/expected.json")["cases"] as? [String: [String: Any]] ?? [:]
        let expected = try #require(all[file])
        let path = "ldif/go-ldap-ldif/\(file)"
        if expected["result"] as? String == "error" {
            #expect(try Canonical.strictError(path) != nil)
            #expect(try Canonical.read(path).1.diagnostics.errorCount > 0)
            return
        }
        let (records, reader) = try Canonical.read(path)
        #expect(reader.diagnostics.errorCount == 0)
        if Self.strictDeviations.contains(file) {
            #expect(try Canonical.strictError(path) != nil)
            #expect(reader.diagnostics.warningCount == 1)
        } else {
            #expect(try Canonical.strictError(path) == nil)
        }
        check(file, records)
    }

    /// The value checks of expected.json, case by case.
    private func check(_ file: String, _ records: [LDIFRecord]) {
        let first = records.first
        switch file {
        case "rfc2849-example.ldif":
            #expect(records.count == 2)
            #expect(records.last?.texts("sn") == ["Jensen"])
        case "empty.ldif": #expect(first?.texts("cn") == ["", "Some User"])
        case "change-then-content.ldif":
            #expect(records.map(\.changeType) == ["add", nil])
            #expect(records.last?.texts("cn") == ["b"])
        case "continuation.ldif", "base64.ldif": #expect(first?.texts("sn") == ["Some One"])
        case "comments.ldif", "no-space.ldif", "multi-space.ldif": #expect(first?.texts("sn") == ["someone"])
        case "multi-blank-lines.ldif": #expect(records.count >= 2 && records[1].texts("ou") == ["groups"])
        case "leading-trailing-blank-lines.ldif":
            #expect(records.count == 1)
            #expect(first?.texts("ou") == ["users"])
        case "zero-length-no-fill.ldif", "zero-length-with-fill.ldif": #expect(first?.texts("seeAlso") == [""])
        case "control-criticality-absent.ldif":
            #expect(first?.controls == [LDIFControl(oid: "2.16.840.1.113730.3.4.2", criticality: false)])
        case "control-criticality-true.ldif":
            #expect(first?.controls.map(\.criticality) == [true])
            #expect(first?.controls.first?.value == nil)
        case "control-criticality-false.ldif": #expect(first?.controls.map(\.criticality) == [false])
        case "modify.ldif":
            #expect(first?.body == .modify([
                LDIFModification(operation: .add, attribute: "givenName", values: [LDIFValue("Some1"), LDIFValue("Some2")]),
                LDIFModification(operation: .delete, attribute: "mail"),
                LDIFModification(operation: .delete, attribute: "telephoneNumber", values: [LDIFValue("123 456 789 - 0")]),
                LDIFModification(operation: .replace, attribute: "sn", values: [LDIFValue("One")]),
            ]))
        case "rfc2849-example6.ldif":
            #expect(records.map(\.changeType) == ["add", "delete", "modify", "modify"])
            if case .modify(let changes) = records.last?.body {
                #expect(changes.count > 1 && changes[1].operation == .delete && changes[1].attribute == "description")
            }
            if records.count > 2, case .modify(let changes) = records[2].body {
                #expect(changes.contains { $0.operation == .replace && $0.attribute.lowercased() == "telephonenumber" && $0.values.count == 2 })
            }
        case "trailing-blank.ldif": #expect(records.count == 1)
        default: Issue.record("no check written for \(file)")
        }
    }
}
