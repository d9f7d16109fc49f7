import BDCModel
import DelimitedText
import Diagnostics
import JSONText

/// `inspect FILE.csv --model M.bdcm --entity E`: each row typed by a BDC
/// entity, as `{"line":N,"fields":{name: typed value}}` (DESIGN §5.1).
enum TypedCSVInspector {
    static func run(_ options: InspectOptions) throws -> ToolExitCode {
        guard let modelPath = options.model, let entityName = options.entity else { return .failure }
        var log = DiagnosticLog(policy: options.strict ? .strict : .lenient)
        let output = BufferedOutput()
        defer { output.flush() }
        var rows = 0
        var skipped = 0
        do {
            let document = try BDCModelReader.read(path: modelPath)
            for warning in document.diagnostics { Console.diagnostic(warning) }
            guard let entity = document.entity(named: entityName) else {
                let names = document.entities.map(\.name).joined(separator: ", ")
                Console.error("\(modelPath): error: no entity '\(entityName)' (the model has: \(names))")
                return .failure
            }
            let reader = try CSVReader(
                path: options.file, options: CSVReaderOptions(policy: options.strict ? .strict : .lenient))
            var typer = try EntityRowTyper(
                entity: entity, header: reader.header, file: options.file, headerLine: reader.headerLine, log: &log)
            var json = JSONWriter(reservingCapacity: 4096)
            let names = typer.fieldNames
            while let row = try reader.next() {
                guard let typed = try typer.type(row.fields, line: row.line, log: &log) else {
                    skipped += 1
                    continue
                }
                rows += 1
                guard !options.summary else { continue }
                json.reset()
                json.beginObject()
                json.key("line"); json.int(typed.line)
                json.key("fields"); json.beginObject()
                for (name, value) in zip(names, typed.values) {
                    json.key(name)
                    write(value, to: &json)
                }
                json.endObject()
                json.endObject()
                json.appendNewline()
                json.withBytes { output.write($0) }
            }
            log.merge(reader.diagnostics)
            skipped += reader.statistics.skipped
        } catch let diagnostic as Diagnostic {
            output.flush()
            for earlier in log.diagnostics { Console.diagnostic(earlier) }
            Console.diagnostic(diagnostic)
            return .failure
        }
        output.flush()
        for diagnostic in log.diagnostics { Console.diagnostic(diagnostic) }
        if options.summary {
            var json = JSONWriter()
            json.beginObject()
            json.key("file"); json.string(options.file)
            json.key("model"); json.string(modelPath)
            json.key("entity"); json.string(entityName)
            json.key("rows"); json.int(rows)
            json.key("skipped"); json.int(skipped)
            json.key("errors"); json.int(log.errorCount)
            json.key("warnings"); json.int(log.warningCount)
            json.endObject()
            json.appendNewline()
            json.withBytes { output.write($0) }
        }
        return .success
    }

    /// Typed values keep their JSON type: numbers, booleans and null stay so.
    private static func write(_ value: TypedValue, to json: inout JSONWriter) {
        switch value {
        case .null: json.null()
        case .integer(let number): json.int(Int(number))
        case .double(let number): json.double(number)
        case .boolean(let flag): json.bool(flag)
        default: json.string(value.text ?? "")
        }
    }
}
