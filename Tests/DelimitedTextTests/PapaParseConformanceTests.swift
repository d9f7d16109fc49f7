import DelimitedText
import Diagnostics
import Foundation
import Testing
import TestSupport

/// PapaParse's parser vectors (tests/test-cases.js) whose configuration an
/// RFC 4180 reader can honour, plus its sample files.
@Suite struct PapaParseConformanceTests {
    /// Configuration keys with no RFC 4180 equivalent: a vector using one is
    /// skipped under that key's name.
    static let unsupportedKeys: Set<String> = [
        "comments", "dynamicTyping", "preview", "skipFirstNLines", "quoteChar", "escapeChar", "fastMode",
        "newline", "transform", "step", "chunk",
    ]

    /// Inputs PapaParse accepts silently that RFC 4180 (and DESIGN §2.2) make
    /// an error: text between a closing quote and the delimiter, or a quote
    /// inside an unquoted field. Each must give an error here.
    static let tolerated: Set<String> = [
        "Quoted fields with spaces between closing quote and next delimiter",
        "Quoted fields with spaces between closing quote and next new line",
        "Quoted fields with spaces after closing quote",
        "Misplaced quotes in data, not as opening quotes",
        "Quoted field has invalid trailing quote after delimiter with a valid closer",
        "Unquoted field with quotes at end of field",
        "Misplaced quotes in data twice, not as opening quotes",
        "Quoted fields with spaces between closing quote and next delimiter and contains delimiter",
        "Quoted fields with spaces between closing quote and newline and contains newline",
        "Quoted field with whitespace around quotes",
    ]

    struct Outcome {
        var rows: [[String]]
        var header: [String]
        var errors: Int
        var delimiter: UInt8
    }

    static func parse(_ input: String, delimiter: DelimiterChoice, header: Bool) throws -> Outcome {
        let reader = try CSVReader(
            bytes: Array(input.utf8), name: "vector", options: CSVReaderOptions(delimiter: delimiter, hasHeader: header))
        var rows: [[String]] = []
        while let row = try reader.next() { rows.append(row.fields) }
        return Outcome(rows: rows, header: reader.header, errors: reader.diagnostics.errorCount, delimiter: reader.delimiter)
    }

