import Foundation
import Testing
import TestSupport
@testable import LDIF

/// OpenLDAP, perl-ldap, Apache Directory Studio and Samba data files. Their
/// expected files pair inputs with server results, so what a reader can check
/// is: every valid file reads strictly without error, the malformed ones fail
/// where their notes say, and the pairs that are pure LDIF rewrites read back
/// to the same records.
@Suite struct ServerSuitesConformanceTests {
    /// Files the corpus notes call malformed or that need a feature we refuse, with the reason.
    static let expectedStrictErrors: [String: (line: Int, reason: String)] = [
        "samba/ldb-tests/photo.ldif": (4, "relative ':< file:' URL; URLs are off by default"),
        "samba/selftest-provisions/release-4-1-0rc3_expected-deleted_objects-after-dbcheck.ldif": (2, "NOTES: 'description:' before 'dn:'"),
        "samba/selftest-provisions/release-4-1-0rc3_expected-replpropertymetadata-before-dbcheck.ldif": (111, "NOTES: NOT valid LDIF (ldbsearch --show-binary pretty print)"),
        "samba/selftest-provisions/release-4-1-0rc3_expected-userParameters-after-dbcheck.ldif": (43, "NOTES: search-reference records without dn ('ref:')"),
        "samba/selftest-provisions/release-4-5-0-pre1_expected-duplicates-after-link-dbcheck.ldif": (18, "search-reference records without dn ('ref:')"),
        "samba/selftest-provisions/release-4-5-0-pre1_expected-match-rule-links.ldif": (26, "search-reference records without dn ('ref:')"),
        "perl-ldap/00-cmp2.ldif": (27, "NOTES: one content record then one modify record: mixing, rejected by RFC 2849 grammar"),
    ]

    static let files: [String] = {
        guard Corpus.isPresent else { return [] }
        var found: [String] = []
        for group in ["openldap", "perl-ldap", "apache-directory-studio", "samba"] {
            let urls = (try? Corpus.files(under: "ldif/\(group)", extensions: ["ldif", "out", "1", "slapadd"])) ?? []
            let root = Corpus.root.appendingPathComponent("ldif").path + "/"
            found += urls.map { $0.path.replacingOccurrences(of: root, with: "") }
        }
        return found
    }()

    @Test(.enabled(if: Corpus.enabled)) func corpusHasTheFiles() { #expect(Self.files.count >= 60) }

    @Test(.enabled(if: Corpus.enabled), arguments: files)
    func fileReadsAsExpected(file: String) throws {
        let path = "ldif/\(file)"
        if let known = Self.expectedStrictErrors[file] {
            let error = try #require(try Canonical.strictError(path), "\(known.reason)")
            #expect(error.location?.line == known.line, "\(error)")
            let lenient = try Canonical.read(path)
            #expect(lenient.1.statistics.skippedRecords > 0 || lenient.1.diagnostics.warningCount > 0)
            return
        }
        let (records, reader) = try Canonical.read(path, policy: .strict)
        #expect(reader.diagnostics.errorCount == 0)
        #expect(!records.isEmpty)
    }

    /// perl-ldap t/00ldif-entry.t: 00-cmp.ldif is 00-in.ldif rewritten (fold at 78, no version):
    /// the same records.
    @Test(.enabled(if: Corpus.enabled)) func perlLDAPRewriteIsTheSameRecords() throws {
        let input = try Canonical.read("ldif/perl-ldap/00-in.ldif").0.map(Canonical.record)
        let rewritten = try Canonical.read("ldif/perl-ldap/00-cmp.ldif").0.map(Canonical.record)
        #expect(input.count == 6)
        #expect(Canonical.text(input) == Canonical.text(rewritten))
    }

    /// perl-ldap t/10ldif-controls.t: 6 change records, 3 with controls, record 1 with two.
    @Test(.enabled(if: Corpus.enabled)) func perlLDAPControls() throws {
        let records = try Canonical.read("ldif/perl-ldap/10-in.ldif", policy: .strict).0
        #expect(records.count == 6)
        #expect(records.filter { !$0.controls.isEmpty }.count == 3)
        #expect(records.first?.controls.count == 2)
        let oids = Set(records.flatMap(\.controls).map(\.oid))
        #expect(oids == ["2.16.840.1.113730.3.4.2", "2.16.840.1.113730.3.4.18"])
    }

    /// Our writer's output of every valid server-suite file reads back to the same records.
    @Test(.enabled(if: Corpus.enabled), arguments: files.filter { expectedStrictErrors[$0] == nil })
    func writerRoundTripsTheFile(file: String) throws {
        let records = try Canonical.read("ldif/\(file)").0
        let bytes = LDIFWriter().file(records)
        let back = try readAll(bytes: bytes, options: LDIFReaderOptions(keepSecrets: true))
        #expect(back.1.diagnostics.errorCount == 0)
        #expect(back.0.map(\.body) == records.map(\.body))
        #expect(back.0.map(\.dn) == records.map(\.dn))
    }
}
