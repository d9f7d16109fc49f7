import DelimitedText
import Foundation
import Testing
import TestSupport

/// Apache Commons CSV: the RFC 4180-compatible cases of expected.json and the
/// CSVFileParser control files.
@Suite struct CommonsCSVConformanceTests {
    static let base = "csv/apache-commons-csv/"

    /// Reads a whole corpus file as records (no header: commons returns every record).
    static func records(_ path: String) throws -> (reader: CSVReader, rows: [CSVRow]) {
        let reader = try CSVReader(path: Corpus.url(Self.base + path).path, options: CSVReaderOptions(hasHeader: false))
        var rows: [CSVRow] = []
        while let row = try reader.next() { rows.append(row) }
        return (reader, rows)
    }

    /// CSVFileParser control files: `n:[a, b]` per record (CSVRecord.toString).
    /// Blank lines are records `1:[]` for commons RFC4180 but skipped here
    /// (DESIGN §2.2), so they are left out of the comparison and counted. A
    /// quote after leading text (` " j "`) is literal for commons and an
    /// error here, so those records must come out as errors instead.
    @Test(.enabled(if: Corpus.enabled), arguments: ["test_rfc4180.txt", "test_default.txt"])
    func fileParserControlFile(_ control: String) throws {
        let text = String(decoding: try Corpus.data(Self.base + "CSVFileParser/" + control), as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let input = try #require(lines.first?.split(separator: " ").first.map(String.init))
        lines.removeFirst(2)
        var expected: [String] = []
        var blank = 0
        var strayQuote = 0
        for line in lines where !line.isEmpty && !line.hasPrefix("#") {
            if line == "1:[]" {
                blank += 1
            } else if line.contains("\"") {
                strayQuote += 1
            } else {
                expected.append(line)
            }
        }
        let (reader, rows) = try Self.records("CSVFileParser/" + input)
        let actual = rows.map { "\($0.fields.count):[\($0.fields.joined(separator: ", "))]" }
        #expect(actual == expected)
        #expect(strayQuote == 1)
        #expect(reader.diagnostics.errorCount == strayQuote)
        #expect(reader.statistics.blankLines == (control == "test_rfc4180.txt" ? blank : 3))
    }

    @Test(.enabled(if: Corpus.enabled)) func csv213SemicolonAllQuoted() throws {
        let reader = try CSVReader(path: Corpus.url(Self.base + "CSV-213/999751170.patch.csv").path)
        #expect(reader.delimiter == UInt8(ascii: ";"))
        #expect(reader.header == ["CHANELID", "ADDRESS"])
        #expect(try reader.next()?.fields == ["27", ""])
        #expect(try reader.next() == nil)
        #expect(reader.diagnostics.errorCount == 0)
    }

    @Test(.enabled(if: Corpus.enabled)) func bomIsStrippedFromTheFirstHeaderName() throws {
        let reader = try CSVReader(path: Corpus.url(Self.base + "CSVFileParser/bom.csv").path)
        #expect(reader.encoding == .utf8)
        #expect(reader.header.first == "Date")
        var rows = 0
        while let row = try reader.next() {
            #expect(!row.fields[0].isEmpty)
            rows += 1
        }
        #expect(rows > 0)
        #expect(reader.diagnostics.errorCount == 0)
    }

    /// CSV-196 checks byte positions of records (an API not offered here); the
    /// record count and clean multi-byte decoding are checked instead.
    @Test(.enabled(if: Corpus.enabled), arguments: [("CSV-196/japanese.csv", 3), ("CSV-196/emoji.csv", 4)])
    func multiByteUTF8(_ path: String, rows expectedRows: Int) throws {
        let reader = try CSVReader(path: Corpus.url(Self.base + path).path)
        var rows = 0
        while let row = try reader.next() {
            #expect(row.fields.count == reader.header.count)
            rows += 1
        }
        #expect(rows == expectedRows)
        #expect(reader.diagnostics.errorCount == 0)
    }

    /// POSTGRESQL_CSV distinguishes NULL (unquoted empty) from "" (quoted
    /// empty); CSV as read here has no NULL, so both are empty strings.
    @Test(.enabled(if: Corpus.enabled), arguments: ["CSV-254/csv-254.csv", "CSV-290/psql.csv"])
    func postgresqlCSVWithNullAsEmpty(_ path: String) throws {
        let json = try JSONSerialization.jsonObject(with: Corpus.data(Self.base + "expected.json")) as? [String: Any]
        let cases = try #require(json?["cases"] as? [String: Any])
        let entry = try #require(cases[path] as? [String: Any])
        let expected = try #require(entry["expected_records"] as? [[Any]]).map { record in
            record.map { $0 as? String ?? "" }
        }
        let (reader, rows) = try Self.records(path)
        #expect(rows.map(\.fields) == expected)
        #expect(reader.diagnostics.errorCount == 0)
    }

    /// CSV-141 is malformed: line 3 opens a quoted field that line 4's first
    /// quote closes, followed by text. Commons' EXCEL format guesses records
    /// from it; an RFC 4180 reader reports text after the closing quote.
    @Test(.enabled(if: Corpus.enabled)) func csv141MalformedIsReported() throws {
        let (reader, rows) = try Self.records("CSV-141/csv-141.csv")
        #expect(rows.count == 2)
        #expect(reader.diagnostics.diagnostics.map { $0.location?.line } == [4])
        #expect(reader.diagnostics.diagnostics.map { $0.location?.column } == [2])
    }

    /// Every expected file and case is either run above or skipped for a stated reason.
    @Test(.enabled(if: Corpus.enabled)) func everyCaseIsAccountedFor() throws {
        let skipped: [String: String] = [
            "CSVFileParser/test_rfc4180_trim.txt": "IgnoreSpaces (trimming) is not RFC 4180",
            "CSVFileParser/test_default_comment.txt": "CommentStart '#' comment lines",
            "CSVFileParser/testCSV85_default.txt": "comment lines",
            "CSVFileParser/testCSV85_ignoreEmpty.txt": "comment lines",
            "CSVFileParser/testCSV246_checkWithNoComment.txt": "comment lines",
            "CSV-290/psql.tsv": "POSTGRESQL_TEXT: backslash escapes and \\N, not RFC 4180",
            "csv-167/sample1.csv": "comment lines and backslash escape character",
        ]
        let ran: Set<String> = [
            "CSVFileParser/test_rfc4180.txt", "CSVFileParser/test_default.txt", "CSV-213/999751170.patch.csv",
            "CSVFileParser/bom.csv", "CSV-196/japanese.csv", "CSV-196/emoji.csv", "CSV-254/csv-254.csv",
            "CSV-290/psql.csv", "CSV-141/csv-141.csv",
        ]
        let json = try JSONSerialization.jsonObject(with: Corpus.data(Self.base + "expected.json")) as? [String: Any]
        let cases = try #require(json?["cases"] as? [String: Any])
        var all = Set(cases.keys)
        for entry in cases.values {
            for file in (entry as? [String: Any])?["expected_files"] as? [String] ?? [] { all.insert(file) }
        }
        all.subtract(["CSVFileParser/test.csv", "CSVFileParser/testCSV85.csv", "CSVFileParser/testCSV246.csv"])
        #expect(all == ran.union(skipped.keys))
        #expect(ran.count == 9 && skipped.count == 7)
    }
}
