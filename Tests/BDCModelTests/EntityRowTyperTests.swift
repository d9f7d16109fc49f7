import BDCModel
import DelimitedText
import Diagnostics
import Testing

@Suite struct EntityRowTyperTests {
    /// An entity with one field of every mapped type; `Code` is the identifier.
    static let entity = BDCEntity(
        model: "M", lobSystem: "L", lobSystemType: "Database", namespace: "N", name: "Item",
        identifiers: [BDCIdentifier(name: "Code", typeName: "System.String")],
        fields: [
            BDCField(name: "Code", typeName: "System.String", identifierName: "Code", size: 5),
            BDCField(name: "Small", typeName: "System.Int16"),
            BDCField(name: "Count", typeName: "System.Nullable`1[System.Int32]"),
            BDCField(name: "Big", typeName: "System.Int64"),
            BDCField(name: "Price", typeName: "System.Decimal"),
            BDCField(name: "Ratio", typeName: "System.Double"),
            BDCField(name: "Weight", typeName: "System.Single"),
            BDCField(name: "Active", typeName: "System.Boolean"),
            BDCField(name: "When", typeName: "System.DateTime"),
            BDCField(name: "Key", typeName: "System.Guid"),
            BDCField(name: "Blob", typeName: "System.Byte[]"),
            BDCField(name: "Grade", typeName: "System.Char"),
        ])

    static let header = ["code", "SMALL", "Count", "Big", "Price", "Ratio", "Weight", "Active", "When", "Key", "Blob", "Grade"]

    static func typer(_ log: inout DiagnosticLog) throws -> EntityRowTyper {
        try EntityRowTyper(entity: entity, header: header, file: "items.csv", headerLine: 1, log: &log)
    }

