/// Why a schedule could not be parsed: the 1-based column in the schedule
/// text and a plain message, e.g. "hour 25 out of range 0–23".
public struct ScheduleError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The 1-based character column of the offending word (one past the
    /// end when the text stops too early).
    public var column: Int
    /// A plain-language message.
    public var message: String

    public init(column: Int, message: String) {
        self.column = column
        self.message = message
    }

    public var description: String { "column \(column): \(message)" }
}
