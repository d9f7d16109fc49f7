import Diagnostics
import JSONText
import LDIF

/// `inspect` for LDIF input: one JSON line per record (DESIGN §5.1), or with
/// `--summary` one object of counts.
enum LDIFInspector {
    static func run(_ options: InspectOptions) throws -> ToolExitCode {
        let readerOptions = LDIFReaderOptions(
            policy: options.strict ? .strict : .lenient, allowFileURLs: options.allowFileURLs)
        let reader: LDIFReader
        do {
            reader = try LDIFReader(path: options.file, options: readerOptions)
        } catch {
            throw ToolExit(.failure, "\(error)")
        }
        let output = BufferedOutput()
        var json = JSONWriter(reservingCapacity: 1 << 16)
        var summary = LDIFSummary()
        var reported = 0
        defer { output.flush() }

        // Diagnostics go out as they are found, so a long run shows them early.
        func reportNewDiagnostics() {
            let log = reader.diagnostics
            guard log.diagnostics.count > reported else { return }
            for diagnostic in log.diagnostics[reported...] { Console.diagnostic(diagnostic) }
            reported = log.diagnostics.count
        }

        do {
            while let record = try reader.next() {
                if options.summary {
                    summary.add(record)
                } else {
                    json.reset()
                    LDIFRecordJSON.write(record, to: &json)
                    json.appendNewline()
                    output.write(json.bytes)
                }
                reportNewDiagnostics()
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
        if options.summary {
            json.reset()
            summary.write(to: &json, log: reader.diagnostics, statistics: reader.statistics)
            json.appendNewline()
            output.write(json.bytes)
        }
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


/// The counts `inspect --summary` prints for an LDIF file.
struct LDIFSummary {
    private var content = 0
    private var changetypeAdd = 0
    private var changes: [String: Int] = ["delete": 0, "modify": 0, "modrdn": 0, "moddn": 0]
    // First-appearance order, so the output is stable for a given file.
    private var classOrder: [String] = []
    private var classCounts: [String: Int] = [:]
    private var attributeNames: [String] = []
    private var attributeIndex: [String: Int] = [:]
    private var attributeRecords: [Int] = []
    private var attributeValues: [Int] = []
    private var attributeIsClass: [Bool] = []
    // Exports repeat the same attributes in the same order, and the reader
    // hands out one shared String per spelling, so comparing with the name
    // seen at the same position last time is nearly free; the dictionary is
    // only consulted when the layout changes.
    private var positionCache: [(name: String, slot: Int)] = []

    private mutating func slot(for name: String, at position: Int) -> Int {
        if position < positionCache.count && positionCache[position].name == name { return positionCache[position].slot }
        let slot: Int
        if let known = attributeIndex[name] {
            slot = known
        } else {
            slot = attributeNames.count
            attributeIndex[name] = slot
            attributeNames.append(name)
            attributeRecords.append(0)
            attributeValues.append(0)
            attributeIsClass.append(name.lowercased() == "objectclass")
        }
        if position < positionCache.count {
            positionCache[position] = (name, slot)
        } else {
            positionCache.append((name, slot))
        }
        return slot
    }

    mutating func add(_ record: LDIFRecord) {
        switch record.body {
        case .content(let attributes), .add(let attributes):
            content += 1
            if case .add = record.body { changetypeAdd += 1 }
            for (position, attribute) in attributes.enumerated() {
                let slot = slot(for: attribute.name, at: position)
                attributeRecords[slot] += 1
                attributeValues[slot] += attribute.values.count
                guard attributeIsClass[slot] else { continue }
                for value in attribute.values {
                    let name = value.string ?? Base64.encode(value.bytes)
                    if let count = classCounts[name] {
                        classCounts[name] = count + 1
                    } else {
                        classCounts[name] = 1
                        classOrder.append(name)
                    }
                }
            }
        default:
            changes[record.changeType ?? "", default: 0] += 1
        }
    }

    func write(to json: inout JSONWriter, log: DiagnosticLog, statistics: LDIFReadStatistics) {
        json.beginObject()
        json.key("records")
        json.int(statistics.records)
        json.key("content")
        json.int(content)
        json.key("changetypeAdd")
        json.int(changetypeAdd)
        json.key("changes")
        json.beginObject()
        for kind in ["delete", "modify", "modrdn", "moddn"] {
            json.key(kind)
            json.int(changes[kind] ?? 0)
        }
        json.endObject()
        json.key("objectClasses")
        json.beginObject()
        for name in classOrder {
            json.key(name)
            json.int(classCounts[name] ?? 0)
        }
        json.endObject()
        json.key("attributes")
        json.beginObject()
        for (slot, name) in attributeNames.enumerated() {
            json.key(name)
            json.beginObject()
            json.key("records")
            json.int(attributeRecords[slot])
            json.key("values")
            json.int(attributeValues[slot])
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
