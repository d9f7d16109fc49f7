import LDIF
import Testing

/// The reader drops every attribute the configuration refuses: one list.
@Suite struct SecretAttributeReadingTests {
    @Test func everyNamedSecretAndPasswordLikeNameIsDropped() throws {
        var text = "dn: CN=x,DC=example,DC=com\ncn: x\n"
        for name in SecretAttributes.names + ["someCustomPasswordField"] { text += "\(name): s3cret-\(name)\n" }
        for name in SecretAttributes.passwordMetadata + ["pwdLastSet", "badPwdCount"] { text += "\(name): 1\n" }
        let reader = LDIFReader(bytes: Array(text.utf8), name: "x.ldif")
        let record = try #require(try reader.next())
        let names = Set(record.attributes?.map(\.name) ?? [])
        #expect(names == Set(["cn"] + SecretAttributes.passwordMetadata + ["pwdLastSet", "badPwdCount"]))
        #expect(reader.statistics.secretValuesDropped == SecretAttributes.names.count + 1)
    }
}
