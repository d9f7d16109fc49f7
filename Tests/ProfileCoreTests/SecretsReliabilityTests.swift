import LDIF
import ProfileCore
import Testing

/// Issue #7 item 5: one list of secrets (LDIF's SecretAttributes) serves the
/// reader, which drops them, and the configuration, which refuses to map them.
/// These tests hold both guards to it.
@Suite struct SecretsReliabilityTests {
    static func config(mapping attribute: String) -> String {
        """
        store: p.db
        connections:
          - { name: c, type: ldif, files: [a.ldif] }
        properties:
          Leak: c.\(attribute)
        """
    }

    @Test func theConfigurationRefusesToMapEverySecret() {
        for name in LDIF.SecretAttributes.names + ["someVendorPasswordBlob"] {
            var refused = false
            do {
                _ = try ConfigurationLoader.parse(yaml: Self.config(mapping: name), file: "p.yaml", directory: "/tmp")
            } catch {
                refused = error.diagnostics.contains { $0.message.contains("secret") }
            }
            #expect(refused, "\(name) can be mapped")
        }
    }

    @Test func passwordMetadataIsKeptByTheReaderAndMappable() throws {
        for name in LDIF.SecretAttributes.passwordMetadata + ["pwdLastSet", "badPwdCount"] {
            #expect(!LDIF.SecretAttributes.isSecret(name), "\(name) is dropped by the LDIF reader")
            _ = try ConfigurationLoader.parse(yaml: Self.config(mapping: name), file: "p.yaml", directory: "/tmp")
        }
    }

    @Test func theReaderDropsSecretsWhateverTheirCaseOptionsOrEncoding() throws {
        let text = """
            version: 1

            dn: CN=A,DC=x
            cn: A
            ms-Mcs-AdmPwd: clear-laps-password
            USERPASSWORD;binary:: c2VjcmV0
            msLAPS-EncryptedPassword:: c2VjcmV0
            krb5Key:: c2VjcmV0
            pwdLastSet: 0

            """
        let reader = LDIFReader(bytes: Array(text.utf8), name: "x.ldif")
        let record = try #require(try reader.next())
        guard case .content(let attributes) = record.body else {
            Issue.record("not a content record: \(record)")
            return
        }
        #expect(attributes.map(\.name) == ["cn", "pwdLastSet"])
        #expect(reader.statistics.secretValuesDropped == 4)
    }
}
