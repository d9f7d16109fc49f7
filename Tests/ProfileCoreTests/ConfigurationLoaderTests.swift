import Diagnostics
import Foundation
import ProfileCore
import Testing
import TestSupport

@Suite struct ConfigurationLoaderTests {
    /// The DESIGN §3 example, verbatim; the files it names do not exist, and need not.
    let examplePath = TestPaths.fixture("configs/design-example.yaml").path
    var exampleFolder: String { TestPaths.fixture("configs").standardizedFileURL.path }

    @Test func designExampleLoadsWithEveryKey() throws {
        let configuration = try ConfigurationLoader.load(path: examplePath)
        #expect(configuration.file == examplePath)
        #expect(configuration.directory == exampleFolder)
        #expect(configuration.store == exampleFolder + "/profiles.db")
        #expect(configuration.useDefaults)
        #expect(configuration.deletionThreshold == .count(500))
        #expect(configuration.schedule == "Daily at 01:00:00")
        #expect(configuration.scheduleLocation == SourceLocation(file: examplePath, line: 48, column: 11))

        let contoso = try #require(configuration.directoryConnections.first)
        #expect(configuration.directoryConnections.count == 1)
        #expect(contoso.name == "contoso")
        #expect(contoso.files == [exampleFolder + "/exports/contoso.ldif"])
        #expect(contoso.accountDomain == "CONTOSO")
        #expect(contoso.anchor == "objectGUID")
        #expect(contoso.containers == ["OU=Staff,DC=contoso,DC=com"])
        #expect(contoso.excludeDisabled)
        #expect(contoso.filter == "(&(objectClass=user)(!(sAMAccountName=svc-*)))")
        #expect(contoso.filterLocation == SourceLocation(file: examplePath, line: 12, column: 13))
        #expect(
            contoso.userExclusions
                == ExclusionSet(
                    match: .any,
                    rules: [
                        ExclusionRule(attribute: "sAMAccountName", operator: .startsWith, value: "T-"),
                        ExclusionRule(attribute: "userAccountControl", operator: .bitOn, value: "2"),
                    ]))
        #expect(contoso.groupExclusions == ExclusionSet(match: .any, rules: []))
        #expect(contoso.importGroups)
        #expect(!contoso.allowFileURLs)
        #expect(contoso.location == SourceLocation(file: examplePath, line: 4, column: 5))

