extension Schedule {
    /// A crontab line running `command` at the schedule's due times, e.g.
    /// `0 1 * * * profilesync sync --if-due` for `Daily at 01:00:00`. Nil when
    /// cron cannot say it: cron has no seconds, so a time with seconds other
    /// than 00 is not expressible. Cron reads the host's time zone, like the
    /// default calendar of `nextRuns`.
    public func crontabLine(command: String) -> String? {
        let fields: String
        switch recurrence {
        case .minutes(let interval, let first, let last):
            fields = "\(first)-\(last)/\(interval) * * * *"
        case .hourly(let minute):
            fields = "\(minute) * * * *"
        case .daily(let time):
            guard time.second == 0 else { return nil }
            fields = "\(time.minute) \(time.hour) * * *"
        case .weekly(let weekday, let time):
            guard time.second == 0 else { return nil }
            fields = "\(time.minute) \(time.hour) * * \(weekday - 1)"
        case .monthly(let day, let time):
            guard time.second == 0 else { return nil }
            fields = "\(time.minute) \(time.hour) \(day) * *"
        case .yearly(let month, let day, let time):
            guard time.second == 0 else { return nil }
            fields = "\(time.minute) \(time.hour) \(day) \(month) *"
        }
        return fields + " " + command
    }
}
