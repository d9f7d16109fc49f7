import Foundation
import Testing
import TestSupport

/// `profilesync inspect FILE.csv` end to end, comparing whole outputs.
@Suite struct InspectCSVTests {
    static let rows: [[String]] = [
        ["EmployeeID", "DisplayName", "Department", "Notes"],
        ["1001", "Zoë Smith", "Sales", "likes \"quotes\""],
        ["1002", "Jo Brown", "R&D", "two\r\nlines"],
        ["1003", "Søren Ågård", "", "semi;colon, comma\tand tab"],
    ]

    /// Writes `rows` as delimited text: fields quoted when they need it, `\r\n` line ends.
    static func text(_ rows: [[String]], delimiter: String) -> String {
        rows.map { row in
            row.map { field in
                field.contains(delimiter) || field.contains("\"") || field.contains("\r") || field.contains("\n")
                    ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
            }.joined(separator: delimiter)
        }.joined(separator: "\r\n") + "\r\n"
    }

    static let expectedOutput = """
        {"header":["EmployeeID","DisplayName","Department","Notes"]}
        {"line":2,"values":["1001","Zoë Smith","Sales","likes \\"quotes\\""]}
        {"line":3,"values":["1002","Jo Brown","R&D","two\\r\\nlines"]}
        {"line":5,"values":["1003","Søren Ågård","","semi;colon, comma\\tand tab"]}

        """

    @Test func sameDataInThreeDialectsGivesTheSameOutput() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let bomCRLF = [0xEF, 0xBB, 0xBF] + Array(Self.text(Self.rows, delimiter: ",").utf8)
        let semicolon = Array(Self.text(Self.rows, delimiter: ";").utf8)
        var utf16: [UInt8] = [0xFF, 0xFE]
        for unit in Self.text(Self.rows, delimiter: "\t").utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let files = [("bom-crlf.csv", bomCRLF), ("semicolon.csv", semicolon), ("utf16le.tsv", utf16)]
        var summaries: [String] = []
        for (name, bytes) in files {
            let url = directory.url.appendingPathComponent(name)
            try Data(bytes).write(to: url)
            let result = try ProfileSyncTool.run(["inspect", url.path])
            #expect(result.status == 0, "\(name)")
            #expect(result.stderrText == "", "\(name)")
            #expect(result.stdoutText == Self.expectedOutput, "\(name)")
            let summary = try ProfileSyncTool.run(["inspect", "--summary", url.path])
            #expect(summary.status == 0)
            summaries.append(summary.stdoutText)
        }
        #expect(summaries == [
            "{\"file\":\"\(directory.url.path)/bom-crlf.csv\",\"bytes\":\(bomCRLF.count),\"encoding\":\"utf-8\",\"delimiter\":\",\",\"columns\":4,\"rows\":3,\"skipped\":0,\"blankLines\":0,\"errors\":0,\"warnings\":0}\n",
            "{\"file\":\"\(directory.url.path)/semicolon.csv\",\"bytes\":\(semicolon.count),\"encoding\":\"utf-8\",\"delimiter\":\";\",\"columns\":4,\"rows\":3,\"skipped\":0,\"blankLines\":0,\"errors\":0,\"warnings\":0}\n",
            "{\"file\":\"\(directory.url.path)/utf16le.tsv\",\"bytes\":\(utf16.count),\"encoding\":\"utf-16le\",\"delimiter\":\"\\t\",\"columns\":4,\"rows\":3,\"skipped\":0,\"blankLines\":0,\"errors\":0,\"warnings\":0}\n",
        ])
    }

    static let ragged = "id,name,dept\n1,Jo,Sales\n\n2,Al\n3,\"Li\nWei\",IT\n4,\"bad\"x,IT\n5,Mo,HR\n"

    @Test func raggedRowIsSkippedInLenientMode() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let url = directory.url.appendingPathComponent("hr.csv")
        try Data(Self.ragged.utf8).write(to: url)
        let result = try ProfileSyncTool.run(["inspect", "hr.csv"], in: directory.url)
        #expect(result.status == 0)
        #expect(result.stdoutText == """
            {"header":["id","name","dept"]}
            {"line":2,"values":["1","Jo","Sales"]}
            {"line":5,"values":["3","Li\\nWei","IT"]}
            {"line":8,"values":["5","Mo","HR"]}

            """)
        #expect(result.stderrText == """
            hr.csv:4:5: error: row has 2 fields but the header has 3
            hr.csv:7:8: error: unexpected text after a closing quote; a quote inside a quoted field must be doubled ("")

            """)
        let summary = try ProfileSyncTool.run(["inspect", "--summary", "hr.csv"], in: directory.url)
        #expect(summary.status == 0)
        #expect(summary.stdoutText == """
            {"file":"hr.csv","bytes":\(Self.ragged.utf8.count),"encoding":"utf-8","delimiter":",","columns":3,"rows":3,"skipped":2,"blankLines":1,"errors":2,"warnings":0}

            """)
        #expect(summary.stderrText == result.stderrText)
    }

    @Test func raggedRowEndsAStrictRunWithItsLine() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        try Data(Self.ragged.utf8).write(to: directory.url.appendingPathComponent("hr.csv"))
        for extra in [[], ["--summary"]] {
            let result = try ProfileSyncTool.run(["inspect", "--strict"] + extra + ["hr.csv"], in: directory.url)
            #expect(result.status == 1)
            #expect(result.stderrText == "hr.csv:4:5: error: row has 2 fields but the header has 3\n")
            if extra.isEmpty {
                #expect(result.stdoutText == """
                    {"header":["id","name","dept"]}
                    {"line":2,"values":["1","Jo","Sales"]}

                    """)
            } else {
                #expect(result.stdoutText == "")
            }
        }
    }

    @Test func emptyAndMissingFilesFail() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        try Data().write(to: directory.url.appendingPathComponent("empty.csv"))
        let empty = try ProfileSyncTool.run(["inspect", "empty.csv"], in: directory.url)
        #expect(empty.status == 1)
        #expect(empty.stderrText == "empty.csv:1: error: the file is empty; a header row was expected\n")
        let missing = try ProfileSyncTool.run(["inspect", "missing.csv"], in: directory.url)
        #expect(missing.status == 1)
        #expect(missing.stderrText == "error: missing.csv: cannot open: No such file or directory\n")
    }

    @Test func modelDelegatesToTheTypedInspector() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        try Data("a\n1\n".utf8).write(to: directory.url.appendingPathComponent("t.csv"))
        let result = try ProfileSyncTool.run(["inspect", "t.csv", "--model", "m.bdcm", "--entity", "E"], in: directory.url)
        // Whatever the typed inspector does, the plain CSV output must not appear.
        #expect(!result.stdoutText.contains("{\"header\""))
    }
}
