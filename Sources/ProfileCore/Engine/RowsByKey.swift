/// A business extract's row positions grouped by join key, each key's rows
/// in file order: key number `k`'s are `rows[starts[k]..<starts[k + 1]]`.
///
/// One array of positions for the whole extract: a `[String: [Int]]` of keys
/// to rows was an array per key, a million of them for a million-row
/// extract, held until the last profile is built.
///
/// The positions lie in memory of their own rather than in an array so that
/// a profile's joined rows (`JoinedRows.Rows`) can point into them: a view
/// that held the array retained and released that one array, shared by
/// every profile, on both cores at once for every joined property.
final class RowsByKey: @unchecked Sendable {
    /// Never written after `init`.
    private let rows: UnsafeMutableBufferPointer<Int32>
    private let starts: [Int32]

    /// Groups rows by `keyOfRow` (each row's key number below `keys`, -1
    /// for a row without a key): a counting sort, so each key's rows stay
    /// in row order.
    init(keyOfRow: [Int32], keys: Int) {
        var starts = [Int32](repeating: 0, count: keys + 1)
        for key in keyOfRow where key >= 0 { starts[Int(key) + 1] += 1 }
        for key in 0..<keys { starts[key + 1] += starts[key] }
        rows = .allocate(capacity: Int(starts[keys]))
        var next = starts
        for (row, key) in keyOfRow.enumerated() where key >= 0 {
            rows[Int(next[Int(key)])] = Int32(row)
            next[Int(key)] += 1
        }
        self.starts = starts
    }

    deinit { rows.deallocate() }

    static let empty = RowsByKey(keyOfRow: [], keys: 0)

    /// Where key number `key`'s rows lie.
    func range(ofKey key: Int) -> Range<Int> {
        Int(starts[key])..<Int(starts[key + 1])
    }

    /// The row position at `position` (within some key's `range(ofKey:)`).
    subscript(position: Int) -> Int {
        precondition(position >= 0 && position < rows.count, "position out of range")
        return Int(rows[position])
    }

    /// The first position (nil when there are none); valid while this object lives.
    var base: UnsafePointer<Int32>? { UnsafePointer(rows.baseAddress) }
}
