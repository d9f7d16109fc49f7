import Foundation

/// A SharePoint timer-job schedule (DESIGN §4.4), in the grammar of
/// `Set-SPTimerJob -Schedule` / `SPSchedule.FromString`:
///
///     Every 5 minutes between 0 and 59
///     Hourly between 0 and 59
///     Daily at 01:00:00
///     Weekly between Fri 22:00:00 and Sun 06:00:00
///     Monthly at 15 15:00:00
///     Yearly at Jan 1 09:00:00
///
/// SharePoint starts a windowed ("between") job at a random moment in the
/// window; ProfileSync takes the start of the window, so runs are
/// predictable and agree with the generated crontab line and systemd timer.
public struct Schedule: Sendable, Hashable {
    /// The text the schedule was parsed from.
    public private(set) var text: String
    let recurrence: Recurrence

    /// Parses `text` (keywords, day and month names are case-insensitive).
    public init(_ text: String) throws(ScheduleError) {
        var parser = ScheduleParser(text)
        self.recurrence = try parser.parse()
        self.text = text
    }
}

/// The due times a schedule stands for, window starts only.
enum Recurrence: Sendable, Hashable {
    /// Minutes `first`, `first + interval`, … up to `last` past every hour.
    case minutes(interval: Int, first: Int, last: Int)
    case hourly(minute: Int)
    case daily(TimeOfDay)
    /// `weekday`: 1 = Sunday … 7 = Saturday, as `Calendar` numbers them.
    case weekly(weekday: Int, TimeOfDay)
    case monthly(day: Int, TimeOfDay)
    case yearly(month: Int, day: Int, TimeOfDay)
}

struct TimeOfDay: Sendable, Hashable {
    var hour: Int
    var minute: Int
    var second: Int
}
