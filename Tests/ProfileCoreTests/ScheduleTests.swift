import Foundation
import ProfileCore
import Testing

@Suite struct ScheduleParsingTests {
    @Test(arguments: [
        ("Every 5 minutes between 0 and 59", "0-59/5 * * * * run", "*-*-* *:00/5:00"),
        ("every 15 minutes between 10 and 40", "10-40/15 * * * * run", "*-*-* *:10,25,40:00"),
        ("Every 1 minute between 0 and 59", "0-59/1 * * * * run", "*-*-* *:00/1:00"),
        ("Hourly between 0 and 59", "0 * * * * run", "*-*-* *:00:00"),
        ("Hourly at 15", "15 * * * * run", "*-*-* *:15:00"),
        ("Daily at 01:00:00", "0 1 * * * run", "*-*-* 01:00:00"),
        ("DAILY AT 1:05", "5 1 * * * run", "*-*-* 01:05:00"),
        ("Daily between 22:00:00 and 06:00:00", "0 22 * * * run", "*-*-* 22:00:00"),
        ("Weekly between Fri 22:00:00 and Sun 06:00:00", "0 22 * * 5 run", "Fri *-*-* 22:00:00"),
        ("weekly at monday 08:30:00", "30 8 * * 1 run", "Mon *-*-* 08:30:00"),
        ("Weekly at Sun 00:00:00", "0 0 * * 0 run", "Sun *-*-* 00:00:00"),
        ("Monthly at 15 15:00:00", "0 15 15 * * run", "*-*-15 15:00:00"),
        ("Monthly between 7 03:00:00 and 8 04:00:00", "0 3 7 * * run", "*-*-07 03:00:00"),
        ("Yearly at Jan 1 09:00:00", "0 9 1 1 * run", "*-01-01 09:00:00"),
        ("Yearly between December 24 18:00:00 and Dec 26 06:00:00", "0 18 24 12 * run", "*-12-24 18:00:00"),
    ])
    func forms(text: String, cron: String, systemd: String) throws {
        let schedule = try Schedule(text)
        #expect(schedule.text == text)
        #expect(schedule.crontabLine(command: "run") == cron)
        #expect(schedule.systemdOnCalendar() == systemd)
    }

    @Test func secondsAreNotExpressibleInCron() throws {
        let schedule = try Schedule("Daily at 01:00:30")
        #expect(schedule.crontabLine(command: "run") == nil)
        #expect(schedule.systemdOnCalendar() == "*-*-* 01:00:30")
        #expect(try Schedule("Weekly at Tue 01:00:01").crontabLine(command: "x") == nil)
    }

    @Test(arguments: [
        ("", 1, "empty schedule"),
        ("Daily", 6, "expected 'at' or 'between' after 'Daily'"),
        ("Daily 01:00:00", 7, "expected 'at' or 'between' after 'Daily', found '01:00:00'"),
        ("Daily at 25:00:00", 10, "hour 25 out of range 0–23"),
        ("Daily at 01:60:00", 10, "minute 60 out of range 0–59"),
        ("Daily at 01:00:61", 10, "second 61 out of range 0–59"),
        ("Daily at 1am", 10, "expected a time HH:MM:SS, found '1am'"),
        ("Daily at 01:00:00 please", 19, "unexpected 'please' after the end of the schedule"),
        ("Daily between 01:00:00 or 02:00:00", 24, "expected 'and' after the window start, found 'or'"),
        ("Every 0 minutes between 0 and 59", 7, "minute interval 0 out of range 1–59"),
        ("Every 5 hours between 0 and 59", 9, "expected 'minutes' after the interval, found 'hours'"),
        ("Every 5 minutes between 30 and 10", 32, "window ends at minute 10, before it starts at minute 30"),
        ("Every 5 minutes", 16, "expected 'between' after 'Every 5 minutes'"),
        ("Hourly between 0 and", 21, "schedule ends where a minute was expected"),
        ("Hourly between 0 and 60", 22, "minute 60 out of range 0–59"),
        ("Weekly at Funday 01:00:00", 11, "expected a day of the week (Mon…Sun), found 'Funday'"),
        ("Monthly at 32 01:00:00", 12, "day 32 out of range 1–31"),
        ("Monthly by 2 Sat 01:00:00", 9, "'Monthly by' schedules are not supported; use 'Monthly at D HH:MM:SS'"),
        ("Yearly at Feb 30 01:00:00", 15, "Feb has no day 30"),
        ("Yearly at Smarch 1 01:00:00", 11, "expected a month (Jan…Dec), found 'Smarch'"),
        ("Fortnightly at 01:00:00", 1, "unknown schedule 'Fortnightly' (expected Every, Hourly, Daily, Weekly, Monthly or Yearly)"),
    ])
    func errors(text: String, column: Int, message: String) {
        #expect(throws: ScheduleError(column: column, message: message)) { try Schedule(text) }
    }
}

