extension Schedule {
    /// The systemd timer `OnCalendar=` value for the schedule's due times,
    /// e.g. `*-*-* 01:00:00` for `Daily at 01:00:00`. Every schedule is
    /// expressible. `Every N minutes between A and B` becomes `*:A/N` when the
    /// repetition reaches the end of the hour anyway, else the explicit list
    /// of minutes.
    public func systemdOnCalendar() -> String {
        switch recurrence {
        case .minutes(let interval, let first, let last):
            let minutes = Array(stride(from: first, through: last, by: interval))
            if let final = minutes.last, final + interval > 59 {
                return "*-*-* *:\(two(first))/\(interval):00"
            }
            return "*-*-* *:" + minutes.map(two).joined(separator: ",") + ":00"
        case .hourly(let minute):
            return "*-*-* *:\(two(minute)):00"
        case .daily(let time):
            return "*-*-* \(clock(time))"
        case .weekly(let weekday, let time):
            let names = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
            return "\(names[weekday - 1]) *-*-* \(clock(time))"
        case .monthly(let day, let time):
            return "*-*-\(two(day)) \(clock(time))"
        case .yearly(let month, let day, let time):
            return "*-\(two(month))-\(two(day)) \(clock(time))"
        }
    }

    private func clock(_ time: TimeOfDay) -> String {
        "\(two(time.hour)):\(two(time.minute)):\(two(time.second))"
    }

    private func two(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
