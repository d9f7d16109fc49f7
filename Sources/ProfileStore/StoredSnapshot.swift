import Foundation
import ProfileCore
import UTF8Validation

/// A source snapshot (`SourceSnapshot`'s bytes) as the `snapshot` BLOBs of
/// `profiles` and `groups` keep it: the same bytes with the entry's DN left
/// out when it is the row's own `dn`, and attribute names replaced by
/// `StoreCatalogue` ids.
///
/// A 100,000-user snapshot is ~750 bytes, of which ~230 are the names of its
/// ~20 attributes and ~60 its DN, repeated in every row. Layout:
///
///     form byte: 0 = verbatim (the rest is the snapshot as given),
///                1 = interned:
///     DN: 0 when it is the row's `dn`, else its length + 1 and its bytes
///     attribute count
///     per attribute: name id, value count, per value the snapshot's own
///                    header varint (length << 1 | binary) and bytes
///
/// Decoding rebuilds the snapshot byte for byte; the engine digests and
/// decodes those bytes, so nothing else may change. A snapshot the interned
/// form cannot reproduce exactly (a layout this code does not know, a
/// non-minimal varint, a name that is not UTF-8) is kept verbatim.
enum StoredSnapshot {
    static let verbatim: UInt8 = 0
    static let interned: UInt8 = 1

    /// Where one attribute of a snapshot lies: its name, and its value
    /// count with every value (copied as they are: re-encoding them gives
    /// the same bytes, which `layout` checked).
    struct AttributeSpan {
        var name: Range<Int>
        var values: Range<Int>
    }

    static func encode(
        _ snapshot: UnsafeRawBufferPointer, dn: String, into writer: inout StoredBytesWriter,
        catalogue: inout StoreCatalogue
    ) {
        var spans: [AttributeSpan] = []
        encode(snapshot, dn: dn, into: &writer, catalogue: &catalogue, spans: &spans)
    }

    /// `encode`, laying the snapshot out in `spans`, which the caller
    /// reuses from one snapshot to the next.
    static func encode(
        _ snapshot: UnsafeRawBufferPointer, dn: String, into writer: inout StoredBytesWriter,
        catalogue: inout StoreCatalogue, spans: inout [AttributeSpan]
    ) {
        let start = writer.count
        // Laid out once without the catalogue first, so bytes of some other
        // layout can never add their fragments to it as names.
        if !(layout(snapshot, into: &spans)
            && encodeInterned(snapshot, spans: spans, dn: dn, into: &writer, catalogue: &catalogue))
        {
            writer.truncate(to: start)
            writer.byte(verbatim)
            writer.raw(snapshot)
        }
    }

    /// `encode` for a snapshot as a run holds it: from its entry's attributes
    /// where it has one and the interned form can hold it (`encode(entry:…)`),
    /// else from its bytes, assembled in `scratch`. `ids`, `spans` and
    /// `scratch` are the caller's, kept from one snapshot to the next.
    static func encode(
        _ snapshot: EntrySnapshot, dn: String, into writer: inout StoredBytesWriter, catalogue: inout StoreCatalogue,
        ids: inout [Int], spans: inout [AttributeSpan], scratch: inout [UInt8]
    ) {
        let written = snapshot.withEntry { entry in
            // The interned form is about as long as the entry (a hint: the
            // writer still grows if not); a group's can be tens of MB.
            writer.reserve(entry.encodedAttributesCapacity + entry.dn.utf8.count + 21)
            return encode(entry: entry, dn: dn, into: &writer, catalogue: &catalogue, ids: &ids)
        }
        if written == true { return }
        snapshot.withUnsafeBytes(scratch: &scratch) {
            writer.reserve($0.count + 1)
            encode($0, dn: dn, into: &writer, catalogue: &catalogue, spans: &spans)
        }
    }