/// Calendars with fixed zones and readable instants for the run tests.
private func calendar(_ zone: String) -> Calendar {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: zone)!
    return calendar
}

private func instant(_ text: String) -> Date {
    ISO8601DateFormatter().date(from: text)!
}

private func runs(_ schedule: String, after: String, count: Int, zone: String = "UTC") throws -> [String] {
    let formatter = ISO8601DateFormatter()
    formatter.timeZone = TimeZone(identifier: zone)!
    return try Schedule(schedule).nextRuns(after: instant(after), count: count, calendar: calendar(zone))
        .map { formatter.string(from: $0) }
}

@Suite struct ScheduleNextRunTests {
    @Test func everyNMinutesWithinTheWindow() throws {
        #expect(try runs("Every 15 minutes between 10 and 40", after: "2026-01-01T00:41:00Z", count: 4) == [
            "2026-01-01T01:10:00Z", "2026-01-01T01:25:00Z", "2026-01-01T01:40:00Z", "2026-01-01T02:10:00Z",
        ])
        #expect(try runs("Every 5 minutes between 0 and 59", after: "2026-01-01T23:57:30Z", count: 2) == [
            "2026-01-02T00:00:00Z", "2026-01-02T00:05:00Z",
        ])
    }

    @Test func hourlyTakesTheWindowStart() throws {
        #expect(try runs("Hourly between 20 and 40", after: "2026-01-01T10:20:00Z", count: 2) == [
            "2026-01-01T11:20:00Z", "2026-01-01T12:20:00Z",
        ])
    }

    @Test func scheduledTimeItselfIsNotAfter() throws {
        #expect(try runs("Daily at 01:00:00", after: "2026-01-01T01:00:00Z", count: 2) == [
            "2026-01-02T01:00:00Z", "2026-01-03T01:00:00Z",
        ])
        #expect(try runs("Daily at 01:00:00", after: "2026-01-01T00:59:59Z", count: 1) == ["2026-01-01T01:00:00Z"])
    }

    @Test func weeklyTakesTheWindowStart() throws {
        // 2026-01-01 is a Thursday.
        #expect(try runs("Weekly between Fri 22:00:00 and Sun 06:00:00", after: "2026-01-01T00:00:00Z", count: 2) == [
            "2026-01-02T22:00:00Z", "2026-01-09T22:00:00Z",
        ])
    }

    @Test func monthlyAt31SkipsShortMonths() throws {
        #expect(try runs("Monthly at 31 12:00:00", after: "2026-01-31T12:00:00Z", count: 3) == [
            "2026-03-31T12:00:00Z", "2026-05-31T12:00:00Z", "2026-07-31T12:00:00Z",
        ])
        #expect(try runs("Monthly at 29 00:00:00", after: "2027-12-30T00:00:00Z", count: 2) == [
            "2028-01-29T00:00:00Z", "2028-02-29T00:00:00Z",
        ])
        #expect(try runs("Monthly at 15 15:00:00", after: "2026-12-20T00:00:00Z", count: 1) == ["2027-01-15T15:00:00Z"])
    }

    @Test func yearly() throws {
        #expect(try runs("Yearly at Jan 1 09:00:00", after: "2026-12-31T23:00:00Z", count: 2) == [
            "2027-01-01T09:00:00Z", "2028-01-01T09:00:00Z",
        ])
        #expect(try runs("Yearly at Feb 29 12:00:00", after: "2026-01-01T00:00:00Z", count: 2) == [
            "2028-02-29T12:00:00Z", "2032-02-29T12:00:00Z",
        ])
        #expect(try runs("Yearly at Jun 30 00:00:00", after: "2026-03-01T00:00:00Z", count: 1) == ["2026-06-30T00:00:00Z"])
    }

    @Test func dailyKeepsLocalTimeAcrossTheSpringChange() throws {
        // Europe/Berlin moves from +01:00 to +02:00 at 2026-03-29 02:00 local.
        #expect(try runs("Daily at 01:00:00", after: "2026-03-27T12:00:00Z", count: 3, zone: "Europe/Berlin") == [
            "2026-03-28T01:00:00+01:00", "2026-03-29T01:00:00+01:00", "2026-03-30T01:00:00+02:00",
        ])
    }

    @Test func missingLocalTimeRunsOneGapLater() throws {
        #expect(try runs("Daily at 02:30:00", after: "2026-03-28T12:00:00Z", count: 2, zone: "Europe/Berlin") == [
            "2026-03-29T03:30:00+02:00", "2026-03-30T02:30:00+02:00",
        ])
    }

    @Test func repeatedLocalTimeRunsOnceOnItsFirstOccurrence() throws {
        // Berlin repeats 02:00–03:00 local on 2026-10-25.
        #expect(try runs("Daily at 02:30:00", after: "2026-10-24T12:00:00Z", count: 2, zone: "Europe/Berlin") == [
            "2026-10-25T02:30:00+02:00", "2026-10-26T02:30:00+01:00",
        ])
    }

    @Test func minuteSchedulesFollowRealHoursAcrossChanges() throws {
        #expect(try runs("Hourly between 0 and 59", after: "2026-03-29T00:30:00Z", count: 3, zone: "Europe/Berlin") == [
            "2026-03-29T03:00:00+02:00", "2026-03-29T04:00:00+02:00", "2026-03-29T05:00:00+02:00",
        ])
        #expect(try runs("Every 30 minutes between 0 and 59", after: "2026-10-25T00:00:00Z", count: 4, zone: "Europe/Berlin") == [
            "2026-10-25T02:30:00+02:00", "2026-10-25T02:00:00+01:00", "2026-10-25T02:30:00+01:00", "2026-10-25T03:00:00+01:00",
        ])
    }

    @Test func halfHourZonesKeepLocalMinutes() throws {
        #expect(try runs("Hourly between 15 and 59", after: "2026-01-01T00:00:00Z", count: 2, zone: "Asia/Kolkata") == [
            "2026-01-01T06:15:00+05:30", "2026-01-01T07:15:00+05:30",
        ])
    }

    @Test func onlyTheCalendarsTimeZoneMatters() throws {
        var buddhist = Calendar(identifier: .buddhist)
        buddhist.timeZone = TimeZone(identifier: "UTC")!
        // Buddhist year 2571 is Gregorian 2028, a leap year.
        let runs = try Schedule("Yearly at Feb 29 12:00:00").nextRuns(after: instant("2026-01-01T00:00:00Z"), count: 1, calendar: buddhist)
        #expect(runs == [instant("2028-02-29T12:00:00Z")])
    }

    @Test func countZeroAndNegativeGiveNothing() throws {
        #expect(try Schedule("Daily at 01:00:00").nextRuns(after: Date(), count: 0, calendar: calendar("UTC")).isEmpty)
        #expect(try Schedule("Daily at 01:00:00").nextRuns(after: Date(), count: -3, calendar: calendar("UTC")).isEmpty)
    }
}

