import DelimitedText
import Diagnostics
import Testing

/// Reads all rows of `text` (lenient unless told), for tests.
func readAll(
    _ text: String, _ options: CSVReaderOptions = .init(), name: String = "t.csv"
) throws -> (reader: CSVReader, rows: [CSVRow]) {
    try readAll(bytes: Array(text.utf8), options, name: name)
}

func readAll(
    bytes: [UInt8], _ options: CSVReaderOptions = .init(), name: String = "t.csv"
) throws -> (reader: CSVReader, rows: [CSVRow]) {
    let reader = try CSVReader(bytes: bytes, name: name, options: options)
    var rows: [CSVRow] = []
    while let row = try reader.next() { rows.append(row) }
    return (reader, rows)
}

@Suite struct CSVReaderTests {
    @Test func headerAndRowsWithLines() throws {
        let (reader, rows) = try readAll("id,name\r\n1,Jo\r\n\r\n2,\"Smith, Al\"\r\n")
        #expect(reader.header == ["id", "name"])
        #expect(reader.headerLine == 1)
        #expect(rows == [CSVRow(line: 2, fields: ["1", "Jo"]), CSVRow(line: 4, fields: ["2", "Smith, Al"])])
        #expect(reader.statistics.blankLines == 1)
        #expect(reader.statistics.rows == 2)
        #expect(reader.diagnostics.errorCount == 0)
    }