    /// `encode` for the snapshot of `entry` (`SourceSnapshot.encode(entry)`),
    /// written from the entry's attributes: the same bytes, without the
    /// snapshot being assembled, laid out again and each name looked up by
    /// its bytes. `ids` keeps each key number's catalogue id + 1 (0 for not
    /// yet known) from one entry to the next. False, with nothing written,
    /// when the interned form cannot hold the snapshot exactly (a value count
    /// or header that is not minimal, a name that is not UTF-8): the caller
    /// then encodes the assembled bytes, which keeps such a snapshot verbatim.
    static func encode(
        entry: borrowing DirectoryEntry, dn: String, into writer: inout StoredBytesWriter,
        catalogue: inout StoreCatalogue, ids: inout [Int]
    ) -> Bool {
        let start = writer.count
        writer.byte(interned)
        if Self.sameBytes(entry.dn, dn) {
            writer.varint(UInt64(0))
        } else {
            writer.varint(UInt64(entry.dn.utf8.count) + 1)
            writer.raw(entry.dn)
        }
        writer.varint(entry.attributeCount)
        var written = true
        entry.forEachStoredAttribute { number, key, values in
            guard written else { return }
            let slot = Int(number)
            if slot >= ids.count { ids.append(contentsOf: repeatElement(0, count: slot + 1 - ids.count)) }
            if ids[slot] == 0, let id = catalogue.id(forUTF8: UnsafeRawBufferPointer(key)) { ids[slot] = id + 1 }
            guard ids[slot] != 0, Self.isCanonical(UnsafeRawBufferPointer(values)) else {
                written = false
                return
            }
            writer.varint(ids[slot] - 1)
            writer.raw(UnsafeRawBufferPointer(values))
        }
        guard written else {
            writer.truncate(to: start)
            return false
        }
        return true
    }

    /// Whether an attribute's value count and values are in the minimal
    /// varints the interned form's decoding writes back.
    private static func isCanonical(_ values: UnsafeRawBufferPointer) -> Bool {
        var reader = CanonicalReader(values)
        guard var count = reader.varint() else { return false }
        while count > 0 {
            guard let header = reader.varint(), reader.skip(count: header >> 1) else { return false }
            count -= 1
        }
        return reader.isAtEnd
    }

    /// Whether two strings are the same UTF-8 bytes (`==` also takes canonically equal text).
    ///
    /// Read where they lie: `var` copies for `withUTF8` retained and released
    /// both strings of every profile the commit encodes. A profile's DN and
    /// its entry's are usually one string: the same bytes are not compared.
    private static func sameBytes(_ lhs: String, _ rhs: String) -> Bool {
        let inPlace: Bool?? = lhs.utf8.withContiguousStorageIfAvailable { left in
            rhs.utf8.withContiguousStorageIfAvailable { right in
                left.count == right.count
                    && (left.isEmpty || left.baseAddress == right.baseAddress
                        || memcmp(left.baseAddress!, right.baseAddress!, left.count) == 0)
            }
        }
        if case .some(.some(let same)) = inPlace { return same }
        return lhs.utf8.elementsEqual(rhs.utf8)
    }

    /// Finds each attribute of a snapshot that is exactly `SourceSnapshot`'s
    /// layout, in the minimal varints the interned form writes; false for
    /// any other bytes. The DN's span comes first, as an attribute without values.
    private static func layout(_ snapshot: UnsafeRawBufferPointer, into spans: inout [AttributeSpan]) -> Bool {
        spans.removeAll(keepingCapacity: true)
        var reader = CanonicalReader(snapshot)
        guard let dn = reader.bytesRange(), let count = reader.varint() else { return false }
        spans.append(AttributeSpan(name: dn, values: reader.offset..<reader.offset))
        for _ in 0..<count {
            guard let name = reader.bytesRange() else { return false }
            let valuesStart = reader.offset
            guard let values = reader.varint() else { return false }
            for _ in 0..<values {
                guard let header = reader.varint(), reader.bytesRange(count: header >> 1) != nil else { return false }
            }
            spans.append(AttributeSpan(name: name, values: valuesStart..<reader.offset))
        }
        return reader.isAtEnd
    }

    /// Writes the interned form of a snapshot `layout` laid out in `spans`;
    /// false (leaving partial output) when a name is not UTF-8.
    private static func encodeInterned(
        _ snapshot: UnsafeRawBufferPointer, spans: [AttributeSpan], dn: String, into writer: inout StoredBytesWriter,
        catalogue: inout StoreCatalogue
    ) -> Bool {
        writer.byte(interned)
        let dnBytes = UnsafeRawBufferPointer(rebasing: snapshot[spans[0].name])
        if Self.equal(dnBytes, dn) {
            writer.varint(UInt64(0))
        } else {
            writer.varint(UInt64(dnBytes.count) + 1)
            writer.raw(dnBytes)
        }
        writer.varint(spans.count - 1)
        for span in spans.dropFirst() {
            guard let id = catalogue.id(forUTF8: UnsafeRawBufferPointer(rebasing: snapshot[span.name])) else {
                return false
            }
            writer.varint(id)
            writer.raw(UnsafeRawBufferPointer(rebasing: snapshot[span.values]))
        }
        return true
    }

