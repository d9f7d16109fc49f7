/// Every profile's joined business rows, by business connection.
///
/// A dictionary per profile (connection name → rows) was a million small
/// maps at a million users, allocated in the join stage and held to the
/// commit. Here each business connection has one array with a slot per
/// candidate, holding where the candidate's rows lie among its extract's
/// rows grouped by key (`RowsByKey`): 8 bytes, and no array of rows per
/// key or per candidate.
///
/// A class, filled by the join on one thread and only read after: each
/// profile's build takes its view (`of(candidate:)`) on every core, and a
/// struct's copy retained each of its arrays, shared by every profile.
final class JoinedRows: @unchecked Sendable {
    /// A run of a `RowsByKey`'s positions; `count` 0 for no rows.
    struct Span: Sendable {
        var start: UInt32
        var count: UInt32

        static let empty = Span(start: 0, count: 0)
    }

    private let connections: [String: Int]
    /// Per connection, its extract's rows by key; held so that `bases` stay valid.
    private let rowsByKey: [RowsByKey]
    private let bases: [UnsafePointer<Int32>?]
    private var spans: [[Span]]

    /// `rowsByKey` has each connection's extract's rows, in `connections`' order.
    init(connections: [String], rowsByKey: [RowsByKey], candidates: Int) {
        precondition(rowsByKey.count == connections.count, "rows for every connection")
        self.connections = Dictionary(uniqueKeysWithValues: connections.enumerated().map { ($1, $0) })
        self.rowsByKey = rowsByKey
        bases = rowsByKey.map(\.base)
        spans = connections.map { _ in Array(repeating: .empty, count: candidates) }
    }

    /// No rows for anyone: what a join key is computed with.
    static let none = JoinedRows(connections: [], rowsByKey: [], candidates: 0)

    /// Sets a candidate's rows: `positions` in the connection's `RowsByKey`.
    /// Only before any view is taken.
    func set(_ positions: Range<Int>, connection: String, candidate: Int) {
        spans[connections[connection]!][candidate] = Span(
            start: UInt32(positions.lowerBound), count: UInt32(positions.count))
    }

    /// One candidate's rows.
    func of(candidate: Int) -> Profile {
        Profile(table: self, candidate: candidate)
    }

    /// A candidate's view: its rows of each business connection.
    struct Profile {
        fileprivate let table: JoinedRows
        fileprivate let candidate: Int

        /// The rows joined from the connection numbered `slot` (its place
        /// in the `connections` the table was made with), valid while this
        /// view is.
        func rows(slot: Int) -> Rows {
            Rows(base: table.bases[slot], span: table.spans[slot][candidate])
        }

        /// The rows joined from `connection` (empty when none were).
        subscript(connection: String) -> Rows {
            guard let slot = table.connections[connection] else { return Rows(base: nil, span: .empty) }
            return rows(slot: slot)
        }
    }

    /// One candidate's row positions from one connection, in file order.
    /// Points into its `RowsByKey`, which the table holds: no reference to
    /// count on every core for every joined property.
    struct Rows: RandomAccessCollection {
        fileprivate let base: UnsafePointer<Int32>?
        fileprivate let span: Span

        var startIndex: Int { 0 }
        var endIndex: Int { Int(span.count) }

        subscript(position: Int) -> Int {
            precondition(position >= 0 && position < endIndex, "row index out of range")
            return Int(base![Int(span.start) + position])
        }
    }
}
