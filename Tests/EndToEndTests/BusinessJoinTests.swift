import Foundation
import Testing
import TestSupport

/// Business-data joins (DESIGN §3 `join`) and several directory connections.
@Suite struct BusinessJoinTests {
    /// A BDC model with one Finder over `fields` (name, .NET type); `identifier` is the key.
    static func model(entity: String, identifier: String, fields: [(String, String)], filterOn: String? = nil) -> String {
        // Explicit types: GRDB (linked into this target) makes string literals ambiguous with its SQL type.
        let descriptors: String = fields.map { (name: String, type: String) -> String in
            let id = name == identifier ? " IdentifierName=\"\(identifier)\"" : ""
            return "<TypeDescriptor TypeName=\"\(type)\" Name=\"\(name)\"\(id) />"
        }.joined(separator: "\n")
        let filter: String = filterOn.map { (field: String) -> String in "<FilterDescriptors><FilterDescriptor Type=\"Comparison\" Name=\"\(field)Filter\" FilterField=\"\(field)\" /></FilterDescriptors>" } ?? ""
        return """
            <?xml version="1.0" encoding="utf-8"?>
            <Model Name="Test" xmlns="http://schemas.microsoft.com/windows/2007/BusinessDataCatalog">
              <LobSystems><LobSystem Type="Database" Name="Test"><Entities>
                <Entity Namespace="Test" Version="1.0.0.0" Name="\(entity)">
                  <Identifiers><Identifier TypeName="System.String" Name="\(identifier)" /></Identifiers>
                  <Methods><Method Name="ReadList">\(filter)<Parameters>
                    <Parameter Direction="Return" Name="rows">
                      <TypeDescriptor TypeName="System.Data.IDataReader" IsCollection="true" Name="rows"><TypeDescriptors>
                        <TypeDescriptor TypeName="System.Data.IDataRecord" Name="row"><TypeDescriptors>
                        \(descriptors)
                        </TypeDescriptors></TypeDescriptor>
                      </TypeDescriptors></TypeDescriptor>
                    </Parameter></Parameters>
                    <MethodInstances><MethodInstance Type="Finder" ReturnParameterName="rows" Default="true" Name="ReadList" /></MethodInstances>
                  </Method></Methods>
                </Entity>
              </Entities></LobSystem></LobSystems>
            </Model>
            """
    }

    static func staff() -> [SyncScenario.User] {
        [
            .init(number: 1, sam: "ann", title: "Analyst", employeeID: "E1"),
            .init(number: 2, sam: "bob", title: "Engineer", employeeID: "E2"),
        ]
    }

    /// Writes a Skill model (filterable on Owner) and its extract: E1 has
    /// Swift and SQL, E2 has Go.
    static func writeSkills(_ scenario: SyncScenario) throws {
        try scenario.write(
            model(entity: "Skill", identifier: "SkillID", fields: [("SkillID", "System.String"), ("Owner", "System.String"), ("Name", "System.String")], filterOn: "Owner"),
            to: "skills.bdcm")
        try scenario.write("SkillID,Owner,Name\nS1,E1,Swift\nS2,E2,Go\nS3,E1,SQL\n", to: "skills.csv")
    }

    /// The new values of the properties `names` in each profile's change, by
    /// account (one value is written as a string, several as an array).
    static func newValues(_ report: [String: Any], _ names: Set<String>) -> [String: [String: [String]]] {
        var values: [String: [String: [String]]] = [:]
        for change in report.changes {
            guard let account = change["account"] as? String else { continue }
            for property in change["properties"] as? [[String: Any]] ?? [] {
                guard let name = property["name"] as? String, names.contains(name) else { continue }
                values[account, default: [:]][name] = property["new"] as? [String] ?? (property["new"] as? String).map { [$0] } ?? []
            }
        }
        return values
    }

    /// Writes the Contoso HR model and an extract of `rows` under its header.
    static func writeHR(_ scenario: SyncScenario, rows: [String]) throws {
        try FileManager.default.copyItem(at: TestPaths.fixture("contoso/models/hr.bdcm"), to: scenario.root.appendingPathComponent("hr.bdcm"))
        try writeHRRows(scenario, rows: rows)
    }

