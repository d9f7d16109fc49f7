/// Windows FILETIME: 100 ns ticks since 1601-01-01T00:00:00Z.
enum FileTime {
    /// Seconds from 1601-01-01 to 1970-01-01.
    private static let epochOffset: Int64 = 11_644_473_600

    /// The moment, or nil for AD's "never" values (0 and Int64.max) and for
    /// negative or out-of-range ticks.
    static func moment(ticks: Int64) -> CivilMoment? {
        guard ticks > 0, ticks != Int64.max else { return nil }
        let moment = CivilMoment(secondsSinceEpoch: ticks / 10_000_000 - epochOffset, ticks: ticks % 10_000_000)
        return moment.isValid ? moment : nil
    }
}
