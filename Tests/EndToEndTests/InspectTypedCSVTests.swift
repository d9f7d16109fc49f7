import Foundation
import Testing
import TestSupport

/// `inspect FILE.csv --model M --entity E`: rows typed by a BDC entity.
@Suite struct InspectTypedCSVTests {
    @Test func fixtureRowsAreTypedByTheEmployeeEntity() throws {
        let result = try ProfileSyncTool.run([
            "inspect", TestPaths.fixture("contoso/hr.csv").path, "--model",
            TestPaths.fixture("contoso/models/hr.bdcm").path, "--entity", "Employee",
        ])
        #expect(result.status == 0, "\(result.stderrText)")
        let lines = result.stdoutText.split(separator: "\n")
        #expect(lines.count == 14)
        #expect(lines.first == #"{"line":2,"fields":{"EmployeeID":"E1001","Department":"Executive","JobTitle":"Chief Executive Officer","CostCenter":"CC-100","HireDate":"2009-04-01","Skills":"Strategy;Leadership","ManagerEmployeeID":null,"OfficeLocation":"Redmond","IsContractor":false}}"#)
        // M/d/yyyy is typed to ISO 8601.
        #expect(lines[4].contains(#""EmployeeID":"E1005""#) && lines[4].contains(#""HireDate":"2019-03-15""#))
    }

    @Test func badValuesAreLocatedAndStrictStops() throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let csv = folder.url.appendingPathComponent("hr.csv")
        var text = try String(contentsOf: TestPaths.fixture("contoso/hr.csv"), encoding: .utf8)
        text = text.replacingOccurrences(of: "E1002,Engineering,\"Director, Engineering\",CC-300,2011-09-12", with: "E1002,Engineering,\"Director, Engineering\",CC-300,someday")
        try text.write(to: csv, atomically: true, encoding: .utf8)
        let arguments = ["inspect", csv.path, "--model", TestPaths.fixture("contoso/models/hr.bdcm").path, "--entity", "Employee"]
        let lenient = try ProfileSyncTool.run(arguments + ["--summary"])
        #expect(lenient.status == 0)
        #expect(lenient.stderrText.contains("hr.csv:3:"))
        #expect(lenient.stderrText.contains("HireDate"))
        #expect(lenient.stdoutText.contains(#""rows":13,"skipped":1"#))
        let strict = try ProfileSyncTool.run(arguments + ["--strict"])
        #expect(strict.status == 1)
        #expect(strict.stdoutText.split(separator: "\n").count == 1)  // only the row before the bad one
    }

    @Test func unknownEntityIsAnError() throws {
        let result = try ProfileSyncTool.run([
            "inspect", TestPaths.fixture("contoso/hr.csv").path, "--model",
            TestPaths.fixture("contoso/models/hr.bdcm").path, "--entity", "Customer",
        ])
        #expect(result.status == 1)
        #expect(result.stderrText.contains("no entity 'Customer'"))
    }
}
