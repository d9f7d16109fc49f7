import DelimitedText
import Diagnostics
import JSONText

/// `inspect` for CSV input: the header, then one JSON line per row (DESIGN §5.1).
///
/// Errors go to stderr as they are found, so a long file shows its problems
/// while it streams; `--strict` ends at the first with exit code 1.
enum CSVInspector {
    static func run(_ options: InspectOptions) throws -> ToolExitCode {
        if options.model != nil { return try TypedCSVInspector.run(options) }

        let readerOptions = CSVReaderOptions(policy: options.strict ? .strict : .lenient)
        let output = BufferedOutput()
        defer { output.flush() }
        var printed = 0
        let reader: CSVReader
        do {
            reader = try CSVReader(path: options.file, options: readerOptions)
        } catch let diagnostic as Diagnostic {
            Console.diagnostic(diagnostic)
            return .failure
        }
        printed = printNewDiagnostics(of: reader, after: printed)

        var json = JSONWriter(reservingCapacity: 4096)
        if !options.summary {
            json.beginObject()
            json.key("header")
            writeStrings(reader.header, to: &json)
            json.endObject()
            json.appendNewline()
            json.withBytes { output.write($0) }
        }
        do {
            if options.summary {
                // Counting needs no strings; skipRow checks rows exactly as next() does.
                while try reader.skipRow() != nil {
                    if reader.diagnostics.diagnostics.count != printed {
                        printed = printNewDiagnostics(of: reader, after: printed)
                    }
                }
            }
            while !options.summary, let row = try reader.next() {
                if reader.diagnostics.diagnostics.count != printed {
                    output.flush()
                    printed = printNewDiagnostics(of: reader, after: printed)
                }
                json.reset()
                json.beginObject()
                json.key("line")
                json.int(row.line)
                json.key("values")
                writeStrings(row.fields, to: &json)
                json.endObject()
                json.appendNewline()
                json.withBytes { output.write($0) }
            }
        } catch let diagnostic as Diagnostic {
            output.flush()
            printNewDiagnostics(of: reader, after: printed)
            Console.diagnostic(diagnostic)
            return .failure
        }
        output.flush()
        printed = printNewDiagnostics(of: reader, after: printed)
        if reader.diagnostics.droppedCount > 0 {
            Console.error("\(options.file): \(reader.diagnostics.droppedCount) more diagnostics not shown")
        }
        if options.summary { output.write(summary(of: reader)) }
        return .success
    }

    /// Prints the diagnostics collected since the last call; returns how many are printed now.
    @discardableResult
    private static func printNewDiagnostics(of reader: CSVReader, after printed: Int) -> Int {
        let all = reader.diagnostics.diagnostics
        for diagnostic in all[printed...] { Console.diagnostic(diagnostic) }
        return all.count
    }

    private static func writeStrings(_ values: [String], to json: inout JSONWriter) {
        json.beginArray()
        for value in values { json.string(value) }
        json.endArray()
    }

    private static func summary(of reader: CSVReader) -> [UInt8] {
        var json = JSONWriter()
        let statistics = reader.statistics
        json.beginObject()
        json.key("file"); json.string(reader.name)
        json.key("bytes"); json.int(statistics.bytes)
        json.key("encoding"); json.string(reader.encoding.rawValue)
        json.key("delimiter"); json.string(String(UnicodeScalar(reader.delimiter)))
        json.key("columns"); json.int(reader.header.count)
        json.key("rows"); json.int(statistics.rows)
        json.key("skipped"); json.int(statistics.skipped)
        json.key("blankLines"); json.int(statistics.blankLines)
        json.key("errors"); json.int(reader.diagnostics.errorCount)
        json.key("warnings"); json.int(reader.diagnostics.warningCount)
        json.endObject()
        json.appendNewline()
        return json.bytes
    }
}
