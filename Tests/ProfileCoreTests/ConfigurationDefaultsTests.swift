import LDIF
import ProfileCore
import Testing

@Suite struct ConfigurationDefaultsTests {
    static let designOrder = [
        "AccountName", "UserName", "SID", "ADGuid", "SPS-DistinguishedName", "SPS-UserPrincipalName", "FirstName",
        "LastName", "PreferredName", "WorkEmail", "WorkPhone", "Office", "Department", "SPS-Department", "Title",
        "SPS-JobTitle", "Manager", "PublicSiteRedirect", "SPS-ProxyAddresses",
    ]

    @Test func defaultsFollowADImportInDesignOrder() throws {
        let configuration = try loadConfiguration(minimalConfiguration)
        #expect(configuration.properties.map(\.name) == Self.designOrder)
        #expect(configuration.properties.allSatisfy { $0.isDefault })
        #expect(configuration.explicitProperties.isEmpty)

        func property(_ name: String) throws -> PropertyMapping { try #require(configuration.property(named: name)) }
        #expect(try property("AccountName").source == .accountName)
        #expect(try property("UserName").source == .attributes([SourceReference(connection: "*", attribute: "sAMAccountName")]))
        #expect(try property("SPS-DistinguishedName").source.references.map(\.attribute) == ["dn"])
        #expect(
            try property("WorkEmail").source
                == .attributes([
                    SourceReference(connection: "*", attribute: "mail"),
                    SourceReference(connection: "*", attribute: "proxyAddresses", selection: .primarySMTPAddress),
                ]))
        #expect(try property("Manager").type == .person)
        #expect(try property("PublicSiteRedirect").type == .url)
        #expect(try property("WorkEmail").type == .email)
        #expect(try property("SID").type == .binary)
        #expect(try property("ADGuid").type == .binary)
        let proxies = try property("SPS-ProxyAddresses")
        #expect(proxies.type == .multistring && proxies.multiValue)
        #expect(try property("Department").source == property("SPS-Department").source)
        #expect(try property("Title").source == property("SPS-JobTitle").source)
        #expect(
            configuration.properties.flatMap(\.source.references).allSatisfy { $0.isEachDirectoryConnection })
    }

    @Test func fileOverridesInPlaceAndAppendsNewOnesInFileOrder() throws {
        let configuration = try loadConfiguration(
            minimalConfiguration + """
                properties:
                  Zeta: contoso.extensionAttribute1
                  Department: [contoso.division, contoso.department]
                  Alpha: contoso.extensionAttribute2
                """)
        #expect(configuration.properties.map(\.name) == Self.designOrder + ["Zeta", "Alpha"])
        let department = try #require(configuration.property(named: "Department"))
        #expect(!department.isDefault)
        #expect(department.source.references.map(\.description) == ["contoso.division", "contoso.department"])
        #expect(try #require(configuration.property(named: "SPS-Department")).isDefault)
        #expect(configuration.explicitProperties.map(\.name) == ["Zeta", "Department", "Alpha"])
    }

    @Test func defaultsFalseKeepsOnlyAccountName() throws {
        let configuration = try loadConfiguration(
            minimalConfiguration + """
                defaults: false
                properties:
                  Department: contoso.department
                  UserName: contoso.sAMAccountName
                """)
        #expect(!configuration.useDefaults)
        #expect(configuration.properties.map(\.name) == ["AccountName", "Department", "UserName"])
        #expect(configuration.properties[0].isDefault && configuration.properties[0].source == .accountName)
    }

    @Test func overridingADefaultKeepsItsTypeUnlessTold() throws {
        let configuration = try loadConfiguration(
            minimalConfiguration + """
                properties:
                  Manager: contoso.managedBy
                  SPS-ProxyAddresses: contoso.otherMailbox
                  WorkEmail: { from: contoso.targetAddress }
                  PublicSiteRedirect: { from: contoso.url, type: string }
                """)
        #expect(configuration.property(named: "Manager")?.type == .person)
        #expect(configuration.property(named: "SPS-ProxyAddresses")?.type == .multistring)
        #expect(configuration.property(named: "SPS-ProxyAddresses")?.multiValue == true)
        #expect(configuration.property(named: "WorkEmail")?.type == .email)
        #expect(configuration.property(named: "PublicSiteRedirect")?.type == .string)
    }

    @Test func multiValueImpliesMultistring() throws {
        let configuration = try loadConfiguration(
            minimalConfiguration + """
                properties:
                  Skills: { from: contoso.skills, multiValue: true, separator: "|" }
                  Phones: { from: contoso.otherTelephone, type: multistring }
                  Single: { from: contoso.info, multiValue: false }
                """)
        #expect(configuration.property(named: "Skills")?.type == .multistring)
        #expect(configuration.property(named: "Skills")?.separator == "|")
        #expect(configuration.property(named: "Phones")?.multiValue == true)
        #expect(configuration.property(named: "Single")?.type == .string)
        #expect(configuration.property(named: "Single")?.multiValue == false)
    }

    @Test func unqualifiedAttributesNeedExactlyOneDirectoryConnection() throws {
        let one = try loadConfiguration(
            minimalConfiguration + "properties:\n  EmployeeId: employeeID\n  Mixed: [extensionAttribute9, contoso.employeeNumber]\n")
        #expect(
            one.property(named: "EmployeeId")?.source
                == .attributes([SourceReference(connection: "contoso", attribute: "employeeID", connectionImplied: true)]))
        #expect(one.property(named: "Mixed")?.source.references.map(\.connectionImplied) == [true, false])

        let two = """
            store: profiles.db
            connections:
              - { name: contoso, type: ldif, files: [c.ldif] }
              - { name: fabrikam, type: ldif, files: [f.ldif] }
            properties:
              EmployeeId: employeeID
              Note: { expression: '[info]' }
            """
        #expect(configurationErrors(two) == [
            "profilesync.yaml:6:15: error: 'employeeID' in property 'EmployeeId' names no connection, and there are 2 directory connections (contoso, fabrikam); write e.g. 'contoso.employeeID'"
        ])
    }

    @Test func secretAttributePredicate() {
        for secret in [
            "userPassword", "unicodePwd", "ntPwdHistory", "lmPwdHistory", "supplementalCredentials", "dBCSPwd",
            "msDS-ManagedPassword", "UNICODEPWD", "userPassword;binary", "ms-Mcs-AdmPwd", "msLAPS-Password",
            "sambaNTPassword", "someAppPassword",
        ] {
            #expect(SecretAttributes.isSecret(secret), "\(secret)")
        }
        for harmless in ["pwdLastSet", "badPwdCount", "badPasswordTime", "sAMAccountName", "mail", "msDS-UserPasswordExpiryTimeComputed"] {
            #expect(!SecretAttributes.isSecret(harmless), "\(harmless)")
        }
    }
}
