import Diagnostics
import JSONText
import LDIF

/// `inspect` for LDIF input: one JSON line per record (DESIGN §5.1), or with
/// `--summary` one object of counts.
enum LDIFInspector {
    static func run(_ options: InspectOptions) throws -> ToolExitCode {
        let readerOptions = LDIFReaderOptions(
            policy: options.strict ? .strict : .lenient, allowFileURLs: options.allowFileURLs)
        let output = BufferedOutput()
        var json = JSONWriter(reservingCapacity: 1 << 16)
        defer { output.flush() }
        /// The summary object, as its own line.
        func writeSummary(_ summary: LDIFSummary, log: DiagnosticLog, statistics: LDIFReadStatistics) {
            json.reset()
            LDIFSummaryJSON.write(summary, log: log, statistics: statistics, to: &json)
            json.appendNewline()
            json.withBytes { output.write($0) }
        }
        // Counted on both cores where that gives exactly one reader's
        // result; otherwise (small files, any diagnostic) by one reader below.
        if options.summary, let parted = LDIFReader.summarizeInParts(path: options.file, options: readerOptions) {
            writeSummary(parted.summary, log: parted.diagnostics, statistics: parted.statistics)
            return .success
        }
        let reader: LDIFReader
        do {
            reader = try LDIFReader(path: options.file, options: readerOptions)
        } catch {
            throw ToolExit(.failure, "\(error)")
        }
        var summary = LDIFSummary()
        var reported = 0

        // Diagnostics go out as they are found, so a long run shows them early.
        func reportNewDiagnostics() {
            let log = reader.diagnostics
            guard log.diagnostics.count > reported else { return }
            for diagnostic in log.diagnostics[reported...] { Console.diagnostic(diagnostic) }
            reported = log.diagnostics.count
        }

        do {
            if options.summary {
                // Counts without building records; same diagnostics as next().
                while try reader.summarizeNext(into: &summary) { reportNewDiagnostics() }
            } else {
                while let record = try reader.next() {
                    json.reset()
                    LDIFRecordJSON.write(record, to: &json)
                    json.appendNewline()
                    json.withBytes { output.write($0) }
                    reportNewDiagnostics()
                }
            }
        } catch let diagnostic as Diagnostic {
            reportNewDiagnostics()
            output.flush()
            Console.diagnostic(diagnostic)
            return .failure
        } catch {
            output.flush()
            throw ToolExit(.failure, "\(error)")
        }
        reportNewDiagnostics()
        if options.summary { writeSummary(summary, log: reader.diagnostics, statistics: reader.statistics) }
        return .success
    }
}

/// The JSON Lines form of one LDIF record (DESIGN §5.1).
enum LDIFRecordJSON {
    static func write(_ record: LDIFRecord, to json: inout JSONWriter) {
        json.beginObject()
        json.key("line")
        json.int(record.line)
        json.key("dn")
        value(record.dn, to: &json)
        // ldifde writes changetype: add on every export entry; it is content.
        switch record.body {
        case .content, .add: break
        default:
            json.key("changetype")
            json.string(record.changeType ?? "")
        }
        if !record.controls.isEmpty {
            json.key("controls")
            json.beginArray()
            for control in record.controls {
                json.beginObject()
                json.key("oid")
                json.string(control.oid)
                json.key("criticality")
                json.bool(control.criticality)
                json.key("value")
                if let controlValue = control.value { value(controlValue, to: &json) } else { json.null() }
                json.endObject()
            }
            json.endArray()
        }
        switch record.body {
        case .content(let attributes), .add(let attributes):
            json.key("attributes")
            json.beginObject()
            for attribute in attributes {
                json.key(attribute.name)
                json.beginArray()
                for item in attribute.values { value(item, to: &json) }
                json.endArray()
            }
            json.endObject()
        case .delete:
            break
        case .modify(let modifications):
            json.key("modifications")
            json.beginArray()
            for modification in modifications {
                json.beginObject()
                json.key("op")
                json.string(modification.operation.rawValue)
                json.key("attribute")
                json.string(modification.attribute)
                json.key("values")
                json.beginArray()
                for item in modification.values { value(item, to: &json) }
                json.endArray()
                json.endObject()
            }
            json.endArray()
        case .modDN(let newRDN, let deleteOldRDN, let newSuperior, _):
            json.key("newrdn")
            json.string(newRDN)
            json.key("deleteoldrdn")
            json.bool(deleteOldRDN)
            json.key("newsuperior")
            json.string(newSuperior)
        }
        json.endObject()
    }

    /// Text when the bytes are UTF-8, otherwise `{"base64": …}`.
    static func value(_ value: LDIFValue, to json: inout JSONWriter) {
        if let text = value.string {
            json.string(text)
        } else {
            json.beginObject()
            json.key("base64")
            json.string(Base64.encode(value.bytes))
            json.endObject()
        }
    }
}

/// The object `inspect --summary` prints for an LDIF file (DESIGN §5.1).
enum LDIFSummaryJSON {
    static func write(_ summary: LDIFSummary, log: DiagnosticLog, statistics: LDIFReadStatistics, to json: inout JSONWriter) {
        json.beginObject()
        json.key("records")
        json.int(statistics.records)
        json.key("content")
        json.int(summary.content)
        json.key("changetypeAdd")
        json.int(summary.changetypeAdd)
        json.key("changes")
        json.beginObject()
        for kind in ["delete", "modify", "modrdn", "moddn"] {
            json.key(kind)
            json.int(summary.changes[kind] ?? 0)
        }
        json.endObject()
        json.key("objectClasses")
        json.beginObject()
        for objectClass in summary.objectClasses {
            json.key(objectClass.name)
            json.int(objectClass.count)
        }
        json.endObject()
        json.key("attributes")
        json.beginObject()
        for attribute in summary.attributes {
            json.key(attribute.name)
            json.beginObject()
            json.key("records")
            json.int(attribute.records)
            json.key("values")
            json.int(attribute.values)
            json.endObject()
        }
        json.endObject()
        json.key("errors")
        json.int(log.errorCount)
        json.key("warnings")
        json.int(log.warningCount)
        json.key("skipped")
        json.int(statistics.skippedRecords)
        json.key("secretsDropped")
        json.int(statistics.secretValuesDropped)
        json.key("bytes")
        json.int(statistics.bytesRead)
        json.key("version")
        if let version = statistics.version { json.int(version) } else { json.null() }
        json.endObject()
    }
}