        let hr = try #require(configuration.businessConnections.first)
        #expect(configuration.businessConnections.count == 1)
        #expect(hr.name == "hr")
        #expect(hr.file == exampleFolder + "/exports/hr.csv")
        #expect(hr.model == exampleFolder + "/models/hr.bdcm")
        #expect(hr.entity == "Employee")
        #expect(hr.join == JoinRule(property: "EmployeeId", identifier: "EmployeeID", filter: nil, mode: .one))
        #expect(hr.encoding == .auto)
        #expect(hr.delimiter == "auto")
        #expect(hr.location == SourceLocation(file: examplePath, line: 23, column: 5))
    }

    @Test func designExamplePropertiesKeepFileOrderAndForms() throws {
        let configuration = try ConfigurationLoader.load(path: examplePath)
        #expect(
            configuration.explicitProperties.map(\.name) == [
                "EmployeeId", "PreferredName", "Department", "SPS-JobTitle", "Manager", "WorkEmail",
                "SPS-HireDate", "CostCenter", "Skills",
            ])
        func property(_ name: String) throws -> PropertyMapping {
            try #require(configuration.explicitProperties.first { $0.name == name })
        }
        #expect(try property("EmployeeId").source == .attributes([SourceReference(connection: "contoso", attribute: "employeeID")]))
        #expect(try property("EmployeeId").location == SourceLocation(file: examplePath, line: 36, column: 3))
        #expect(
            try property("Department").source
                == .attributes([
                    SourceReference(connection: "hr", attribute: "Department"),
                    SourceReference(connection: "contoso", attribute: "department"),
                ]))
        #expect(
            try property("SPS-JobTitle").source.references.map(\.description) == ["hr.JobTitle", "contoso.title"])
        #expect(try property("Manager").type == .person)
        #expect(
            try property("WorkEmail").source
                == .expression(
                    "PrimarySmtp([contoso.proxyAddresses])",
                    location: SourceLocation(file: examplePath, line: 41, column: 32)))
        #expect(try property("WorkEmail").type == .email)
        #expect(try property("SPS-HireDate").type == .date)
        #expect(try property("CostCenter").type == .string)
        let skills = try property("Skills")
        #expect(skills.type == .multistring)
        #expect(skills.multiValue)
        #expect(skills.separator == ";")
        #expect(configuration.explicitProperties.allSatisfy { !$0.isDefault })
    }

    @Test func keyLocationsAreKeptByPath() throws {
        let configuration = try ConfigurationLoader.load(path: examplePath)
        #expect(configuration.location(ofKey: "store") == SourceLocation(file: examplePath, line: 1, column: 1))
        #expect(
            configuration.location(ofKey: "connections.contoso.filter")
                == SourceLocation(file: examplePath, line: 12, column: 5))
        #expect(
            configuration.location(ofKey: "connections.contoso.exclusions.users.rules.1.operator")
                == SourceLocation(file: examplePath, line: 18, column: 46))
        #expect(
            configuration.location(ofKey: "connections.hr.join.property")
                == SourceLocation(file: examplePath, line: 29, column: 7))
        #expect(configuration.location(ofKey: "properties.Skills") == SourceLocation(file: examplePath, line: 44, column: 3))
        #expect(configuration.location(ofKey: "deletion.threshold") == SourceLocation(file: examplePath, line: 47, column: 3))
        #expect(configuration.location(ofKey: "connections.contoso.nothing") == nil)
    }

    @Test func defaultsOfAnLDIFConnection() throws {
        let configuration = try loadConfiguration(minimalConfiguration)
        let contoso = try #require(configuration.directoryConnections.first)
        #expect(contoso.files == ["/etc/profilesync/contoso.ldif"])
        #expect(contoso.anchor == "objectGUID")
        #expect(contoso.accountDomain == nil)
        #expect(contoso.containers.isEmpty)
        #expect(!contoso.excludeDisabled)
        #expect(contoso.filter == nil && contoso.filterLocation == nil)
        #expect(contoso.userExclusions == ExclusionSet() && contoso.groupExclusions == ExclusionSet())
        #expect(contoso.importGroups)
        #expect(!contoso.allowFileURLs)
        #expect(configuration.store == "/etc/profilesync/profiles.db")
        #expect(configuration.deletionThreshold == nil)
        #expect(configuration.schedule == nil)
        #expect(configuration.businessConnections.isEmpty)
    }

    @Test func filesAcceptsOneStringAndAbsolutePathsStay() throws {
        let configuration = try loadConfiguration(
            """
            store: /var/lib/profilesync/store.db
            connections:
              - name: contoso
                type: ldif
                files: ../exports/./contoso.ldif
                anchor: dn
              - name: fabrikam
                type: ldif
                files: [/data/f1.ldif, f2.ldif]
                anchor: entryUUID
            """)
        #expect(configuration.store == "/var/lib/profilesync/store.db")
        #expect(configuration.directoryConnections.map(\.files) == [
            ["/etc/exports/contoso.ldif"], ["/data/f1.ldif", "/etc/profilesync/f2.ldif"],
        ])
        #expect(configuration.directoryConnections.map(\.anchor) == ["dn", "entryUUID"])
    }

    @Test func exclusionValuesAndUnaryOperators() throws {
        let configuration = try loadConfiguration(
            minimalConfiguration + """
                    exclusions:
                      users:
                        match: all
                        rules:
                          - { attribute: mail, operator: notPresent }
                          - { attribute: userAccountControl, operator: bitOff, value: 0x10 }
                          - { attribute: employeeNumber, operator: equals, value: "007" }
                          - { attribute: department, operator: contains, value: 42 }
                      groups:
                        rules:
                          - { attribute: cn, operator: endsWith, value: "-test" }
                """)
        let contoso = try #require(configuration.directoryConnections.first)
        #expect(
            contoso.userExclusions
                == ExclusionSet(
                    match: .all,
                    rules: [
                        ExclusionRule(attribute: "mail", operator: .notPresent, value: nil),
                        ExclusionRule(attribute: "userAccountControl", operator: .bitOff, value: "16"),
                        ExclusionRule(attribute: "employeeNumber", operator: .equals, value: "007"),
                        ExclusionRule(attribute: "department", operator: .contains, value: "42"),
                    ]))
        #expect(
            contoso.groupExclusions
                == ExclusionSet(match: .any, rules: [ExclusionRule(attribute: "cn", operator: .endsWith, value: "-test")]))
    }

    @Test func businessConnectionOptions() throws {
        let configuration = try loadConfiguration(
            minimalConfiguration + """
                  - name: crm
                    type: csv
                    file: crm.csv
                    model: crm.bdcm
                    entity: Customer
                    join: { property: AccountName, filter: OwnerAccount, mode: many }
                    encoding: Windows-1252
                    delimiter: tab
                  - name: erp
                    type: csv
                    file: erp.csv
                    model: erp.bdcm
                    entity: Employee
                    join: { property: AccountName, identifier: Login }
                    encoding: utf-16le
                    delimiter: "\\t"
                  - name: pay
                    type: csv
                    file: pay.csv
                    model: pay.bdcm
                    entity: Slip
                    join: { property: AccountName, identifier: Login, mode: one }
                    delimiter: ";"
                """)
        let crm = try #require(configuration.businessConnection(named: "crm"))
        #expect(crm.join == JoinRule(property: "AccountName", identifier: nil, filter: "OwnerAccount", mode: .many))
        #expect(crm.encoding == .windows1252)
        #expect(crm.delimiter == "\t")
        let erp = try #require(configuration.businessConnection(named: "erp"))
        #expect(erp.encoding == .utf16LE)
        #expect(erp.delimiter == "\t")
        let pay = try #require(configuration.businessConnection(named: "pay"))
        #expect(pay.join.mode == .one)
        #expect(pay.delimiter == ";")
        #expect(pay.encoding == .auto)
    }

    @Test(arguments: [
        ("500", DeletionThreshold.count(500)), ("0", .count(0)), ("\"250\"", .count(250)),
        ("\"5%\"", .percent(5)), ("5%", .percent(5)), ("\"2.5%\"", .percent(2.5)), ("100%", .percent(100)),
    ])
    func deletionThresholds(written: String, expected: DeletionThreshold) throws {
        let configuration = try loadConfiguration(minimalConfiguration + "deletion:\n  threshold: \(written)\n")
        #expect(configuration.deletionThreshold == expected)
    }

    @Test func thresholdLimits() {
        #expect(DeletionThreshold.count(500).limit(forExisting: 10) == 500)
        #expect(DeletionThreshold.percent(5).limit(forExisting: 1000) == 50)
        #expect(DeletionThreshold.percent(5).limit(forExisting: 10) == 0)
        #expect(DeletionThreshold.percent(2.5).limit(forExisting: 1000) == 25)
        #expect(DeletionThreshold.percent(100).limit(forExisting: 7) == 7)
        #expect(DeletionThreshold.percent(5).description == "5%")
        #expect(DeletionThreshold.percent(2.5).description == "2.5%")
    }

    @Test func byteOrderMarkIsIgnored() throws {
        let configuration = try loadConfiguration("\u{FEFF}" + minimalConfiguration)
        #expect(configuration.directoryConnections.map(\.name) == ["contoso"])
    }

    @Test func loadReportsAnUnreadableFileByPath() {
        #expect {
            try ConfigurationLoader.load(path: "/nonexistent/profilesync.yaml")
        } throws: { error in
            (error as? ConfigurationError)?.description
                == "error: cannot read configuration file '/nonexistent/profilesync.yaml': no such file"
        }
    }

    @Test func loadNamesTheFileAsGivenAndResolvesAgainstItsFolder() throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let path = folder.url.appendingPathComponent("sub/profilesync.yaml").path
        try FileManager.default.createDirectory(
            at: folder.url.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try (minimalConfiguration + "defaults: maybe\n").write(toFile: path, atomically: true, encoding: .utf8)
        #expect {
            try ConfigurationLoader.load(path: path)
        } throws: { error in
            (error as? ConfigurationError)?.description
                == "\(path):6:11: error: 'defaults' at the top level must be true or false, not 'maybe'"
        }
        try minimalConfiguration.write(toFile: path, atomically: true, encoding: .utf8)
        let configuration = try ConfigurationLoader.load(path: path)
        let folderPath = folder.url.appendingPathComponent("sub").standardizedFileURL.path
        #expect(configuration.directory == folderPath)
        #expect(configuration.store == folderPath + "/profiles.db")
    }
}
