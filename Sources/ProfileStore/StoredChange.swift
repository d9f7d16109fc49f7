import ProfileCore

/// A change as the `changes.body` BLOB keeps it.
///
/// Layout (format 1), varints as `StoredBytesWriter` writes them:
///
///     format byte (1), kind byte (`Kind`)
///     profile kinds: account, DN (strings); the connection and anchor are
///                    the row's own columns, which `show --history` looks
///                    changes up by, so the body does not repeat them
///     add, update:   property count, per property: name id, source id
///                    (`StoreCatalogue`), old values, new values (each a
///                    count, then `StoredBytesWriter.value`s referring to
///                    the account, DN and anchor)
///     exclude:       reason (its raw value, a string)
///     move:          old DN, new DN
///     membership:    group DN, added members, removed members
///
/// An `add` on a first run is one per profile (kept in the profile's row
/// until it is written out, `KeptAdds`); as JSON it was ~2 KB, mostly
/// names, sources and punctuation around the values.
enum StoredChange {
    static let format: UInt8 = 1

    /// The kind byte. Numbers are part of the stored form: never reuse one.
    enum Kind: UInt8 {
        case add = 1
        case update = 2
        case markForDeletion = 3
        case exclude = 4
        case move = 5
        case restore = 6
        case membership = 7
    }

    static func encode(_ change: ProfileChange, into writer: inout StoredBytesWriter, catalogue: inout StoreCatalogue) {
        writer.byte(format)
        switch change {
        case .add(let ref, let properties):
            header(.add, ref, into: &writer)
            encode(properties, context: context(ref), into: &writer, catalogue: &catalogue)
        case .update(let ref, let properties):
            header(.update, ref, into: &writer)
            encode(properties, context: context(ref), into: &writer, catalogue: &catalogue)
        case .markForDeletion(let ref):
            header(.markForDeletion, ref, into: &writer)
        case .exclude(let ref, let reason):
            header(.exclude, ref, into: &writer)
            writer.string(reason.rawValue)
        case .move(let ref, let oldDn, let newDn):
            header(.move, ref, into: &writer)
            writer.string(oldDn)
            writer.string(newDn)
        case .restore(let ref):
            header(.restore, ref, into: &writer)
        case .membership(let group, let added, let removed):
            // Both lists at once, and room for the row's columns after them:
            // a list reserved alone made the next small write double the
            // buffer, copying a million members' keys into new memory.
            writer.reserve(
                16 + group.utf8.count + StoredBytesWriter.size(ofStrings: added)
                    + StoredBytesWriter.size(ofStrings: removed) + StoredBytesWriter.followingRoom)
            writer.byte(Kind.membership.rawValue)
            writer.string(group)
            writer.strings(added)
            writer.strings(removed)
        }
    }

    /// A change row for the commit: the body (`encode`), then its kind,
    /// connection and anchor columns, as `ProfileStore.commit` binds them
    /// (`CommitEncoding.Columns`). Returns where the body ends.
    ///
    /// One function for both, handed the change once: each hand-over from
    /// the run's array (`pointee`) copies the change, and the columns were
    /// a second hand-over and `ProfileChange.profile` a copy of the
    /// reference on top, every reference retained and released, for every
    /// change row.
    static func encodeRow(
        _ change: ProfileChange, into writer: inout StoredBytesWriter, catalogue: inout StoreCatalogue
    ) -> Int {
        encode(change, into: &writer, catalogue: &catalogue)
        let end = writer.count
        columns(of: change, into: &writer)
        return end
    }

    /// A change row's kind, connection and anchor columns.
    private static func columns(of change: ProfileChange, into writer: inout StoredBytesWriter) {
        writer.column(change.kind)
        switch change {
        case .add(let ref, _), .update(let ref, _), .markForDeletion(let ref), .exclude(let ref, _),
            .move(let ref, _, _), .restore(let ref):
            writer.column(ref.connection)
            writer.column(ref.anchor)
        case .membership:
            writer.column(nil)
            writer.column(nil)
        }
    }

    private static func header(_ kind: Kind, _ ref: ProfileRef, into writer: inout StoredBytesWriter) {
        header(kind, account: ref.account, dn: ref.dn, into: &writer)
    }

    private static func header(_ kind: Kind, account: String, dn: String, into writer: inout StoredBytesWriter) {
        writer.byte(kind.rawValue)
        writer.string(account)
        writer.string(dn)
    }

    private static func context(_ ref: ProfileRef) -> StoredValueContext {
        StoredProperties.context(account: ref.account, dn: ref.dn, anchor: ref.anchor)
    }

