import LDIF
import ProfileCore
import Testing

/// Issue #7 item 5: the two secret lists — what the LDIF reader drops and what
/// the configuration refuses to map — must agree, or a secret the configuration
/// "never reads" would still be read (and shown by `inspect`, kept in snapshots).
@Suite struct SecretsReliabilityTests {
    @Test func everySecretTheConfigurationRefusesIsDroppedByTheLDIFReader() {
        for name in ProfileCore.SecretAttributes.names {
            #expect(LDIF.SecretAttributes.isSecret(baseName: name.lowercased()), "\(name) is read by the LDIF reader")
        }
    }

    @Test func passwordMetadataTheConfigurationMayMapIsKeptByTheLDIFReader() {
        for name in ProfileCore.SecretAttributes.passwordMetadata + ["pwdLastSet", "badPwdCount"] {
            #expect(!LDIF.SecretAttributes.isSecret(baseName: name.lowercased()), "\(name) is dropped by the LDIF reader")
            #expect(!ProfileCore.SecretAttributes.isSecret(name), "\(name)")
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
