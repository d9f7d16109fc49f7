import ProfileCore

/// A profile's properties as the `profiles.properties` BLOB keeps them.
///
/// Layout (format 1), varints as `StoredBytesWriter` writes them:
///
///     format byte (1)
///     property count
///     per property: name id, source id (both `StoreCatalogue`), run (zigzag),
///                   value count, values (`StoredBytesWriter.value`: a
///                   reference to the row's account, DN or anchor, or
///                   length and UTF-8 bytes)
///
/// so a profile costs the bytes of the values its row does not already hold
/// plus about five per property, where JSON spent ~2.1 KB repeating names,
/// sources and punctuation. Properties and values keep their order.
enum StoredProperties {
    static let format: UInt8 = 1

    /// The strings a profile's values may refer to: its row's account, DN and anchor.
    static func context(account: String, dn: String, anchor: String) -> StoredValueContext {
        StoredValueContext(account: account, dn: dn, anchor: anchor)
    }

    static func encode(
        _ properties: PropertyList, context: StoredValueContext, into writer: inout StoredBytesWriter,
        catalogue: inout StoreCatalogue
    ) {
        withUnsafePointer(to: properties) { encode(at: $0, context: context, into: &writer, catalogue: &catalogue) }
    }

    /// `encode` of the list at `properties`, read where it lies: the
    /// commit's encoder, handing each write's list over by value, copied
    /// it first, retaining its four arrays (one of them the labels, which
    /// the report's renderer reads at the same time on another core).
    static func encode(
        at properties: UnsafePointer<PropertyList>, context: StoredValueContext, into writer: inout StoredBytesWriter,
        catalogue: inout StoreCatalogue
    ) {
        writer.byte(format)
        writer.varint(properties.pointee.count)
        // Borrowed in place: the values are written from the list's bytes,
        // names and sources looked up by their positions in the labels.
        catalogue.useLabels(of: properties)
        properties.pointee.forEachPropertyAt { name, values, source, run in
            writer.varint(catalogue.id(forLabelAt: name))
            writer.varint(catalogue.id(forLabelAt: source))
            writer.signed(run)
            writer.values(values, in: context)
        }
    }

    static func decode(
        _ bytes: UnsafeRawBufferPointer, context: StoredValueContext, catalogue: StoreCatalogue
    ) throws -> [ProfileProperty] {
        var reader = StoredBytesReader(bytes, what: "stored profile properties")
        let format = try reader.byte()
        guard format == Self.format else { throw reader.damaged("unknown format \(format)") }
        let count = try reader.itemCount()
        var properties: [ProfileProperty] = []
        properties.reserveCapacity(count)
        for _ in 0..<count {
            let name = try catalogue.text(try reader.count())
            let source = try catalogue.text(try reader.count())
            let run = try reader.signed()
            guard PropertyList.runs.contains(run) else { throw reader.damaged("run \(run) out of range") }
            properties.append(
                ProfileProperty(name: name, values: try reader.values(in: context), source: source, run: run))
        }
        guard reader.isAtEnd else { throw reader.damaged("trailing bytes") }
        return properties
    }

    /// `decode` into a packed list, as a run builds its own: values are
    /// copied as bytes, not made into strings, and names and sources are the
    /// catalogue's strings, whose ids less one are the list's labels.
    ///
    /// What a drifted run diffs each changed profile against (80,000 at a
    /// million users), value by value as bytes: into strings, the decode
    /// was most of reading a stored profile back.
    static func decodeList(
        _ bytes: UnsafeRawBufferPointer, context: StoredValueContext, catalogue: StoreCatalogue
    ) throws -> PropertyList {
        // A list names at most 65,535 labels; a catalogue that large (never
        // from configurations alone) takes the strings' way.
        guard catalogue.texts.count < Int(UInt16.max) else {
            return PropertyList(try decode(bytes, context: context, catalogue: catalogue))
        }
        var reader = StoredBytesReader(bytes, what: "stored profile properties")
        let format = try reader.byte()
        guard format == Self.format else { throw reader.damaged("unknown format \(format)") }
        let count = try reader.itemCount()
        var list = PropertyList(labels: catalogue.texts)
        for _ in 0..<count {
            let name = try reader.count()
            let source = try reader.count()
            // As `catalogue.text(_:)` checks: an id past the catalogue is one
            // added since it was read (`StoreCatalogue.Cache` reads it again).
            let known = 1..<(catalogue.texts.count + 1)
            guard known.contains(name) else { throw StoreCatalogue.UnknownID(id: name) }
            guard known.contains(source) else { throw StoreCatalogue.UnknownID(id: source) }
            let run = try reader.signed()
            guard PropertyList.runs.contains(run) else { throw reader.damaged("run \(run) out of range") }
            list.beginProperty(nameAt: name - 1, sourceAt: source - 1, run: run)
            for _ in 0..<(try reader.itemCount()) { try reader.appendValue(in: context, to: &list) }
        }
        guard reader.isAtEnd else { throw reader.damaged("trailing bytes") }
        return list
    }
}
