import BDCModel
import Diagnostics
import Foundation
import Testing
import TestSupport

/// The Contoso sample's HR model and extract (fixtures/contoso) agree.
@Suite struct ContosoFixtureTests {
    static let modelPath = TestPaths.fixture("contoso/models/hr.bdcm").path
    static let csvPath = TestPaths.fixture("contoso/hr.csv").path

    @Test func hrModelDescribesTheEmployeeEntity() throws {
        let document = try BDCModelReader.read(path: Self.modelPath)
        #expect(document.diagnostics.isEmpty)
        #expect(document.name == "ContosoHR")
        #expect(document.lobSystems.map(\.type) == ["Database"])
        let entity = try #require(document.entity(named: "Employee"))
        #expect(entity.namespace == "Contoso.HR")
        #expect(entity.identifiers == [BDCIdentifier(name: "EmployeeID", typeName: "System.String")])
        #expect(entity.fields.map(CorpusBDCModelTests.describe) == [
            "EmployeeID System.String identifier=EmployeeID size=10 readOnly",
            "Department System.String size=64",
            "JobTitle System.String size=128",
            "CostCenter System.String size=16",
            "HireDate System.DateTime",
            "Skills System.String size=512",
            "ManagerEmployeeID System.String size=10",
            "OfficeLocation System.String size=64",
            "IsContractor System.Boolean",
        ])
    }

    @Test func everyHRRowTypesCleanly() throws {
        let entity = try #require(try BDCModelReader.read(path: Self.modelPath).entity(named: "Contoso.HR.Employee"))
        let text = try String(contentsOfFile: Self.csvPath, encoding: .utf8)
        let records = FixtureCSVLines.records(text)
        var log = DiagnosticLog(policy: .strict)
        var typer = try EntityRowTyper(entity: entity, header: records[0].fields, file: "hr.csv", headerLine: 1, log: &log)
        var rows: [TypedRow] = []
        for record in records.dropFirst() {
            rows.append(try #require(try typer.type(record.fields, line: record.line, log: &log)))
        }
        #expect(log.diagnostics.isEmpty)
        #expect(typer.typedRows == 14)
        let ids = rows.compactMap { $0.identity.first?.text }
        #expect(ids == (1001...1012).map { "E\($0)" } + ["C9001", "C9002"])

        let byID = Dictionary(uniqueKeysWithValues: rows.map { ($0.identity[0].text!, $0) })
        let fields = typer.fieldNames
        func value(_ id: String, _ field: String) -> TypedValue? {
            byID[id].map { $0.values[fields.firstIndex(of: field)!] }
        }
        #expect(value("E1002", "JobTitle") == .string("Director, Engineering"))
        #expect(value("E1003", "Department") == .string("Forschung & Entwicklung"))
        #expect(value("E1003", "OfficeLocation") == .string("München"))
        #expect(value("E1005", "HireDate") == .dateTime("2019-03-15"))
        #expect(value("E1010", "HireDate") == .dateTime("2021-03-01T09:00:00"))
        #expect(value("E1001", "ManagerEmployeeID") == .null)
        #expect(value("C9001", "IsContractor") == .boolean(true))
        #expect(value("E1001", "IsContractor") == .boolean(false))
        #expect(value("E1007", "Skills") == .string("French;German;CRM"))
    }
}