    private static func encode(
        _ properties: PropertyChanges, context: StoredValueContext, into writer: inout StoredBytesWriter,
        catalogue: inout StoreCatalogue
    ) {
        writer.varint(properties.count)
        // A new profile's properties, by the positions of their labels (as
        // `StoredProperties.encode`): no old values.
        if let added = properties.addedProperties {
            catalogue.useLabels(of: added)
            let none = PropertyValues([])
            added.forEachPropertyAt { name, values, source, _ in
                writer.varint(catalogue.id(forLabelAt: name))
                writer.varint(catalogue.id(forLabelAt: source))
                writer.values(none, in: context)
                writer.values(values, in: context)
            }
            return
        }
        // Borrowed in place: copying each property would retain its four references.
        var position = 0
        properties.forEachChange { name, old, new, source in
            writer.varint(catalogue.id(for: name, position: position))
            writer.varint(catalogue.id(for: source, position: position + 1))
            position += 2
            writer.values(old, in: context)
            writer.values(new, in: context)
        }
    }

    /// The body `encode` gives the `add` of a new profile whose row holds
    /// `account`, `dn` and `properties` (`StoredProperties`), made from the
    /// row's bytes: an add's properties are the profile's own, each from no
    /// value, with the same catalogue ids and values referring to the same
    /// account, DN and anchor. Each property's ids and values are copied as
    /// they lie, its run left out and an empty list of old values put in.
    ///
    /// What a kept add (`StoreSchema.keptAdds`) becomes when its profile's
    /// row is rewritten or deleted, byte for byte the row a commit would
    /// have inserted for it.
    static func keptAdd(
        account: String, dn: String, properties: UnsafeRawBufferPointer, into writer: inout StoredBytesWriter
    ) throws {
        var reader = StoredBytesReader(properties, what: "stored profile properties")
        let format = try reader.byte()
        guard format == StoredProperties.format else { throw reader.damaged("unknown format \(format)") }
        writer.byte(Self.format)
        header(.add, account: account, dn: dn, into: &writer)
        let count = try reader.itemCount()
        writer.varint(count)
        for _ in 0..<count {
            let ids = reader.offset
            _ = try reader.varint()
            _ = try reader.varint()
            writer.raw(UnsafeRawBufferPointer(rebasing: properties[ids..<reader.offset]))
            _ = try reader.signed()
            writer.varint(0)
            let values = reader.offset
            for _ in 0..<(try reader.itemCount()) { try reader.skipValue() }
            writer.raw(UnsafeRawBufferPointer(rebasing: properties[values..<reader.offset]))
        }
        guard reader.isAtEnd else { throw reader.damaged("trailing bytes") }
    }

    /// Decodes a body; `connection` and `anchor` are its row's columns.
    static func decode(
        _ bytes: UnsafeRawBufferPointer, connection: String?, anchor: String?, catalogue: StoreCatalogue
    ) throws -> ProfileChange {
        var reader = StoredBytesReader(bytes, what: "stored change")
        let format = try reader.byte()
        guard format == Self.format else { throw reader.damaged("unknown format \(format)") }
        let tag = try reader.byte()
        guard let kind = Kind(rawValue: tag) else { throw reader.damaged("unknown change kind \(tag)") }
        let change: ProfileChange
        if kind == .membership {
            change = .membership(group: try reader.string(), added: try reader.strings(), removed: try reader.strings())
        } else {
            let ref = ProfileRef(
                connection: connection ?? "", anchor: anchor ?? "", account: try reader.string(),
                dn: try reader.string())
            switch kind {
            case .add: change = .add(ref, properties: PropertyChanges(try properties(&reader, context(ref), catalogue)))
            case .update:
                change = .update(ref, properties: PropertyChanges(try properties(&reader, context(ref), catalogue)))
            case .markForDeletion: change = .markForDeletion(ref)
            case .exclude:
                let raw = try reader.string()
                guard let reason = ExclusionReason(rawValue: raw) else {
                    throw reader.damaged("unknown reason '\(raw)'")
                }
                change = .exclude(ref, reason: reason)
            case .move: change = .move(ref, oldDn: try reader.string(), newDn: try reader.string())
            case .restore: change = .restore(ref)
            case .membership: preconditionFailure("handled above")
            }
        }
        guard reader.isAtEnd else { throw reader.damaged("trailing bytes") }
        return change
    }

    private static func properties(
        _ reader: inout StoredBytesReader, _ context: StoredValueContext, _ catalogue: StoreCatalogue
    ) throws -> [PropertyChange] {
        let count = try reader.itemCount()
        var properties: [PropertyChange] = []
        properties.reserveCapacity(count)
        for _ in 0..<count {
            let name = try catalogue.text(try reader.count())
            let source = try catalogue.text(try reader.count())
            properties.append(
                PropertyChange(
                    name: name, old: try reader.values(in: context), new: try reader.values(in: context), source: source))
        }
        return properties
    }
}
