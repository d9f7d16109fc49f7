/// The fields of one record as UTF-8 bytes, lent by `CSVReader.nextFields`:
/// quotes removed and doubled quotes undone, exactly as `CSVRow.fields`
/// would hold them, but read where they lie instead of made into strings.
///
/// Valid only inside the closure it is lent to. A reader that keeps most
/// cells as text (a business extract's) copies their bytes once, into its
/// own storage; a string per cell was most of reading such an extract.
public struct CSVFieldBytes {
    /// Where each field lies: in the reader's buffer, or (a field with
    /// doubled quotes) in its scratch of unescaped bytes.
    ///
    /// Inlinable, with the members below: a business extract's typer reads
    /// a dozen fields of every row through them, from another module.
    @usableFromInline
    struct Location {
        @usableFromInline var start: Int
        @usableFromInline var end: Int
        @usableFromInline var unescaped: Bool

        init(start: Int, end: Int, unescaped: Bool) {
            self.start = start
            self.end = end
            self.unescaped = unescaped
        }
    }

    @usableFromInline let buffer: UnsafeBufferPointer<UInt8>
    @usableFromInline let unescaped: UnsafeBufferPointer<UInt8>
    @usableFromInline let locations: UnsafeBufferPointer<Location>

    init(buffer: UnsafeBufferPointer<UInt8>, unescaped: UnsafeBufferPointer<UInt8>, locations: UnsafeBufferPointer<Location>) {
        self.buffer = buffer
        self.unescaped = unescaped
        self.locations = locations
    }

    /// How many fields the record has.
    @inlinable public var count: Int { locations.count }

    /// Field `index`'s bytes (valid UTF-8), valid while the lending closure runs.
    @inlinable public subscript(index: Int) -> UnsafeBufferPointer<UInt8> {
        let location = locations[index]
        let base = location.unescaped ? unescaped : buffer
        return UnsafeBufferPointer(rebasing: base[location.start..<location.end])
    }

    /// Field `index` as a string.
    @inlinable public func string(_ index: Int) -> String {
        String(decoding: self[index], as: UTF8.self)
    }
}
