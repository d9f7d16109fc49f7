import DelimitedText
import Foundation
import Testing
import TestSupport

/// CPython's csv module read and write vectors, default dialect only.
@Suite struct CPythonCSVConformanceTests {
    /// Dialect options with no RFC 4180 equivalent.
    static let unsupportedKeys: Set<String> = [
        "escapechar", "quotechar", "quoting", "skipinitialspace", "doublequote", "lineterminator",
    ]

    /// Python's non-strict reader accepts these silently (an unclosed quote at
    /// the end, text after a closing quote); RFC 4180 makes them errors, so
    /// each must give an error here.
    static let lenientInPython: Set<String> = ["[\"a,\\\"\"]", "[\"\\\"a\"]"]

    @Test(.enabled(if: Corpus.enabled)) func readVectors() throws {
        let json = try JSONSerialization.jsonObject(with: Corpus.data("csv/cpython-test_csv/csv-module-test-vectors.json"))
        let vectors = try #require((json as? [String: Any])?["read"] as? [[String: Any]])
        var tally = VectorTally()
        for vector in vectors {
            let kwargs = vector["kwargs"] as? [String: Any] ?? [:]
            if let key = kwargs.keys.sorted().first(where: Self.unsupportedKeys.contains) {
                tally.skip("dialect \(key)")
                continue
            }
            guard let lines = vector["input"] as? [String] else {
                tally.skip("bytes input (Python API type check)")
                continue
            }
            if lines.count <= 1, let only = lines.first, only.unicodeScalars.dropLast().contains(where: { $0 == "\n" || $0 == "\r" }) {
                tally.skip("line break inside one iterator item (Python line-iterator API)")
                continue
            }
            var delimiter = DelimiterChoice.byte(UInt8(ascii: ","))
            if let given = kwargs["delimiter"] as? String {
                guard let choice = DelimiterChoice(given) else {
                    tally.skip("delimiter")
                    continue
                }
                delimiter = choice
            }
            let input = lines.joined()
            let key = String(decoding: try JSONSerialization.data(withJSONObject: lines), as: UTF8.self)
            if input.isEmpty {
                tally.skip("empty input (no rows; header required here)")
                continue
            }
            tally.run()
            let reader = try CSVReader(
                bytes: Array(input.utf8), name: "vector", options: CSVReaderOptions(delimiter: delimiter, hasHeader: false))
            var rows: [[String]] = []
            while let row = try reader.next() { rows.append(row.fields) }
            if vector["expected_error"] != nil || Self.lenientInPython.contains(key) {
                #expect(reader.diagnostics.errorCount > 0, "\(key) \(kwargs)")
            } else {
                let expected = (vector["expected"] as? [[Any]] ?? []).map { $0.map { $0 as? String ?? "\($0)" } }
                #expect(rows == expected, "\(key) \(kwargs)")
                #expect(reader.diagnostics.errorCount == 0, "\(key) \(kwargs)")
            }
        }
        print("CPython read vectors:", tally)
        #expect(tally.ran == 17, "\(tally)")
        #expect(tally.skipped == [
            "bytes input (Python API type check)": 1, "dialect doublequote": 1, "dialect escapechar": 14,
            "dialect quotechar": 2, "dialect quoting": 2, "dialect skipinitialspace": 1,
            "empty input (no rows; header required here)": 2,
            "line break inside one iterator item (Python line-iterator API)": 5,
        ], "\(tally)")
    }

    @Test(.enabled(if: Corpus.enabled)) func writeVectors() throws {
        let json = try JSONSerialization.jsonObject(with: Corpus.data("csv/cpython-test_csv/csv-module-test-vectors.json"))
        let vectors = try #require((json as? [String: Any])?["write"] as? [[String: Any]])
        var tally = VectorTally()
        for vector in vectors {
            let kwargs = vector["kwargs"] as? [String: Any] ?? [:]
            if let key = kwargs.keys.sorted().first(where: { Self.unsupportedKeys.contains($0) || $0 != "delimiter" }) {
                tally.skip("dialect \(key)")
                continue
            }
            guard let fields = vector["fields"] as? [Any], let expected = vector["expected_output_without_lineterminator"] as? String else {
                tally.skip("non-JSON fields or error case")
                continue
            }
            let strings = fields.map { $0 as? String ?? "\($0)" }
            tally.run()
            var writer = CSVWriter()
            writer.writeRow(strings)
            #expect(String(decoding: writer.bytes, as: UTF8.self) == expected + "\r\n", "\(strings)")
        }
        print("CPython write vectors:", tally)
        #expect(tally.ran == 1, "\(tally)")
        #expect(tally.skipped == ["dialect doublequote": 3, "dialect escapechar": 11, "dialect quoting": 5], "\(tally)")
    }
}