    /// The snapshot as the engine wrote it; `dn` is the row's `dn` column.
    static func decode(_ bytes: UnsafeRawBufferPointer, dn: String, catalogue: StoreCatalogue) throws -> [UInt8] {
        var reader = StoredBytesReader(bytes, what: "stored snapshot")
        let form = try reader.byte()
        if form == verbatim { return Array(bytes.dropFirst()) }
        guard form == interned else { throw reader.damaged("unknown form \(form)") }
        var out = StoredBytesWriter(reservingCapacity: bytes.count + 256)
        let dnLength = try reader.varint()
        if dnLength == 0 {
            out.string(dn)
        } else {
            let dnBytes = try reader.raw(count: dnLength - 1)
            out.varint(UInt64(dnBytes.count))
            out.raw(dnBytes)
        }
        let count = try reader.varint()
        out.varint(count)
        for _ in 0..<count {
            out.string(try catalogue.text(try reader.count()))
            let values = try reader.varint()
            out.varint(values)
            for _ in 0..<values {
                let header = try reader.varint()
                out.varint(header)
                out.raw(try reader.raw(count: header >> 1))
            }
        }
        guard reader.isAtEnd else { throw reader.damaged("trailing bytes") }
        return out.array
    }

    /// Calls `body` with an interned snapshot as it lies, its names left
    /// as the catalogue's ids (`NumberedSnapshot`); `dn` is the row's `dn`
    /// column. Does not call it for a verbatim snapshot, or a header
    /// `decode` would refuse or spell differently (a DN that is not UTF-8):
    /// `decode` then says what the row holds.
    static func withNumbered(
        _ bytes: UnsafeRawBufferPointer, dn: () -> String, _ body: (NumberedSnapshot) -> Void
    ) {
        var reader = StoredBytesReader(bytes, what: "stored snapshot")
        guard (try? reader.byte()) == interned, let dnLength = try? reader.varint() else { return }
        let entryDN: String
        if dnLength == 0 {
            entryDN = dn()
        } else {
            guard let dnBytes = try? reader.raw(count: dnLength - 1),
                UTF8Validation.isValid(dnBytes.assumingMemoryBound(to: UInt8.self))
            else { return }
            entryDN = String(decoding: dnBytes, as: UTF8.self)
        }
        guard let count = try? reader.varint() else { return }
        body(
            NumberedSnapshot(
                dn: entryDN, count: count, attributes: UnsafeRawBufferPointer(rebasing: bytes[reader.offset...])))
    }

    private static func equal(_ bytes: UnsafeRawBufferPointer, _ text: String) -> Bool {
        var text = text
        return text.withUTF8 { utf8 in
            guard utf8.count == bytes.count else { return false }
            guard let left = bytes.baseAddress, let right = utf8.baseAddress else { return true }
            return memcmp(left, right, bytes.count) == 0
        }
    }

    /// Reads `SourceSnapshot`'s varints and length-prefixed bytes, refusing
    /// anything re-encoding would not reproduce: a non-minimal varint (which
    /// `StoredBytesWriter` would write shorter), a length past the end.
    private struct CanonicalReader {
        let buffer: UnsafeRawBufferPointer
        var offset = 0

        init(_ buffer: UnsafeRawBufferPointer) {
            self.buffer = buffer
        }

        var isAtEnd: Bool { offset == buffer.count }

        mutating func varint() -> UInt64? {
            // One byte below 0x80 is a whole, minimal varint: most counts,
            // value headers and lengths (`isCanonical` reads every value's).
            if offset < buffer.count, buffer[offset] < 0x80 {
                offset += 1
                return UInt64(buffer[offset - 1])
            }
            var result: UInt64 = 0
            var shift: UInt64 = 0
            let first = offset
            while offset < buffer.count && shift < 64 {
                let byte = buffer[offset]
                offset += 1
                guard shift < 63 || byte <= 1 else { return nil }
                result |= UInt64(byte & 0x7F) << shift
                if byte & 0x80 == 0 {
                    // A last group of zero after the first byte is padding.
                    return byte == 0 && offset - first > 1 ? nil : result
                }
                shift += 7
            }
            return nil
        }

        /// A length-prefixed run of bytes, as where it lies in the buffer.
        mutating func bytesRange() -> Range<Int>? {
            guard let length = varint() else { return nil }
            return bytesRange(count: length)
        }

        /// Moves past `count` bytes; false when fewer are left.
        mutating func skip(count: UInt64) -> Bool {
            guard count <= UInt64(buffer.count - offset) else { return false }
            offset += Int(count)
            return true
        }

        mutating func bytesRange(count: UInt64) -> Range<Int>? {
            guard count <= UInt64(buffer.count - offset) else { return nil }
            defer { offset += Int(count) }
            return offset..<offset + Int(count)
        }
    }
}