    /// Writes (or rewrites) the extract alone: `rows` under the Contoso HR header.
    static func writeHRRows(_ scenario: SyncScenario, rows: [String]) throws {
        try scenario.write(
            "EmployeeID,Department,JobTitle,CostCenter,HireDate,Skills,ManagerEmployeeID,OfficeLocation,IsContractor\n"
                + rows.map { $0 + "\n" }.joined(),
            to: "hr.csv")
    }

    /// Adds the Contoso HR connection (joined on EmployeeId) to the scenario's configuration.
    static func addHRConnection(to scenario: SyncScenario) throws {
        var config = try String(contentsOf: URL(fileURLWithPath: scenario.configPath), encoding: .utf8)
        config = config.replacingOccurrences(of: "defaults: false", with: """
              - { name: hr, type: csv, file: hr.csv, model: hr.bdcm, entity: Employee, join: { property: EmployeeId, identifier: EmployeeID } }
            defaults: false
            """)
        try scenario.write(config, to: "profilesync.yaml")
    }

    @Test func oneToManyJoinCollectsEveryRowIntoAMultiValueProperty() throws {
        let scenario = try SyncScenario(users: Self.staff())
        defer { scenario.folder.cleanup() }
        try scenario.writeExport()
        try scenario.write(
            Self.model(entity: "Skill", identifier: "SkillID", fields: [("SkillID", "System.String"), ("Owner", "System.String"), ("Name", "System.String")], filterOn: "Owner"),
            to: "skills.bdcm")
        try scenario.write("SkillID,Owner,Name\nS1,EXAMPLE\\ann,Swift\nS2,EXAMPLE\\bob,Go\nS3,example\\ANN,SQL\nS4,EXAMPLE\\nobody,Perl\n", to: "skills.csv")
        try scenario.writeConfig(extra: """
              Skills: { from: skills.Name, multiValue: true }
            """)
        // The business connection goes under `connections:`; rewrite the file with it.
        var config = try String(contentsOf: URL(fileURLWithPath: scenario.configPath), encoding: .utf8)
        config = config.replacingOccurrences(of: "defaults: false", with: """
              - name: skills
                type: csv
                file: skills.csv
                model: skills.bdcm
                entity: Skill
                join: { property: AccountName, filter: Owner, mode: many }
            defaults: false
            """)
        try scenario.write(config, to: "profilesync.yaml")
        let (result, report) = try scenario.sync()
        #expect(result.status == 0, "\(result.stderrText)")
        let json = try #require(report)
        let ann = try #require(json.changes.first { $0["account"] as? String == "EXAMPLE\\ann" })
        let skills = (ann["properties"] as? [[String: Any]])?.first { $0["name"] as? String == "Skills" }
        #expect(skills?["new"] as? [String] == ["Swift", "SQL"])
        #expect(skills?["source"] as? String == "skills.Name")
        #expect(json.summary["unmatchedRows"] == 1)

        // A single-valued property fed by a 1:many join is refused.
        let single = config.replacingOccurrences(of: "Skills: { from: skills.Name, multiValue: true }", with: "Skills: skills.Name")
        try scenario.write(single, to: "profilesync.yaml")
        let (refused, _) = try scenario.sync()
        #expect(refused.status == 1)
        #expect(refused.stderrText.contains("fed by the 1:many connection 'skills'"))
        let diagnostics = json["diagnostics"] as? [[String: Any]] ?? []
        #expect(diagnostics.contains { ($0["message"] as? String)?.contains("'EXAMPLE\\nobody' joins no profile") == true && $0["line"] as? Int == 5 })
    }

