import Foundation

extension Schedule {
    /// The next `count` due times strictly after `after`, in `calendar`'s
    /// time zone (the host's by default).
    ///
    /// - Minute and hourly schedules step through real hours, so in the
    ///   autumn the repeated hour runs twice and in spring the missing hour
    ///   does not run.
    /// - Daily and longer schedules run once per local day: a time that does
    ///   not exist (skipped by a spring DST change) runs as `Calendar`
    ///   resolves it, one gap later (02:30 → 03:30 in Europe/Berlin); a
    ///   repeated time runs at its first occurrence.
    /// - `Monthly at 31` skips months without a 31st and `Yearly at Feb 29`
    ///   runs only in leap years — as cron and systemd do, so `--if-due` and
    ///   the generated timers agree.
    ///
    /// Only `calendar`'s time zone matters: day and month arithmetic is
    /// always Gregorian, as SharePoint's is.
    public func nextRuns(after: Date, count: Int, calendar: Calendar = .current) -> [Date] {
        guard count > 0 else { return [] }
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = calendar.timeZone
        let calendar = gregorian
        switch recurrence {
        case .minutes(let interval, let first, let last):
            return hourlyRuns(after: after, count: count, calendar: calendar,
                              minutes: Array(stride(from: first, through: last, by: interval)))
        case .hourly(let minute):
            return hourlyRuns(after: after, count: count, calendar: calendar, minutes: [minute])
        case .daily(let time):
            return dailyRuns(after: after, count: count, calendar: calendar, time: time, limit: count + 2) { _ in true }
        case .weekly(let weekday, let time):
            return dailyRuns(after: after, count: count, calendar: calendar, time: time, limit: 7 * (count + 1)) {
                $0.weekday == Int64(weekday)
            }
        case .monthly(let day, let time):
            return monthlyRuns(after: after, count: count, calendar: calendar, time: time, step: 1, limit: 12 * (count + 1)) {
                year, month in CivilMoment.daysInMonth(year: year, month: month) >= day ? day : nil
            }
        case .yearly(let month, let day, let time):
            // Start at January so the stepping by 12 stays on `month`.
            return monthlyRuns(after: after, count: count, calendar: calendar, time: time, step: 12, limit: 8 * (count + 1), firstMonth: month) {
                year, candidate in CivilMoment.daysInMonth(year: year, month: candidate) >= day ? day : nil
            }
        }
    }

    /// Whether a due time falls in `(lastRun, now]`; a job that never ran is due.
    public func isDue(lastRun: Date?, now: Date, calendar: Calendar = .current) -> Bool {
        guard let lastRun else { return true }
        guard let next = nextRuns(after: lastRun, count: 1, calendar: calendar).first else { return false }
        return next <= now
    }

    private func hourlyRuns(after: Date, count: Int, calendar: Calendar, minutes: [Int]) -> [Date] {
        var runs: [Date] = []
        var hourStart = startOfHour(containing: after, calendar: calendar)
        // A bound, not an expectation: every hour yields at least one run.
        for _ in 0..<(count + 2) {
            for minute in minutes {
                let run = hourStart.addingTimeInterval(TimeInterval(minute * 60))
                if run > after {
                    runs.append(run)
                    if runs.count == count { return runs }
                }
            }
            hourStart = startOfHour(containing: hourStart.addingTimeInterval(3600), calendar: calendar)
        }
        return runs
    }

    /// The local hour boundary at or before `date` (whole seconds; offsets
    /// such as +05:30 keep local hours on the half hour).
    private func startOfHour(containing date: Date, calendar: Calendar) -> Date {
        let seconds = date.timeIntervalSinceReferenceDate.rounded(.down)
        let whole = Date(timeIntervalSinceReferenceDate: seconds)
        let parts = calendar.dateComponents([.minute, .second], from: whole)
        return whole.addingTimeInterval(-TimeInterval((parts.minute ?? 0) * 60 + (parts.second ?? 0)))
    }

    private func dailyRuns(
        after: Date, count: Int, calendar: Calendar, time: TimeOfDay, limit: Int, matches: (CivilMoment) -> Bool
    ) -> [Date] {
        let today = calendar.dateComponents([.year, .month, .day], from: after)
        let firstDay = CivilMoment.days(
            year: Int64(today.year ?? 1970), month: Int64(today.month ?? 1), day: Int64(today.day ?? 1))
        var runs: [Date] = []
        // Yesterday too: its local time may still lie after `after` near a DST change.
        for offset in -1...limit {
            let day = CivilMoment(secondsSinceEpoch: (firstDay + Int64(offset)) * 86_400)
            guard matches(day), let run = date(day.year, day.month, day.day, time, calendar), run > after else { continue }
            runs.append(run)
            if runs.count == count { break }
        }
        return runs
    }

    private func monthlyRuns(
        after: Date, count: Int, calendar: Calendar, time: TimeOfDay, step: Int64, limit: Int, firstMonth: Int? = nil,
        day: (Int64, Int64) -> Int?
    ) -> [Date] {
        let today = calendar.dateComponents([.year, .month], from: after)
        var year = Int64(today.year ?? 1970)
        var month = Int64(today.month ?? 1)
        if let firstMonth {
            // Yearly: start at this year's (or, to be safe near New Year, last year's) month.
            year -= 1
            month = Int64(firstMonth)
        } else {
            month -= 1
            if month == 0 { month = 12; year -= 1 }
        }
        var runs: [Date] = []
        for _ in 0...limit {
            if let day = day(year, month), let run = date(year, month, Int64(day), time, calendar), run > after {
                runs.append(run)
                if runs.count == count { break }
            }
            month += step
            while month > 12 { month -= 12; year += 1 }
        }
        return runs
    }

    private func date(_ year: Int64, _ month: Int64, _ day: Int64, _ time: TimeOfDay, _ calendar: Calendar) -> Date? {
        calendar.date(from: DateComponents(
            year: Int(year), month: Int(month), day: Int(day),
            hour: time.hour, minute: time.minute, second: time.second))
    }
}
