/// Why a schedule could not be parsed: the 1-based column in the schedule
/// text and a plain message, e.g. "hour 25 out of range 0–23".
public struct ScheduleError: Error, Sendable, Hashable, CustomStringConvertible {
    public var column: Int
    public var message: String

    public init(column: Int, message: String) {
        self.column = column
        self.message = message
    }

    public var description: String { "column \(column): \(message)" }
}
