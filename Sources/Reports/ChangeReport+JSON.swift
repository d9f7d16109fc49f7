import Diagnostics
import Foundation
import JSONText
import ProfileCore

extension ChangeReport {
    /// The JSON change report of DESIGN §5.2: `run`, `summary`, `changes`, `diagnostics`.
    public func renderJSON() -> [UInt8] {
        var all: [UInt8] = []
        all.reserveCapacity(4096 + changes.count * 256)
        renderJSON { all.append(contentsOf: $0) }
        return all
    }

    /// The JSON report in pieces of about `chunkSize` bytes: a million-profile
    /// report goes to its file without ever being whole in memory.
    /// Each piece is lent to `write` and overwritten after it returns.
    ///
    /// Every piece but the last starts at an address aligned to
    /// `pieceAlignment` and is a whole number of such blocks, which a
    /// `ReportSink` writing past the page cache takes where it lies.
    public func renderJSON(chunkSize: Int = 1 << 20, to write: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        let blocks = Self.pieceAlignment
        var json = JSONWriter(reservingCapacity: max(chunkSize, blocks) + 64 * 1024, alignment: blocks)
        json.beginObject()
        json.key("run"); writeRun(into: &json)
        json.key("summary"); json.beginObject()
        for (name, value) in run.summary.fields {
            json.key(name); json.int(value)
        }
        json.endObject()
        json.key("changes"); json.beginArray()
        var labels = Self.addedPropertyLabels()
        for change in changes {
            if case .membership(let group, let added, let removed) = change {
                // One change names every member a group gained or lost: a
                // first run's largest group (every user, at a million) was
                // 70 MB of text held at once, in a buffer grown to 128 MB.
                // Written out as it grows instead.
                try Self.writeMembership(group: group, added: added, removed: removed, into: &json) { json in
                    if json.count >= chunkSize { try json.flush(wholeBlocksOf: blocks, write) }
                }
            } else {
                Self.write(change, into: &json, labels: &labels)
            }
            if json.count >= chunkSize { try json.flush(wholeBlocksOf: blocks, write) }
        }
        json.endArray()
        json.key("diagnostics"); json.beginArray()
        for diagnostic in diagnostics { Self.write(diagnostic, into: &json) }
        json.endArray()
        json.endObject()
        json.appendNewline()
        try json.flush(write)
    }

    /// The alignment and block size of `renderJSON(chunkSize:to:)`'s pieces:
    /// the largest logical block size a direct write needs (`DirectFileWriter`).
    public static let pieceAlignment = DirectFileWriter.alignment

    private func writeRun(into json: inout JSONWriter) {
        json.beginObject()
        json.key("id"); json.int(run.id)
        json.key("kind"); json.string(run.kind.rawValue)
        json.key("dryRun"); json.bool(run.dryRun)
        json.key("status"); json.string(run.status.rawValue)
        json.key("started"); json.string(Self.timestamp(run.started))
        json.key("finished"); json.string(Self.timestamp(run.finished))
        json.key("inputs"); json.beginArray()
        for input in run.inputs {
            json.beginObject()
            json.key("connection"); json.string(input.connection)
            json.key("path"); json.string(input.path)
            json.key("size"); json.int(Int(input.size))
            json.key("sha256"); json.string(input.sha256)
            json.key("records"); json.int(input.records)
            json.key("skipped"); json.int(input.skipped)
            json.endObject()
        }
        json.endArray()
        json.key("notes"); json.beginArray()
        for note in run.notes { json.string(note) }
        json.endArray()
        json.endObject()
    }

