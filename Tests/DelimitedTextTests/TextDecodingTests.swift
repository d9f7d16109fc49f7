import DelimitedText
import Testing

/// UTF-16 bytes of `text` with a byte-order mark.
func utf16Bytes(_ text: String, bigEndian: Bool) -> [UInt8] {
    var bytes: [UInt8] = bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]
    for unit in text.utf16 {
        let high = UInt8(unit >> 8)
        let low = UInt8(unit & 0xFF)
        bytes += bigEndian ? [high, low] : [low, high]
    }
    return bytes
}

@Suite struct TextDecodingTests {
    static let sample = "Name\tCity\tNote\r\nZoë\tKøbenhavn\t\"😀 emoji\r\nline\"\r\nJo\tΑθήνα\t𝄞\r\n"

    @Test(arguments: [false, true])
    func utf16WithBOMIsDetectedAndTranscoded(bigEndian: Bool) throws {
        let expected = try readAll(Self.sample).rows
        #expect(expected.count == 2)
        // Odd and tiny chunk sizes split code units and surrogate pairs.
        for size in [16, 17, 18, 19, 23, 1 << 20] {
            let (reader, rows) = try readAll(
                bytes: utf16Bytes(Self.sample, bigEndian: bigEndian), CSVReaderOptions(chunkSize: size))
            #expect(reader.encoding == (bigEndian ? .utf16be : .utf16le))
            #expect(reader.delimiter == 0x09)
            #expect(reader.header == ["Name", "City", "Note"])
            #expect(rows == expected, "chunk size \(size)")
            #expect(reader.diagnostics.warningCount == 0)
        }
    }

    @Test func utf8BOMIsStripped() throws {
        let (reader, rows) = try readAll(bytes: [0xEF, 0xBB, 0xBF] + Array("Date,Open\n1,2\n".utf8))
        #expect(reader.encoding == .utf8)
        #expect(reader.header == ["Date", "Open"])
        #expect(rows.count == 1)
    }

    @Test func unpairedSurrogateBecomesReplacementWithAWarning() throws {
        // "a\n" then a lone high surrogate, then "b\n"
        let bytes: [UInt8] = [0xFF, 0xFE, 0x61, 0, 0x0A, 0, 0x00, 0xD8, 0x62, 0, 0x0A, 0]
        let (reader, rows) = try readAll(bytes: bytes)
        #expect(rows.map(\.fields) == [["\u{FFFD}b"]])
        #expect(reader.diagnostics.warningCount == 1)
    }

    @Test func bomContradictingTheGivenEncodingWinsWithAWarning() throws {
        let (reader, rows) = try readAll(
            bytes: utf16Bytes("a,b\n1,2\n", bigEndian: false), CSVReaderOptions(encoding: .windows1252))
        #expect(reader.encoding == .utf16le)
        #expect(rows.map(\.fields) == [["1", "2"]])
        #expect(reader.diagnostics.warningCount == 1)
    }

    @Test func windows1252CoversEveryByte() throws {
        let bytes = Array("v\n".utf8) + (0x20...0xFF).filter { $0 != 0x22 && $0 != 0x2C }.map { UInt8($0) } + [0x0A]
        let (_, rows) = try readAll(bytes: bytes, CSVReaderOptions(encoding: .windows1252))
        let value = try #require(rows.first?.fields.first)
        #expect(value.unicodeScalars.count == 0xFF - 0x20 + 1 - 2)
        #expect(value.contains("€"))
        #expect(value.contains("ÿ"))
        #expect(value.contains("\u{81}"))
    }
}