@Suite struct ScheduleIsDueTests {
    let utc = calendar("UTC")

    @Test func neverRunIsDue() throws {
        #expect(try Schedule("Yearly at Jan 1 00:00:00").isDue(lastRun: nil, now: instant("2026-06-01T00:00:00Z"), calendar: utc))
    }

    @Test func dueExactlyAtTheScheduledTime() throws {
        let schedule = try Schedule("Daily at 01:00:00")
        let lastRun = instant("2026-01-01T01:00:00Z")
        #expect(!schedule.isDue(lastRun: lastRun, now: instant("2026-01-02T00:59:59Z"), calendar: utc))
        #expect(schedule.isDue(lastRun: lastRun, now: instant("2026-01-02T01:00:00Z"), calendar: utc))
        #expect(schedule.isDue(lastRun: lastRun, now: instant("2026-01-05T00:00:00Z"), calendar: utc))
    }

    @Test func lastRunJustBeforeTheTime() throws {
        let schedule = try Schedule("Daily at 01:00:00")
        #expect(schedule.isDue(lastRun: instant("2026-01-01T00:59:59Z"), now: instant("2026-01-01T01:00:00Z"), calendar: utc))
        #expect(!schedule.isDue(lastRun: instant("2026-01-01T00:59:59Z"), now: instant("2026-01-01T00:59:59Z"), calendar: utc))
    }

    @Test func lastRunInTheFutureIsNotDue() throws {
        let schedule = try Schedule("Every 5 minutes between 0 and 59")
        #expect(!schedule.isDue(lastRun: instant("2026-01-01T12:00:00Z"), now: instant("2026-01-01T11:00:00Z"), calendar: utc))
    }

    @Test func dependsOnTheCalendarsZone() throws {
        let schedule = try Schedule("Daily at 01:00:00")
        let lastRun = instant("2026-06-01T01:30:00Z")  // 03:30 in Berlin
        let now = instant("2026-06-01T23:30:00Z")  // 01:30 in Berlin (+02:00)
        #expect(schedule.isDue(lastRun: lastRun, now: now, calendar: calendar("Europe/Berlin")))
        #expect(!schedule.isDue(lastRun: lastRun, now: now, calendar: utc))
    }
}