    /// Warnings about a join follow the extract's row order, whatever order
    /// the engine's hash maps (seeded per process) visit the keys in.
    @Test func joinWarningsComeInRowOrder() throws {
        var users: [SyncScenario.User] = []
        // Two profiles per key, three for the first: the warning names them in export order.
        for pair in 0..<8 {
            for member in 0..<(pair == 0 ? 3 : 2) {
                users.append(.init(number: users.count + 1, sam: "u\(pair)x\(member)", title: "Clerk", employeeID: "E\(pair)"))
            }
        }
        let scenario = try SyncScenario(users: users)
        defer { scenario.folder.cleanup() }
        try scenario.writeExport()
        try FileManager.default.copyItem(at: TestPaths.fixture("contoso/models/hr.bdcm"), to: scenario.root.appendingPathComponent("hr.bdcm"))
        var csv = "EmployeeID,Department,JobTitle,CostCenter,HireDate,Skills,ManagerEmployeeID,OfficeLocation,IsContractor\n"
        for pair in 0..<8 { csv += "E\(pair),Sales,Clerk,CC-1,2020-01-01,,,Redmond,false\n" }
        try scenario.write(csv, to: "hr.csv")
        try scenario.writeConfig(extra: "  EmployeeId: example.employeeID\n  CostCenter: hr.CostCenter\n")
        try Self.addHRConnection(to: scenario)
        let (result, report) = try scenario.sync()
        #expect(result.status == 0, "\(result.stderrText)")
        let diagnostics = try #require(report)["diagnostics"] as? [[String: Any]] ?? []
        let lines = diagnostics.filter { ($0["message"] as? String)?.contains(" profiles (") == true }.compactMap { $0["line"] as? Int }
        #expect(lines == Array(2...9))
        let first = diagnostics.first { $0["line"] as? Int == 2 }?["message"] as? String
        #expect(first?.contains("'e0' joins 3 profiles (EXAMPLE\\u0x0, EXAMPLE\\u0x1, EXAMPLE\\u0x2); row not applied") == true, "\(first ?? "none")")
        #expect(diagnostics.filter { ($0["message"] as? String)?.contains("joins 2 profiles") == true }.count == 7)
    }

    /// A profile joins the rows whose key has its bytes, after case folding,
    /// whatever the order of the profiles: a key spelled in another Unicode
    /// normalization form (`E\u{301}` for `É`) is another key, here as for a
    /// profile alone, and two such profiles are not one key's two profiles.
    @Test func keysInAnotherNormalizationFormAreOtherKeysInEitherOrder() throws {
        for decomposedFirst in [false, true] {
            var users: [SyncScenario.User] = [
                .init(number: 1, sam: "ann", title: "Analyst", employeeID: "\u{C9}1"),
                .init(number: 2, sam: "bob", title: "Engineer", employeeID: "E\u{301}1"),
            ]
            if decomposedFirst { users.reverse() }
            let scenario = try SyncScenario(users: users)
            defer { scenario.folder.cleanup() }
            try scenario.writeExport()
            try Self.writeHR(scenario, rows: ["\u{E9}1,Sales,Clerk,CC-9,2020-01-01,,,Redmond,false"])
            try scenario.writeConfig(extra: "  EmployeeId: example.employeeID\n  CostCenter: hr.CostCenter\n")
            try Self.addHRConnection(to: scenario)
            let (result, report) = try scenario.sync()
            #expect(result.status == 0, "\(result.stderrText)")
            let json = try #require(report)
            #expect(Self.newValues(json, ["CostCenter"]) == ["EXAMPLE\\ann": ["CostCenter": ["CC-9"]]], "decomposed first: \(decomposedFirst)")
            #expect(json.summary["unmatchedRows"] == 0)
            let diagnostics = json["diagnostics"] as? [[String: Any]] ?? []
            #expect(!diagnostics.contains { ($0["message"] as? String)?.contains("profiles (") == true })
        }
    }

