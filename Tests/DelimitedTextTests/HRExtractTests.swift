import DelimitedText
import Diagnostics
import Testing
import TestSupport

/// The real HR extracts read with the right shape. The counts were taken with
/// Python's csv module (an independent reader).
///
/// Two lines are malformed, both in oracle-hr-schema/locations.csv: line 17
/// `2500,""Magdalen Centre",...` and line 24 `...,""Distrito Federal",""""`.
/// In each, `""` at the start of a field opens a quoted field and closes it at
/// once, and text follows the closing quote. Python's non-strict reader
/// guesses (`Magdalen Centre"`); RFC 4180 makes both errors, so those rows are
/// reported and skipped (21 rows, not 23).
@Suite struct HRExtractTests {
    static let shapes: [String: (columns: Int, rows: Int)] = [
        "iam-portfolio/employees.csv": (12, 50),
        "northwind/employees.csv": (18, 9),
        "oracle-hr-schema/departments.csv": (4, 27),
        "oracle-hr-schema/employees.csv": (11, 107),
        "oracle-hr-schema/job_history.csv": (5, 11),
        "oracle-hr-schema/jobs.csv": (4, 19),
        "oracle-hr-schema/locations.csv": (6, 21),
        "oracle-hr-schema/regions.csv": (2, 4),
    ]

    @Test(.enabled(if: Corpus.enabled)) func everyExtractReadsCleanly() throws {
        let files = try Corpus.files(under: "csv/hr", extensions: ["csv"])
        #expect(files.count == Self.shapes.count)
        for file in files {
            let key = file.pathComponents.suffix(2).joined(separator: "/")
            let shape = try #require(Self.shapes[key], "unexpected extract \(key)")
            let reader = try CSVReader(path: file.path)
            var rows = 0
            while let row = try reader.next() {
                #expect(row.fields.count == shape.columns)
                rows += 1
            }
            #expect(reader.header.count == shape.columns, "\(key)")
            #expect(rows == shape.rows, "\(key)")
            let expectedErrors = key == "oracle-hr-schema/locations.csv" ? [
                SourceLocation(file: file.path, line: 17, column: 8), SourceLocation(file: file.path, line: 24, column: 52),
            ] : []
            #expect(reader.diagnostics.diagnostics.map(\.location) == expectedErrors, "\(key)")
        }
    }

    @Test(.enabled(if: Corpus.enabled)) func northwindKeepsQuotedCommasAndLiteralBackslashes() throws {
        let reader = try CSVReader(path: Corpus.url("csv/hr/northwind/employees.csv").path)
        _ = try reader.next()
        let fuller = try #require(try reader.next())
        #expect(fuller.fields[3] == "Vice President, Sales")
        #expect(fuller.fields[14] == "\\x")
    }
}