    @Test func typesEveryKindAndCanonicalizes() throws {
        var log = DiagnosticLog()
        var typer = try Self.typer(&log)
        #expect(typer.fieldNames == Self.entity.fields.map(\.name))
        let row = try #require(try typer.type(
            ["A1", "-32768", " +42 ", "9223372036854775807", "+0012.500", "1e3", "2.5", "YES",
             "2019-03-15T10:20:30.1200+02:00", "{0F8FAD5B-D9CB-469F-A165-70867728950E}", "0x00ff10", "x"],
            line: 2, log: &log))
        #expect(row.line == 2)
        #expect(row.values == [
            .string("A1"), .integer(-32768), .integer(42), .integer(Int64.max), .decimal("12.5"), .double(1000),
            .double(2.5), .boolean(true), .dateTime("2019-03-15T08:20:30.12Z"),
            .guid("0f8fad5b-d9cb-469f-a165-70867728950e"), .bytes([0x00, 0xFF, 0x10]), .string("x"),
        ])
        #expect(row.identity == [.string("A1")])
        #expect(row.values.map(\.text) == [
            "A1", "-32768", "42", "9223372036854775807", "12.5", "1000", "2.5", "true",
            "2019-03-15T08:20:30.12Z", "0f8fad5b-d9cb-469f-a165-70867728950e", "AP8Q", "x",
        ])
        #expect(log.diagnostics.isEmpty)
        #expect(typer.typedRows == 1)
    }

    @Test func appendTextsAddsEachFieldsCanonicalTextOrNothing() throws {
        var log = DiagnosticLog()
        var typer = try Self.typer(&log)
        var texts = PackedTexts()
        texts.append("before")
        let cells = ["A1", "", " +42 ", "", "+0012.500", "", "", "YES", "1/2/2019", "", "0x00ff10", ""]
        #expect(try typer.appendTexts(cells, line: 2, log: &log, to: &texts))
        #expect((0..<texts.count).map(texts.text(at:)) == [
            "before", "A1", nil, "42", nil, "12.5", nil, nil, "true", "2019-01-02", nil, "AP8Q", nil,
        ])
        // A bad value, a repeated identifier and a short row append nothing.
        var bad = cells
        bad[0] = "B1"
        bad[2] = "many"
        #expect(try !typer.appendTexts(bad, line: 3, log: &log, to: &texts))
        #expect(try !typer.appendTexts(cells, line: 4, log: &log, to: &texts))
        #expect(try !typer.appendTexts(["C1"], line: 5, log: &log, to: &texts))
        #expect(texts.count == 13)
        // The same rows typed whole give the same texts.
        var again = try Self.typer(&log)
        let row = try #require(try again.type(cells, line: 2, log: &log))
        #expect((1..<texts.count).map(texts.text(at:)) == row.values.map(\.text))
        #expect(typer.typedRows == 1)
        #expect(typer.skippedRows == 3)
        #expect(log.diagnostics.map(\.description) == [
            "items.csv:3:3: error: field 'Count' (System.Int32): 'many' is not a whole number",
            "items.csv:4:1: error: duplicate identifier Code=A1: line 2 has the same",
            "items.csv:2: note: first row with identifier Code=A1",
            "items.csv:5: error: the row has 1 value but the header has 12 columns",
        ])
    }

    @Test func emptyCellsAreNull() throws {
        var log = DiagnosticLog()
        var typer = try Self.typer(&log)
        let row = try #require(try typer.type(["B"] + Array(repeating: "", count: 11), line: 3, log: &log))
        #expect(row.values.dropFirst().allSatisfy { $0 == .null })
        #expect(TypedValue.null.text == nil)
    }

    @Test(arguments: [
        ("2019-03-15", "2019-03-15"),
        ("3/15/2019", "2019-03-15"),
        ("12/31/1999 11:59 PM", "1999-12-31T23:59:00"),
        ("1/1/2020 12:00:00 AM", "2020-01-01T00:00:00"),
        ("1/1/2020 12:30:15 pm", "2020-01-01T12:30:15"),
        ("7/4/2021 16:05", "2021-07-04T16:05:00"),
        ("2021-07-04 16:05:09", "2021-07-04T16:05:09"),
        ("2021-07-04T16:05:09Z", "2021-07-04T16:05:09Z"),
        ("2021-07-04T16:05:09.1234567890", "2021-07-04T16:05:09.1234567"),
        ("2021-07-04T16:05:09.000", "2021-07-04T16:05:09"),
        ("2021-01-01T01:30:00+0200", "2020-12-31T23:30:00Z"),
        ("2020-02-29T23:00:00-05:00", "2020-03-01T04:00:00Z"),
        ("2021-07-04T16:05", "2021-07-04T16:05:00"),
        ("0001-02-03T04:05:06.0500", "0001-02-03T04:05:06.05"),
        ("0999-10-09T00:00:00-00:01", "0999-10-09T00:01:00Z"),
        ("9999-12-31T23:59:59.9999999Z", "9999-12-31T23:59:59.9999999Z"),
    ])
    func datesBecomeISO8601(input: String, expected: String) throws {
        var log = DiagnosticLog()
        var typer = try Self.typer(&log)
        var cells = ["D"] + Array(repeating: "", count: 11)
        cells[8] = input
        let row = try #require(try typer.type(cells, line: 2, log: &log))
        #expect(row.values[8] == .dateTime(expected))
    }

    @Test(arguments: [
        (1, "70000", "field 'Small' (System.Int16): '70000' is out of range for System.Int16 (-32768 to 32767)"),
        (2, "12.0", "field 'Count' (System.Int32): '12.0' is not a whole number"),
        (3, "99999999999999999999", "field 'Big' (System.Int64): '99999999999999999999' is out of range for System.Int64 (-9223372036854775808 to 9223372036854775807)"),
        (4, "1,5", "field 'Price' (System.Decimal): '1,5' is not a decimal number (invariant, '.' as decimal point)"),
        (4, "1e5", "field 'Price' (System.Decimal): '1e5' is not a decimal number (invariant, '.' as decimal point)"),
        (5, "nan", "field 'Ratio' (System.Double): 'nan' is not a number"),
        (5, "1e", "field 'Ratio' (System.Double): '1e' is not a number"),
        (6, "1e39", "field 'Weight' (System.Single): '1e39' is out of range for System.Single"),
        (7, "maybe", "field 'Active' (System.Boolean): 'maybe' is not a boolean (true/false, 1/0, yes/no)"),
        (8, "2019-02-29", "field 'When' (System.DateTime): '2019-02-29' is not a date (ISO 8601 yyyy-MM-dd[THH:mm[:ss]][Z|±hh:mm], or M/d/yyyy [h:mm[:ss] [AM|PM]])"),
        (8, "13/1/2019", "field 'When' (System.DateTime): '13/1/2019' is not a date (ISO 8601 yyyy-MM-dd[THH:mm[:ss]][Z|±hh:mm], or M/d/yyyy [h:mm[:ss] [AM|PM]])"),
        (8, "1/1/2019 13:00 PM", "field 'When' (System.DateTime): '1/1/2019 13:00 PM' is not a date (ISO 8601 yyyy-MM-dd[THH:mm[:ss]][Z|±hh:mm], or M/d/yyyy [h:mm[:ss] [AM|PM]])"),
        (9, "0f8fad5b-d9cb-469f-a165-70867728950", "field 'Key' (System.Guid): '0f8fad5b-d9cb-469f-a165-70867728950' is not a GUID (32 hex digits, hyphens and braces optional)"),
        (10, "not base64!", "field 'Blob' (System.Byte[]): 'not base64!' is not base64 or 0x-prefixed hexadecimal bytes"),
    ])
    func badValuesAreLocatedAndSkipTheRow(column: Int, value: String, message: String) throws {
        var log = DiagnosticLog()
        var typer = try Self.typer(&log)
        var cells = ["E"] + Array(repeating: "", count: 11)
        cells[column] = value
        #expect(try typer.type(cells, line: 7, log: &log) == nil)
        #expect(log.diagnostics == [.error(message, at: SourceLocation(file: "items.csv", line: 7, column: column + 1))])
        #expect(typer.skippedRows == 1)
        #expect(typer.typedRows == 0)
    }

    @Test func strictModeThrowsTheFirstError() throws {
        var log = DiagnosticLog(policy: .strict)
        var typer = try Self.typer(&log)
        var cells = ["E"] + Array(repeating: "", count: 11)
        cells[1] = "x"
        cells[2] = "y"
        #expect(throws: Diagnostic.error("field 'Small' (System.Int16): 'x' is not a whole number", at: SourceLocation(file: "items.csv", line: 4, column: 2))) {
            _ = try typer.type(cells, line: 4, log: &log)
        }
    }

    @Test func byteColumnsFromTheReaderAreUsedWhenGiven() throws {
        var log = DiagnosticLog()
        var typer = try Self.typer(&log)
        var cells = ["E"] + Array(repeating: "", count: 11)
        cells[7] = "maybe"
        let columns = Array(stride(from: 1, through: 111, by: 10))
        _ = try typer.type(cells, line: 9, columns: columns, log: &log)
        #expect(log.diagnostics.first?.location == SourceLocation(file: "items.csv", line: 9, column: 71))
    }

    @Test func missingAndDuplicateIdentifiers() throws {
        var log = DiagnosticLog()
        var typer = try Self.typer(&log)
        let rest = Array(repeating: "", count: 11)
        #expect(try typer.type([""] + rest, line: 2, log: &log) == nil)
        #expect(try typer.type(["K1"] + rest, line: 3, log: &log) != nil)
        #expect(try typer.type(["K2"] + rest, line: 4, log: &log) != nil)
        #expect(try typer.type(["K1"] + rest, line: 5, log: &log) == nil)
        // A third row with the key still names the first, not the second.
        #expect(try typer.type(["K1"] + rest, line: 6, log: &log) == nil)
        #expect(log.diagnostics.map(\.description) == [
            "items.csv:2:1: error: identifier field 'Code' is empty; every row needs its identifier",
            "items.csv:5:1: error: duplicate identifier Code=K1: line 3 has the same",
            "items.csv:3: note: first row with identifier Code=K1",
            "items.csv:6:1: error: duplicate identifier Code=K1: line 3 has the same",
            "items.csv:3: note: first row with identifier Code=K1",
        ])
        #expect(log.errorCount == 3)
        #expect(typer.typedRows == 2)
        #expect(typer.skippedRows == 3)
    }

    @Test func overlongStringIsAWarningAndKept() throws {
        var log = DiagnosticLog(policy: .strict)
        var typer = try Self.typer(&log)
        let row = try typer.type(["ABCDEF"] + Array(repeating: "", count: 11), line: 2, log: &log)
        #expect(row?.values.first == .string("ABCDEF"))
        #expect(log.diagnostics.map(\.description) == ["items.csv:2:1: warning: field 'Code' is 6 characters long, more than its Size 5"])
    }

    @Test func raggedRowIsAnError() throws {
        var log = DiagnosticLog()
        var typer = try Self.typer(&log)
        #expect(try typer.type(["A", "1"], line: 6, log: &log) == nil)
        #expect(log.diagnostics.map(\.description) == ["items.csv:6: error: the row has 2 values but the header has 12 columns"])
    }

    @Test func headerMustNameEveryField() throws {
        var log = DiagnosticLog()
        let header = ["Code", "Small", "Extra"]
        #expect(throws: Diagnostic.error(
            "the header has no column for fields 'Count', 'Big', 'Price', 'Ratio', 'Weight', 'Active', 'When', 'Key', 'Blob', 'Grade' of entity 'Item'",
            at: SourceLocation(file: "items.csv", line: 1))) {
            _ = try EntityRowTyper(entity: Self.entity, header: header, file: "items.csv", headerLine: 1, log: &log)
        }
    }

    @Test func extraAndRepeatedColumnsAreWarnings() throws {
        var log = DiagnosticLog()
        let header = Self.header + ["Notes", "CODE"]
        var typer = try EntityRowTyper(entity: Self.entity, header: header, file: "items.csv", headerLine: 1, log: &log)
        #expect(log.diagnostics.map(\.description) == [
            "items.csv:1:14: warning: column 14 'CODE' repeats an earlier column's name; only the first is used",
            "items.csv:1:13: warning: column 'Notes' is not a field of entity 'Item'; it is ignored",
        ])
        let row = try typer.type(["first"] + Array(repeating: "", count: 11) + ["note", "second"], line: 2, log: &log)
        #expect(row?.identity == [TypedValue.string("first")])
    }

    @Test func compositeIdentityInIdentifierOrder() throws {
        let entity = BDCEntity(
            model: "M", lobSystem: "L", lobSystemType: "DotNetAssembly", namespace: "N", name: "Bike",
            identifiers: [BDCIdentifier(name: "Manufacturer", typeName: "System.String"), BDCIdentifier(name: "Model", typeName: "System.String")],
            fields: [
                BDCField(name: "Model", typeName: "System.String", identifierName: "Model"),
                BDCField(name: "Manufacturer", typeName: "System.String", identifierName: "Manufacturer"),
            ])
        var log = DiagnosticLog()
        var typer = try EntityRowTyper(entity: entity, header: ["Manufacturer", "Model"], file: "b.csv", headerLine: 1, log: &log)
        let row = try #require(try typer.type(["Trek", "Fuel"], line: 2, log: &log))
        #expect(row.values == [.string("Fuel"), .string("Trek")])
        #expect(row.identity == [.string("Trek"), .string("Fuel")])
        #expect(try typer.type(["Trek", "Marlin"], line: 3, log: &log) != nil)
        #expect(try typer.type(["Trek", "Fuel"], line: 4, log: &log) == nil)
        #expect(try typer.type(["Trek", "Fuel"], line: 5, log: &log) == nil)
        #expect(log.diagnostics.filter { $0.severity == .error }.map(\.description) == [
            "b.csv:4:1: error: duplicate identifier Manufacturer=Trek, Model=Fuel: line 2 has the same",
            "b.csv:5:1: error: duplicate identifier Manufacturer=Trek, Model=Fuel: line 2 has the same",
        ])
    }

    /// Rows typed from the reader's bytes give the texts, the skipped rows
    /// and the diagnostics that the same rows typed from strings give:
    /// quoted cells with doubled quotes and line breaks, non-ASCII text
    /// measured against a Size in UTF-16 units (an emoji is two), a bad
    /// value, a repeated and an empty identifier.
    @Test func bytesAndStringsTypeAlike() throws {
        let csv = #"""
            code,SMALL,Count,Big,Price,Ratio,Weight,Active,When,Key,Blob,Grade
            A1,1,2,3,4.5,6,7,true,2019-01-02,,,x
            "B""1",1,,3,,,,no,,,,"y, ""z"""
            Zoë,,,,,,,,,,,ü
            😀😀😀,,,,,,,,,,,"two
            lines"
            C1,many,,,,,,,,,,
            A1,,,,,,,,,,,
            ,,,,,,,,,,,
            D1,,,,,,,,,,,
            """#
        var bytesLog = DiagnosticLog()
        var fromBytes = try Self.typer(&bytesLog)
        var packed = PackedTexts()
        let reader = try CSVReader(bytes: Array(csv.utf8), name: "items.csv")
        var results: [Bool] = []
        while try reader.nextFields({ line, fields in
            results.append(try fromBytes.appendTexts(fields, line: line, log: &bytesLog, to: &packed))
        }) {}

        var stringsLog = DiagnosticLog()
        var fromStrings = try Self.typer(&stringsLog)
        var expected: [String?] = []
        let again = try CSVReader(bytes: Array(csv.utf8), name: "items.csv")
        var expectedResults: [Bool] = []
        while let row = try again.next() {
            let typed = try fromStrings.type(row.fields, line: row.line, log: &stringsLog)
            expectedResults.append(typed != nil)
            expected += typed?.values.map(\.text) ?? []
        }
        #expect(results == [true, true, true, true, false, false, false, true])
        #expect(results == expectedResults)
        #expect((0..<packed.count).map(packed.text(at:)) == expected)
        #expect(packed.text(at: 12) == "B\"1")
        #expect(packed.text(at: 23) == "y, \"z\"")
        #expect(packed.text(at: 47) == "two\nlines")
        #expect(fromBytes.skippedRows == 3)
        #expect(bytesLog.diagnostics.map(\.description) == stringsLog.diagnostics.map(\.description))
        #expect(bytesLog.diagnostics.map(\.description) == [
            "items.csv:5:1: warning: field 'Code' is 6 characters long, more than its Size 5",
            "items.csv:7:2: error: field 'Small' (System.Int16): 'many' is not a whole number",
            "items.csv:8:1: error: duplicate identifier Code=A1: line 2 has the same",
            "items.csv:2: note: first row with identifier Code=A1",
            "items.csv:9:1: error: identifier field 'Code' is empty; every row needs its identifier",
        ])
    }
}