    @Test(.enabled(if: Corpus.enabled)) func parserVectors() throws {
        let json = try JSONSerialization.jsonObject(with: Corpus.data("csv/papaparse/papaparse-test-vectors.json"))
        let groups = try #require(json as? [String: Any])
        var tally = VectorTally()
        var toleratedSeen = 0
        for group in ["CORE_PARSER_TESTS", "PARSE_TESTS"] {
            for case let vector as [String: Any] in groups[group] as? [Any] ?? [] {
                let description = vector["description"] as? String ?? "?"
                let config = vector["config"] as? [String: Any] ?? [:]
                let expected = vector["expected"] as? [String: Any] ?? [:]
                if let key = config.keys.sorted().first(where: Self.unsupportedKeys.contains) {
                    tally.skip("config \(key)")
                    continue
                }
                if let skipEmpty = config["skipEmptyLines"], skipEmpty as? Bool != true {
                    // 'greedy' also drops rows of whitespace and delimiters only.
                    tally.skip("config skipEmptyLines greedy")
                    continue
                }
                if description == "Mixed slash n and slash r should choose first as precident" {
                    // PapaParse picks one line-break style per file, so a lone CR in an
                    // LF file is data; here LF, CRLF and lone CR all end a row.
                    let outcome = try Self.parse(vector["input"] as? String ?? "", delimiter: .auto, header: false)
                    #expect(outcome.rows == [["a", "b", "c"], ["d", "e", "f"], ["g", "h", "i"]])
                    tally.skip("lone CR in an LF file ends a row here")
                    continue
                }
                guard let input = vector["input"] as? String else {
                    tally.skip("non-string input")
                    continue
                }
                var delimiter = DelimiterChoice.auto
                if let given = config["delimiter"] {
                    guard let text = given as? String, let choice = DelimiterChoice(text), text.utf8.count == 1 else {
                        tally.skip("delimiter not a single ASCII character")
                        continue
                    }
                    delimiter = choice
                }
                if input.isEmpty {
                    // An empty file has no header row: an error here, no rows for PapaParse.
                    #expect(throws: Diagnostic.self) { try Self.parse(input, delimiter: delimiter, header: true) }
                    tally.skip("empty input (no header row is an error here)")
                    continue
                }
                let header = config["header"] as? Bool ?? false
                let expectedErrors = (expected["errors"] as? [[String: Any]] ?? []).filter {
                    // One-column input: PapaParse warns it could not guess; comma is used here.
                    $0["code"] as? String != "UndetectableDelimiter"
                }
                let outcome = try Self.parse(input, delimiter: delimiter, header: header)
                if Set(outcome.header).count != outcome.header.count {
                    tally.skip("duplicate header names (PapaParse renames them A_1)")
                    continue
                }
                tally.run()
                if Self.tolerated.contains(description) {
                    toleratedSeen += 1
                    #expect(expectedErrors.isEmpty || outcome.errors > 0, "\(description)")
                    #expect(outcome.errors > 0, "\(description): RFC 4180 error expected")
                    continue
                }
                if !expectedErrors.isEmpty {
                    // PapaParse keeps malformed rows; here they are reported and skipped.
                    #expect(outcome.errors > 0, "\(description): expected \(expectedErrors)")
                    continue
                }
                #expect(outcome.errors == 0, "\(description)")
                // PapaParse returns an empty line (a trailing newline too) as [""];
                // blank lines are skipped here (DESIGN §2.2), so [""] is left out on both sides.
                let isBlank: ([String]) -> Bool = { $0 == [""] }
                if header {
                    let objects = expected["data"] as? [[String: String]] ?? []
                    let actual = outcome.rows.map { Dictionary(uniqueKeysWithValues: zip(outcome.header, $0)) }
                    #expect(actual == objects.filter { !$0.isEmpty && $0 != ["": ""] }, "\(description)")
                } else {
                    let rows = (expected["data"] as? [[String]] ?? []).filter { !isBlank($0) }
                    #expect(outcome.rows.filter { !isBlank($0) } == rows, "\(description)")
                }
                if let meta = expected["meta"] as? [String: Any], let delimiter = meta["delimiter"] as? String {
                    #expect(String(UnicodeScalar(outcome.delimiter)) == delimiter, "\(description): delimiter")
                }
            }
        }
        print("PapaParse vectors:", tally)
        #expect(tally.ran == 89, "\(tally)")
        #expect(toleratedSeen == Self.tolerated.count)
        #expect(tally.skipped == [
            "config comments": 16, "config dynamicTyping": 9, "config escapeChar": 3, "config fastMode": 3,
            "config newline": 5, "config preview": 7, "config quoteChar": 3, "config skipEmptyLines greedy": 2,
            "config skipFirstNLines": 4, "delimiter not a single ASCII character": 3,
            "duplicate header names (PapaParse renames them A_1)": 3,
            "empty input (no header row is an error here)": 3, "lone CR in an LF file ends a row here": 1,
        ], "\(tally)")
    }

    @Test(.enabled(if: Corpus.enabled)) func sampleFiles() throws {
        let long = try CSVReader(path: Corpus.url("csv/papaparse/long-sample.csv").path, options: CSVReaderOptions(hasHeader: false))
        var rows: [[String]] = []
        while let row = try long.next() { rows.append(row.fields) }
        #expect(rows.count == 8)
        #expect(rows.first == ["Grant", "Dyer", "Donec.elementum@orciluctuset.example", "2013-11-23T02:30:31-08:00",
            "2014-05-31T01:06:56-07:00", "Magna Ut Associates", "ljenkins"])
        #expect(rows.last == ["Talon", "Salinas", "posuere.vulputate.lacus@Donecsollicitudin.example",
            "2015-01-31T09:19:02-08:00", "2014-12-17T04:59:18-08:00", "Aliquam Iaculis Incorporate",
            "Phasellus@Quisquetincidunt.example"])
        #expect(long.delimiter == UInt8(ascii: ","))
        #expect(long.statistics.bytes == 1209)

        let withHeader = try CSVReader(path: Corpus.url("csv/papaparse/sample-header.csv").path)
        var objects: [[String: String]] = []
        while let row = try withHeader.next() { objects.append(Dictionary(uniqueKeysWithValues: zip(withHeader.header, row.fields))) }
        #expect(objects.prefix(2) == [["title": "test title 01", "name": "test name 01"], ["title": "", "name": "test name 02"]])

        let bom = try CSVReader(path: Corpus.url("csv/papaparse/utf-8-bom-sample.csv").path)
        #expect(bom.header == ["A", "B", "C"])
        #expect(try bom.next()?.fields == ["X", "Y", "Z"])

        let sample = try CSVReader(path: Corpus.url("csv/papaparse/sample.csv").path, options: CSVReaderOptions(hasHeader: false))
        #expect(try sample.next()?.fields == ["A", "B", "C"])
        #expect(try sample.next()?.fields == ["X", "Y", "Z"])
        #expect(try sample.next() == nil)
        for reader in [long, withHeader, bom, sample] { #expect(reader.diagnostics.errorCount == 0) }
    }
}