    @Test func quotedFieldsWithLineBreaksMoveTheNextRowsLine() throws {
        let text = "a,b\n\"x\ny\",\"1\r\n2\"\n\"p\rq\",\"say \"\"hi\"\"\"\nlast,row"
        let (_, rows) = try readAll(text)
        #expect(rows == [
            CSVRow(line: 2, fields: ["x\ny", "1\r\n2"]),
            CSVRow(line: 5, fields: ["p\rq", "say \"hi\""]),
            CSVRow(line: 7, fields: ["last", "row"]),
        ])
    }

    @Test func loneCRAndMixedLineEnds() throws {
        let (_, rows) = try readAll("a,b\r1,2\r\n3,4\n5,6\r")
        #expect(rows.map(\.fields) == [["1", "2"], ["3", "4"], ["5", "6"]])
        #expect(rows.map(\.line) == [2, 3, 4])
    }

    @Test(arguments: [(",", UInt8(ascii: ",")), (";", UInt8(ascii: ";")), ("\t", 0x09), ("|", UInt8(ascii: "|"))])
    func delimiterIsDetectedFromTheHeader(separator: String, byte: UInt8) throws {
        let text = ["\"a\(separator == "," ? ";" : ",")x\"", "b", "c"].joined(separator: separator) + "\n1" + separator + "2" + separator + "3\n"
        let (reader, rows) = try readAll(text)
        #expect(reader.delimiter == byte)
        #expect(reader.header.count == 3)
        #expect(rows.first?.fields == ["1", "2", "3"])
    }

    @Test func detectionIgnoresSeparatorsInsideQuotes() throws {
        let (reader, _) = try readAll("\"Last, First\";\"City, State\";Id\n")
        #expect(reader.delimiter == UInt8(ascii: ";"))
        #expect(reader.header == ["Last, First", "City, State", "Id"])
    }

    @Test func explicitDelimiterWins() throws {
        let (reader, rows) = try readAll("a;b,c\n1;2,3\n", CSVReaderOptions(delimiter: .byte(UInt8(ascii: ","))))
        #expect(reader.header == ["a;b", "c"])
        #expect(rows.first?.fields == ["1;2", "3"])
    }

    @Test func delimiterChoiceParsesConfigurationSpellings() {
        #expect(DelimiterChoice("auto") == .auto)
        #expect(DelimiterChoice(",") == .byte(0x2C))
        #expect(DelimiterChoice(";") == .byte(0x3B))
        #expect(DelimiterChoice("\\t") == .byte(0x09))
        #expect(DelimiterChoice("\t") == .byte(0x09))
        #expect(DelimiterChoice("|") == .byte(0x7C))
        #expect(DelimiterChoice("\"") == nil)
        #expect(DelimiterChoice(",,") == nil)
        #expect(TextEncoding(name: "UTF-8") == .utf8)
        #expect(TextEncoding(name: "cp1252") == .windows1252)
        #expect(TextEncoding(name: "ebcdic") == nil)
    }

    @Test func raggedRowsAreSkippedAndLocatedInLenientMode() throws {
        let (reader, rows) = try readAll("a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n")
        #expect(rows.map(\.line) == [2, 5])
        #expect(reader.statistics.skipped == 2)
        #expect(reader.diagnostics.diagnostics.map(\.description) == [
            "t.csv:3:4: error: row has 2 fields but the header has 3",
            "t.csv:4:7: error: row has 4 fields but the header has 3; this field is extra",
        ])
    }

    @Test func strictModeThrowsTheFirstError() throws {
        let reader = try CSVReader(
            bytes: Array("a,b\n1,2\n3\n4,5\n".utf8), name: "hr.csv", options: CSVReaderOptions(policy: .strict))
        #expect(try reader.next()?.fields == ["1", "2"])
        let error = #expect(throws: Diagnostic.self) { try reader.next() }
        #expect(error?.location == SourceLocation(file: "hr.csv", line: 3, column: 2))
    }

    @Test func strayQuotesAreLocated() throws {
        let (reader, rows) = try readAll("a,b\nx,ab\"c\n\"q\"z,1\n\"ok\",\"fine\"\n")
        #expect(rows == [CSVRow(line: 4, fields: ["ok", "fine"])])
        let located = reader.diagnostics.diagnostics.map { ($0.location!.line, $0.location!.column!) }
        #expect(located.map(\.0) == [2, 3])
        #expect(located.map(\.1) == [5, 4])
    }

    @Test func unterminatedQuoteNamesTheLineWhereTheFieldStarted() throws {
        let (reader, rows) = try readAll("a,b\n1,2\n3,\"open\nmore\nlines\n")
        #expect(rows.count == 1)
        let diagnostic = try #require(reader.diagnostics.diagnostics.first)
        #expect(diagnostic.location == SourceLocation(file: "t.csv", line: 3, column: 3))
        #expect(diagnostic.message.contains("not closed"))
    }

    @Test func emptyFileIsAnError() throws {
        #expect(throws: Diagnostic.self) { try CSVReader(bytes: [], name: "e.csv") }
        #expect(throws: Diagnostic.self) { try CSVReader(bytes: Array("\n\r\n".utf8), name: "e.csv") }
        #expect(throws: Diagnostic.self) { try CSVReader(bytes: [0xEF, 0xBB, 0xBF], name: "e.csv") }
    }

    @Test func headerOnlyFileHasNoRows() throws {
        let (reader, rows) = try readAll("a,b,c")
        #expect(reader.header == ["a", "b", "c"])
        #expect(rows.isEmpty)
    }

    @Test func brokenHeaderThrowsEvenWhenLenient() throws {
        #expect(throws: Diagnostic.self) { try CSVReader(bytes: Array("a,\"b\"x,c\n".utf8), name: "h.csv") }
    }

    @Test func duplicateColumnNamesWarn() throws {
        let (reader, _) = try readAll("id,name,id\n")
        #expect(reader.diagnostics.warningCount == 1)
        #expect(reader.diagnostics.errorCount == 0)
    }

    @Test func invalidUTF8UnderAutoSuggestsWindows1252() throws {
        let bytes = Array("name,city\nJos".utf8) + [0xE9] + Array(",Paris\nAl,Rome\n".utf8)
        let (reader, rows) = try readAll(bytes: bytes)
        #expect(rows.map(\.fields) == [["Al", "Rome"]])
        let diagnostic = try #require(reader.diagnostics.diagnostics.first)
        #expect(diagnostic.location == SourceLocation(file: "t.csv", line: 2, column: 4))
        #expect(diagnostic.message.contains("windows-1252"))
    }

    @Test func windows1252WhenTold() throws {
        let bytes = Array("name,note\nJos".utf8) + [0xE9] + Array(",".utf8) + [0x93, 0x80, 0x94] + [0x0A]
        let (reader, rows) = try readAll(bytes: bytes, CSVReaderOptions(encoding: .windows1252))
        #expect(reader.encoding == .windows1252)
        #expect(rows.first?.fields == ["José", "“€”"])
    }

    @Test func headerlessReadingReturnsEveryRecord() throws {
        let (reader, rows) = try readAll("1,2\n3\n", CSVReaderOptions(hasHeader: false))
        #expect(reader.header.isEmpty)
        #expect(rows == [CSVRow(line: 1, fields: ["1", "2"]), CSVRow(line: 2, fields: ["3"])])
    }

    @Test func skipRowChecksLikeNext() throws {
        let text = "a,b\n1,2\n3\n\"x\"y,1\n4,5\n"
        let reader = try CSVReader(bytes: Array(text.utf8), name: "t.csv")
        var lines: [Int] = []
        while let line = try reader.skipRow() { lines.append(line) }
        let (other, rows) = try readAll(text)
        #expect(lines == rows.map(\.line))
        #expect(reader.statistics == other.statistics)
        #expect(reader.diagnostics.diagnostics == other.diagnostics.diagnostics)
    }

    /// Every chunk size from tiny to larger than the input must give the same
    /// rows: records, quotes, CRLF pairs and UTF-8 sequences split anywhere.
    @Test func chunkBoundariesDoNotChangeTheResult() throws {
        let text = "id,näme,note\r\n1,\"Zoë\",\"a \"\"quoted\"\"\r\nvalue\"\r\n\r\n2,😀,\"x,y\"\r3,,\"\"\n4,a,b"
        let expected = try readAll(text).rows
        #expect(expected.count == 4)
        for size in 16...64 {
            let rows = try readAll(text, CSVReaderOptions(chunkSize: size)).rows
            #expect(rows == expected, "chunk size \(size)")
        }
    }

    @Test func readsFromAFileInChunks() throws {
        let directory = try TemporaryFiles()
        defer { directory.cleanup() }
        var text = "id,value\n"
        for index in 0..<5000 { text += "\(index),\"v \(index)\nnext\"\n" }
        let path = try directory.write("big.csv", Array(text.utf8))
        let reader = try CSVReader(path: path, options: CSVReaderOptions(chunkSize: 1000))
        var count = 0
        var lastLine = 0
        while let row = try reader.next() {
            #expect(row.fields[1] == "v \(count)\nnext")
            count += 1
            lastLine = row.line
        }
        #expect(count == 5000)
        #expect(lastLine == 2 + 2 * 4999)
        #expect(reader.statistics.bytes == text.utf8.count)
    }

    @Test func missingFileIsADiagnostic() {
        let error = #expect(throws: Diagnostic.self) { try CSVReader(path: "/nonexistent/hr.csv") }
        #expect(error?.description.contains("/nonexistent/hr.csv") == true)
    }

    /// After each row, `bytesConsumed` is where the next row starts in the
    /// file (byte-order mark, quoted line breaks, doubled quotes and blank
    /// lines included), however the file falls into chunks.
    @Test(arguments: [16, 17, 1 << 20])
    func bytesConsumedIsWhereTheNextRowStarts(chunkSize: Int) throws {
        let rows = ["a,b\r\n", "1,\"x\r\ny\"\r\n", "\r\n22,3\n", "333,\"q\"\"\"\n", "\n4,5"]
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(rows.joined().utf8)
        let reader = try CSVReader(bytes: bytes, name: "t.csv", options: CSVReaderOptions(chunkSize: chunkSize))
        var ends: [Int] = []
        var offset = 3
        for row in rows {
            offset += row.utf8.count
            ends.append(offset)
        }
        #expect(reader.bytesConsumed == ends[0])
        var seen: [Int] = []
        while try reader.nextFields({ _, _ in }) { seen.append(reader.bytesConsumed) }
        #expect(seen == Array(ends.dropFirst()))
    }
}
