import BDCModel
import Diagnostics
import JSONText

/// `inspect MODEL.bdcm`: one JSON object per entity (DESIGN §5.1), or with
/// `--summary` one object of counts. Model warnings go to stderr; a model that
/// cannot be read is one located error and exit code 1.
enum BDCInspector {
    static func run(_ options: InspectOptions) throws -> ToolExitCode {
        let document: BDCModelDocument
        do throws(Diagnostic) {
            document = try BDCModelReader.read(path: options.file)
        } catch {
            Console.diagnostic(error)
            return .failure
        }
        for warning in document.diagnostics { Console.diagnostic(warning) }

        let output = BufferedOutput()
        var writer = JSONWriter()
        if options.summary {
            writeSummary(document, into: &writer)
            writer.appendNewline()
            writer.withBytes { output.write($0) }
        } else {
            for entity in document.entities {
                writer.reset()
                write(entity, into: &writer)
                writer.appendNewline()
                writer.withBytes { output.write($0) }
            }
        }
        output.flush()
        return .success
    }

    /// `{"model","lobSystem","lobSystemType","namespace","entity","identifiers":[…],"fields":[…]}`;
    /// a field's `identifier`, `size`, `readOnly` and `filterable` appear only when set.
    static func write(_ entity: BDCEntity, into writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("model"); writer.string(entity.model)
        writer.key("lobSystem"); writer.string(entity.lobSystem)
        writer.key("lobSystemType"); writer.string(entity.lobSystemType)
        writer.key("namespace"); writer.string(entity.namespace)
        writer.key("entity"); writer.string(entity.name)
        writer.key("identifiers")
        writer.beginArray()
        for identifier in entity.identifiers {
            writer.beginObject()
            writer.key("name"); writer.string(identifier.name)
            writer.key("type"); writer.string(identifier.type.dotNetName)
            writer.endObject()
        }
        writer.endArray()
        writer.key("fields")
        writer.beginArray()
        for field in entity.fields {
            writer.beginObject()
            writer.key("name"); writer.string(field.name)
            writer.key("type"); writer.string(field.type.dotNetName)
            if let identifier = field.identifierName { writer.key("identifier"); writer.string(identifier) }
            if let size = field.size { writer.key("size"); writer.int(size) }
            if field.readOnly { writer.key("readOnly"); writer.bool(true) }
            if field.filterable { writer.key("filterable"); writer.bool(true) }
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
    }

    /// `{"model","lobSystems":[{"name","type","entities"}],"entities":N,
    /// "entityCounts":[{"namespace","entity","identifiers","fields","filterable"}],"warnings":N}`.
    static func writeSummary(_ document: BDCModelDocument, into writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("model"); writer.string(document.name)
        writer.key("lobSystems")
        writer.beginArray()
        for lobSystem in document.lobSystems {
            writer.beginObject()
            writer.key("name"); writer.string(lobSystem.name)
            writer.key("type"); writer.string(lobSystem.type)
            writer.key("entities"); writer.int(document.entities.filter { $0.lobSystem == lobSystem.name }.count)
            writer.endObject()
        }
        writer.endArray()
        writer.key("entities"); writer.int(document.entities.count)
        writer.key("entityCounts")
        writer.beginArray()
        for entity in document.entities {
            writer.beginObject()
            writer.key("namespace"); writer.string(entity.namespace)
            writer.key("entity"); writer.string(entity.name)
            writer.key("identifiers"); writer.int(entity.identifiers.count)
            writer.key("fields"); writer.int(entity.fields.count)
            writer.key("filterable"); writer.int(entity.fields.filter(\.filterable).count)
            writer.endObject()
        }
        writer.endArray()
        writer.key("warnings"); writer.int(document.diagnostics.filter { $0.severity == .warning }.count)
        writer.endObject()
    }
}
