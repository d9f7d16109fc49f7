import DelimitedText
import Testing

@Suite struct CSVWriterTests {
    @Test func quotesOnlyWhenNeeded() {
        var writer = CSVWriter()
        writer.writeRow(["plain", "a,b", "say \"hi\"", "two\nlines", " lead", "trail ", "", "cr\r"])
        #expect(String(decoding: writer.bytes, as: UTF8.self)
            == "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\" lead\",\"trail \",,\"cr\r\"\r\n")
    }

    @Test func lineEndingAndDelimiterOptions() {
        var writer = CSVWriter(delimiter: UInt8(ascii: ";"), lineEnding: .lf)
        writer.writeRow(["a;b", "c,d"])
        writer.writeRow([""])
        #expect(String(decoding: writer.takeBytes(), as: UTF8.self) == "\"a;b\";c,d\n\"\"\n")
        #expect(writer.bytes.isEmpty)
    }

    @Test func neutralizeFormulasPrefixesAQuoteMark() {
        var writer = CSVWriter(neutralizeFormulas: true)
        writer.writeRow(["=1+1", "+33 1", "-2", "@SUM(A1)", "\tx", "safe", "a=b"])
        #expect(String(decoding: writer.bytes, as: UTF8.self) == "'=1+1,'+33 1,'-2,'@SUM(A1),'\tx,safe,a=b\r\n")
        var plain = CSVWriter()
        plain.writeRow(["=1+1"])
        #expect(String(decoding: plain.bytes, as: UTF8.self) == "=1+1\r\n")
    }

    @Test func writtenTextReadsBackToTheSameRows() throws {
        let rows: [[String]] = [
            ["id", "name", "note"], ["1", "Smith, Jo", "line1\r\nline2"], ["2", "", "\"quoted\""],
            ["3", " spaced ", "ümlaut 😀"],
        ]
        for delimiter in DelimiterChoice.candidates {
            var writer = CSVWriter(delimiter: delimiter)
            for row in rows { writer.writeRow(row) }
            let (reader, read) = try readAll(bytes: writer.bytes)
            #expect(reader.delimiter == delimiter)
            #expect([reader.header] + read.map(\.fields) == rows)
        }
    }
}