    /// A 1:many join gives its rows to every profile with the key, not only the first.
    @Test func aManyJoinFeedsEveryProfileSharingTheKey() throws {
        let users: [SyncScenario.User] = [
            .init(number: 1, sam: "ann", title: "Analyst", employeeID: "E1"),
            .init(number: 2, sam: "bob", title: "Engineer", employeeID: "E2"),
            .init(number: 3, sam: "cat", title: "Analyst", employeeID: "E1"),
            .init(number: 4, sam: "dan", title: "Analyst", employeeID: "E1"),
        ]
        let scenario = try SyncScenario(users: users)
        defer { scenario.folder.cleanup() }
        try scenario.writeExport()
        try Self.writeSkills(scenario)
        try scenario.writeConfig(extra: "  EmployeeId: example.employeeID\n  Skills: { from: skills.Name, multiValue: true }\n")
        var config = try String(contentsOf: URL(fileURLWithPath: scenario.configPath), encoding: .utf8)
        config = config.replacingOccurrences(of: "defaults: false", with: """
              - { name: skills, type: csv, file: skills.csv, model: skills.bdcm, entity: Skill, join: { property: EmployeeId, filter: Owner, mode: many } }
            defaults: false
            """)
        try scenario.write(config, to: "profilesync.yaml")
        let (result, report) = try scenario.sync()
        #expect(result.status == 0, "\(result.stderrText)")
        let json = try #require(report)
        #expect(Self.newValues(json, ["Skills"]) == [
            "EXAMPLE\\ann": ["Skills": ["Swift", "SQL"]], "EXAMPLE\\bob": ["Skills": ["Go"]],
            "EXAMPLE\\cat": ["Skills": ["Swift", "SQL"]], "EXAMPLE\\dan": ["Skills": ["Swift", "SQL"]],
        ])
        #expect(json.summary["unmatchedRows"] == 0)
    }

    /// Two extracts in one run, listed in the configuration in the order
    /// opposite to their names' (the builder numbers extracts by name and
    /// joins by configuration order): each property reads its own.
    @Test func twoExtractsFeedTheirOwnProperties() throws {
        let scenario = try SyncScenario(users: Self.staff())
        defer { scenario.folder.cleanup() }
        try scenario.writeExport()
        try Self.writeHR(scenario, rows: [
            "E1,Sales,Clerk,CC-1,2020-01-01,,,Redmond,false", "E2,Sales,Clerk,CC-2,2020-01-01,,,Redmond,false",
        ])
        try Self.writeSkills(scenario)
        try scenario.writeConfig(extra: "  EmployeeId: example.employeeID\n  CostCenter: hr.CostCenter\n  Skills: { from: skills.Name, multiValue: true }\n")
        var config = try String(contentsOf: URL(fileURLWithPath: scenario.configPath), encoding: .utf8)
        config = config.replacingOccurrences(of: "defaults: false", with: """
              - { name: zskills, type: csv, file: skills.csv, model: skills.bdcm, entity: Skill, join: { property: EmployeeId, filter: Owner, mode: many } }
              - { name: hr, type: csv, file: hr.csv, model: hr.bdcm, entity: Employee, join: { property: EmployeeId, identifier: EmployeeID } }
            defaults: false
            """).replacingOccurrences(of: "skills.Name", with: "zskills.Name")
        try scenario.write(config, to: "profilesync.yaml")
        let (result, report) = try scenario.sync()
        #expect(result.status == 0, "\(result.stderrText)")
        let json = try #require(report)
        #expect(Self.newValues(json, ["Skills", "CostCenter"]) == [
            "EXAMPLE\\ann": ["CostCenter": ["CC-1"], "Skills": ["Swift", "SQL"]],
            "EXAMPLE\\bob": ["CostCenter": ["CC-2"], "Skills": ["Go"]],
        ])
    }

    /// A joined row's field that is empty, or that does not convert to the
    /// property's type, gives nothing: the property's next source is read,
    /// and a conversion is reported as the profile's problem.
    @Test func anEmptyOrUnconvertibleFieldFallsThroughToTheNextSource() throws {
        let scenario = try SyncScenario(users: Self.staff())
        defer { scenario.folder.cleanup() }
        try scenario.writeExport()
        try Self.writeHR(scenario, rows: [
            "E1,,Clerk,12,2020-01-01,,,Redmond,false", "E2,Sales,Clerk,CC-2,2020-01-01,,,Redmond,false",
        ])
        try scenario.writeConfig(extra: """
              EmployeeId: example.employeeID
              Department: [hr.Department, example.title]
              Level: { from: [hr.CostCenter, example.employeeID], type: integer }

            """)
        try Self.addHRConnection(to: scenario)
        let (result, report) = try scenario.sync()
        #expect(result.status == 0, "\(result.stderrText)")
        let json = try #require(report)
        #expect(Self.newValues(json, ["Department", "Level"]) == [
            "EXAMPLE\\ann": ["Department": ["Analyst"], "Level": ["12"]],
            "EXAMPLE\\bob": ["Department": ["Sales"]],
        ])
        let sources = json.changes.reduce(into: [String: String]()) { sources, change in
            for property in change["properties"] as? [[String: Any]] ?? [] where property["name"] as? String == "Department" {
                sources[change["account"] as? String ?? ""] = property["source"] as? String
            }
        }
        #expect(sources == ["EXAMPLE\\ann": "example.title", "EXAMPLE\\bob": "hr.Department"])
        let messages = (json["diagnostics"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
        #expect(messages == [
            "EXAMPLE\\bob: Level: hr.CostCenter: 'CC-2' is not an integer",
            "EXAMPLE\\bob: Level: example.employeeID: 'E2' is not an integer",
        ])
    }

    @Test func aMisspeltBusinessFieldIsAConfigurationError() throws {
        let scenario = try SyncScenario(users: Self.staff())
        defer { scenario.folder.cleanup() }
        try scenario.writeExport()
        try FileManager.default.copyItem(at: TestPaths.fixture("contoso/models/hr.bdcm"), to: scenario.root.appendingPathComponent("hr.bdcm"))
        try FileManager.default.copyItem(at: TestPaths.fixture("contoso/hr.csv"), to: scenario.root.appendingPathComponent("hr.csv"))
        for (mapping, message) in [
            ("CostCenter: hr.CostCentre", "has no field 'CostCentre'"),
            ("Hired: { from: hr.IsContractor, type: date }", "is date but hr.IsContractor is System.Boolean"),
        ] {
            try scenario.writeConfig(extra: "  EmployeeId: example.employeeID\n  \(mapping)\n")
            try Self.addHRConnection(to: scenario)
            let (result, _) = try scenario.sync()
            #expect(result.status == 1)
            #expect(result.stderrText.contains("profilesync.yaml:"), "\(result.stderrText)")
            #expect(result.stderrText.contains(message), "\(result.stderrText)")
            let check = try ProfileSyncTool.run(["check", "--config", scenario.configPath])
            #expect(check.status == 1)
            #expect(check.stderrText.contains(message))
        }
    }

    @Test func twoDirectoryConnectionsFeedOneStore() throws {
        let scenario = try SyncScenario(users: Self.staff())
        defer { scenario.folder.cleanup() }
        try scenario.writeExport()
        let other = try SyncScenario(users: [.init(number: 9, sam: "ann", title: "Buyer")])
        defer { other.folder.cleanup() }
        try other.writeExport()
        try FileManager.default.copyItem(
            at: other.root.appendingPathComponent("export.ldif"), to: scenario.root.appendingPathComponent("fabrikam.ldif"))
        try scenario.writeConfig()
        var config = try String(contentsOf: URL(fileURLWithPath: scenario.configPath), encoding: .utf8)
        config = config.replacingOccurrences(of: "defaults: false", with: """
              - name: fabrikam
                type: ldif
                files: [fabrikam.ldif]
                accountDomain: FABRIKAM
            defaults: false
            """)
        config = config.replacingOccurrences(of: "Title: example.title", with: "Title: [example.title, fabrikam.title]")
        config = config.replacingOccurrences(of: "Manager: { from: example.manager, type: person }\n", with: "")
        try scenario.write(config, to: "profilesync.yaml")
        let (result, report) = try scenario.sync()
        #expect(result.status == 0, "\(result.stderrText)")
        let json = try #require(report)
        // The same sAMAccountName in two domains: two profiles, told apart by domain.
        #expect(Set(json.changeLines) == ["add EXAMPLE\\ann", "add EXAMPLE\\bob", "add FABRIKAM\\ann"])
        let buyer = try #require(json.changes.first { $0["account"] as? String == "FABRIKAM\\ann" })
        let title = (buyer["properties"] as? [[String: Any]])?.first { $0["name"] as? String == "Title" }
        #expect(title?["new"] as? String == "Buyer")
        #expect(title?["source"] as? String == "fabrikam.title")
        // A full run of one domain never marks the other's profiles.
        let (_, rerun) = try scenario.sync()
        #expect(rerun?.changes.isEmpty == true)
    }
}
