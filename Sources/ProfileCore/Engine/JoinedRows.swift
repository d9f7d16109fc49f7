/// Every profile's joined business rows, by business connection.
///
/// A dictionary per profile (connection name → rows) was a million small
/// maps at a million users, allocated in the join stage and held to the
/// commit. Here each business connection has one array with a slot per
/// candidate; a candidate without a row has an empty array (no allocation),
/// and candidates that share rows share the array.
struct JoinedRows: Sendable {
    private let connections: [String: Int]
    private var rows: [[[Int]]]

    init(connections: [String], candidates: Int) {
        self.connections = Dictionary(uniqueKeysWithValues: connections.enumerated().map { ($1, $0) })
        rows = connections.map { _ in Array(repeating: [], count: candidates) }
    }

    /// No rows for anyone: what a join key is computed with.
    static let none = JoinedRows(connections: [], candidates: 0)

    mutating func set(_ positions: [Int], connection: String, candidate: Int) {
        rows[connections[connection]!][candidate] = positions
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
        /// in the `connections` the table was made with).
        func rows(slot: Int) -> [Int] {
            table.rows[slot][candidate]
        }

        /// The rows joined from `connection` (empty when none were).
        subscript(connection: String) -> [Int] {
            guard let index = table.connections[connection] else { return [] }
            return table.rows[index][candidate]
        }
    }
}