    /// ISO 8601 in UTC with milliseconds, as every report prints times.
    public static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    /// One value, several values or none: a string, an array or null,
    /// inside a value begun with `beginSpelledValue()`.
    private static func spellValues(_ values: PropertyValues, into json: inout JSONWriter) {
        switch values.count {
        case 0: json.literal("null")
        case 1:
            json.literal(#"""#)
            values.forEachUTF8 { json.escaped(utf8: $0) }
            json.literal(#"""#)
        default:
            json.literal(#"[""#)
            var first = true
            values.forEachUTF8 { value in
                if !first { json.literal(#"",""#) }
                first = false
                json.escaped(utf8: value)
            }
            json.literal(#""]"#)
        }
    }

    static func write(_ change: ProfileChange, into json: inout JSONWriter) {
        var labels = addedPropertyLabels()
        write(change, into: &json, labels: &labels)
    }

    /// How `write(_:into:labels:)` reads a new profile's property names and
    /// sources: each name spelled with the text of its property's object
    /// before the new value (`{"name":"…","old":null,"new":`), each source
    /// with the text after it (`,"source":"…"}`), escaped once per label.
    static func addedPropertyLabels() -> PropertyLabelUTF8 {
        PropertyLabelUTF8(
            nameSpelling: { Array(#"{"name":""#.utf8) + JSONWriter.escapedBytes($0) + Array(#"","old":null,"new":"#.utf8) },
            sourceSpelling: { Array(#","source":""#.utf8) + JSONWriter.escapedBytes($0) + Array(#""}"#.utf8) })
    }

    /// `write(_:into:)` reading a new profile's property names and sources
    /// through `labels` (`addedPropertyLabels()`), which the report keeps
    /// from one change to the next.
    static func write(_ change: ProfileChange, into json: inout JSONWriter, labels: inout PropertyLabelUTF8) {
        if case .membership(let group, let added, let removed) = change {
            return writeMembership(group: group, added: added, removed: removed, into: &json) { _ in }
        }
        json.beginObject()
        json.key(plain: "kind"); json.string(change.kind)
        switch change {
        case .add(let ref, let properties), .update(let ref, let properties):
            json.key(plain: "anchor"); json.string(ref.anchor)
            json.key(plain: "account"); json.string(ref.account)
            json.key(plain: "dn"); json.string(ref.dn)
            json.key(plain: "properties"); json.beginArray()
            // Read in place: copying each property would retain its four references.
            // Spelled out: a first run of 100,000 profiles writes 3 million
            // of these objects, and keys and values one at a time cost half
            // of the report's rendering.
            // The object is spelled in each branch: one helper taking the
            // name and source writers as closures cost 0.3% more of a 10k
            // first run's instructions (callgrind), on the report's path.
            if let added = properties.addedProperties {
                // A new profile's, names and sources by their labels, each
                // escaped once for the whole report with the text around it
                // (`addedPropertyLabels()` spells them so).
                labels.forEachProperty(of: added) { name, values, source, _ in
                    json.beginSpelledValue()
                    json.escaped(spelled: name)
                    spellValues(values, into: &json)
                    json.escaped(spelled: source)
                }
            } else {
                properties.forEachChange { name, old, new, source in
                    json.beginSpelledValue()
                    json.literal(#"{"name":""#)
                    json.escaped(name)
                    json.literal(#"","old":"#)
                    spellValues(old, into: &json)
                    json.literal(#","new":"#)
                    spellValues(new, into: &json)
                    json.literal(#","source":""#)
                    json.escaped(source)
                    json.literal(#""}"#)
                }
            }
            json.endArray()
        case .markForDeletion(let ref):
            json.key(plain: "anchor"); json.string(ref.anchor)
            json.key(plain: "account"); json.string(ref.account)
            json.key(plain: "dn"); json.string(ref.dn)
        case .exclude(let ref, let reason):
            json.key(plain: "anchor"); json.string(ref.anchor)
            json.key(plain: "account"); json.string(ref.account)
            json.key(plain: "dn"); json.string(ref.dn)
            json.key(plain: "reason"); json.string(reason.rawValue)
        case .move(let ref, let oldDn, let newDn):
            json.key(plain: "anchor"); json.string(ref.anchor)
            json.key(plain: "account"); json.string(ref.account)
            json.key(plain: "oldDn"); json.string(oldDn)
            json.key(plain: "newDn"); json.string(newDn)
        case .restore(let ref):
            json.key(plain: "anchor"); json.string(ref.anchor)
            json.key(plain: "account"); json.string(ref.account)
            json.key(plain: "dn"); json.string(ref.dn)
        case .membership:
            preconditionFailure("written by writeMembership above")
        }
        json.endObject()
    }

    /// A membership change, whole; `flush` is called after every 1,024
    /// members, for a caller to write out what is there so far.
    static func writeMembership(
        group: String, added: [String], removed: [String], into json: inout JSONWriter,
        flush: (inout JSONWriter) throws -> Void
    ) rethrows {
        json.beginObject()
        json.key(plain: "kind"); json.string("membership")
        json.key(plain: "group"); json.string(group)
        var written = 0
        for (key, members) in [("added", added), ("removed", removed)] {
            json.key(key); json.beginArray()
            for member in members {
                json.string(member)
                written += 1
                if written & 0x3FF == 0 { try flush(&json) }
            }
            json.endArray()
        }
        json.endObject()
    }

    static func write(_ diagnostic: Diagnostic, into json: inout JSONWriter) {
        json.beginObject()
        json.key("severity"); json.string(diagnostic.severity.rawValue)
        if let location = diagnostic.location {
            json.key("file"); json.string(location.file)
            json.key("line"); json.int(location.line)
            if let column = location.column { json.key("column"); json.int(column) }
        }
        json.key("message"); json.string(diagnostic.message)
        json.endObject()
    }
}
