/// Parses the SharePoint schedule grammar, word by word.
///
///     schedule := "Every" N ("minute"|"minutes") "between" M "and" M
///               | "Hourly" ("between" M "and" M | "at" M)
///               | "Daily" ("at" T | "between" T "and" T)
///               | "Weekly" ("at" W T | "between" W T "and" W T)
///               | "Monthly" ("at" D T | "between" D T "and" D T)
///               | "Yearly" ("at" Mon D T | "between" Mon D T "and" Mon D T)
///     M := 0…59 (minute past the hour)    T := HH:MM:SS or HH:MM (24-hour)
///     W := Sun…Sat or Sunday…Saturday     Mon := Jan…Dec or January…December
///     D := 1…31
///
/// `Monthly by` (nth weekday of the month) is not supported and says so.
struct ScheduleParser {
    private struct Word {
        var text: String
        var column: Int
    }

    private let words: [Word]
    private let endColumn: Int
    private var position = 0

    init(_ text: String) {
        var words: [Word] = []
        var current = ""
        var start = 0
        var column = 0
        for character in text {
            column += 1
            if character.isWhitespace {
                if !current.isEmpty { words.append(Word(text: current, column: start)) }
                current = ""
            } else {
                if current.isEmpty { start = column }
                current.append(character)
            }
        }
        if !current.isEmpty { words.append(Word(text: current, column: start)) }
        self.words = words
        self.endColumn = column + 1
    }

    mutating func parse() throws(ScheduleError) -> Recurrence {
        guard let first = next() else {
            throw ScheduleError(column: 1, message: "empty schedule")
        }
        let recurrence: Recurrence
        switch first.text.lowercased() {
        case "every":
            let interval = try number(in: 1...59, "minute interval")
            let unit = try word("'minutes'")
            guard ["minute", "minutes"].contains(unit.text.lowercased()) else {
                throw ScheduleError(column: unit.column, message: "expected 'minutes' after the interval, found '\(unit.text)'")
            }
            try keyword("between", after: "'Every \(interval) minutes'")
            let from = try number(in: 0...59, "minute")
            try keyword("and", after: "the window start")
            let to = try number(in: 0...59, "minute")
            guard from <= to else {
                throw ScheduleError(column: words[position - 1].column, message: "window ends at minute \(to), before it starts at minute \(from)")
            }
            recurrence = .minutes(interval: interval, first: from, last: to)
        case "hourly":
            if try atOrBetween(after: first) {
                recurrence = .hourly(minute: try number(in: 0...59, "minute"))
            } else {
                let from = try number(in: 0...59, "minute")
                try keyword("and", after: "the window start")
                _ = try number(in: 0...59, "minute")
                recurrence = .hourly(minute: from)
            }
        case "daily":
            let isAt = try atOrBetween(after: first)
            let time = try timeOfDay()
            if !isAt {
                try keyword("and", after: "the window start")
                _ = try timeOfDay()
            }
            recurrence = .daily(time)
        case "weekly":
            let isAt = try atOrBetween(after: first)
            let weekday = try self.weekday()
            let time = try timeOfDay()
            if !isAt {
                try keyword("and", after: "the window start")
                _ = try self.weekday()
                _ = try timeOfDay()
            }
            recurrence = .weekly(weekday: weekday, time)
        case "monthly":
            if let by = peek(), by.text.lowercased() == "by" {
                throw ScheduleError(column: by.column, message: "'Monthly by' schedules are not supported; use 'Monthly at D HH:MM:SS'")
            }
            let isAt = try atOrBetween(after: first)
            let day = try number(in: 1...31, "day")
            let time = try timeOfDay()
            if !isAt {
                try keyword("and", after: "the window start")
                _ = try number(in: 1...31, "day")
                _ = try timeOfDay()
            }
            recurrence = .monthly(day: day, time)
        case "yearly":
            let isAt = try atOrBetween(after: first)
            let (month, day) = try monthDay()
            let time = try timeOfDay()
            if !isAt {
                try keyword("and", after: "the window start")
                _ = try monthDay()
                _ = try timeOfDay()
            }
            recurrence = .yearly(month: month, day: day, time)
        default:
            throw ScheduleError(
                column: first.column,
                message: "unknown schedule '\(first.text)' (expected Every, Hourly, Daily, Weekly, Monthly or Yearly)")
        }
        if let extra = peek() {
            throw ScheduleError(column: extra.column, message: "unexpected '\(extra.text)' after the end of the schedule")
        }
        return recurrence
    }

    private func peek() -> Word? { position < words.count ? words[position] : nil }

    private mutating func next() -> Word? {
        defer { position += 1 }
        return peek()
    }

    private mutating func word(_ expected: String) throws(ScheduleError) -> Word {
        guard let word = next() else {
            throw ScheduleError(column: endColumn, message: "schedule ends where \(expected) was expected")
        }
        return word
    }

    /// True for "at", false for "between".
    private mutating func atOrBetween(after first: Word) throws(ScheduleError) -> Bool {
        let expected = "expected 'at' or 'between' after '\(first.text)'"
        guard let word = next() else { throw ScheduleError(column: endColumn, message: expected) }
        switch word.text.lowercased() {
        case "at": return true
        case "between": return false
        default: throw ScheduleError(column: word.column, message: "\(expected), found '\(word.text)'")
        }
    }

    private mutating func keyword(_ keyword: String, after context: String) throws(ScheduleError) {
        let expected = "expected '\(keyword)' after \(context)"
        guard let word = next() else { throw ScheduleError(column: endColumn, message: expected) }
        guard word.text.lowercased() == keyword else {
            throw ScheduleError(column: word.column, message: "\(expected), found '\(word.text)'")
        }
    }

    private mutating func number(in range: ClosedRange<Int>, _ name: String) throws(ScheduleError) -> Int {
        let word = try word("a \(name)")
        guard word.text.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(word.text) else {
            throw ScheduleError(column: word.column, message: "expected a \(name), found '\(word.text)'")
        }
        guard range.contains(value) else {
            throw ScheduleError(column: word.column, message: "\(name) \(value) out of range \(range.lowerBound)–\(range.upperBound)")
        }
        return value
    }

    private mutating func timeOfDay() throws(ScheduleError) -> TimeOfDay {
        let word = try word("a time HH:MM:SS")
        let parts = word.text.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count),
            parts.allSatisfy({ !$0.isEmpty && $0.count <= 2 && $0.allSatisfy { $0.isASCII && $0.isNumber } })
        else {
            throw ScheduleError(column: word.column, message: "expected a time HH:MM:SS, found '\(word.text)'")
        }
        let values = parts.map { Int($0) ?? 0 }
        let time = TimeOfDay(hour: values[0], minute: values[1], second: values.count > 2 ? values[2] : 0)
        let checks = [("hour", time.hour, 23), ("minute", time.minute, 59), ("second", time.second, 59)]
        for (name, value, maximum) in checks where value > maximum {
            throw ScheduleError(column: word.column, message: "\(name) \(value) out of range 0–\(maximum)")
        }
        return time
    }

    private mutating func weekday() throws(ScheduleError) -> Int {
        let word = try word("a day of the week")
        guard let weekday = Self.weekdays.firstIndex(where: { $0.contains(word.text.lowercased()) }) else {
            throw ScheduleError(column: word.column, message: "expected a day of the week (Mon…Sun), found '\(word.text)'")
        }
        return weekday + 1
    }

    private mutating func monthDay() throws(ScheduleError) -> (Int, Int) {
        let word = try word("a month")
        guard let index = Self.months.firstIndex(where: { $0.contains(word.text.lowercased()) }) else {
            throw ScheduleError(column: word.column, message: "expected a month (Jan…Dec), found '\(word.text)'")
        }
        let month = index + 1
        let maximum = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][index]
        let dayWord = peek()
        let day = try number(in: 1...31, "day")
        guard day <= maximum else {
            throw ScheduleError(column: dayWord?.column ?? endColumn, message: "\(word.text) has no day \(day)")
        }
        return (month, day)
    }

    /// Sunday first, matching `Calendar`'s weekday numbers.
    private static let weekdays: [Set<String>] = [
        ["sun", "sunday"], ["mon", "monday"], ["tue", "tues", "tuesday"], ["wed", "wednesday"],
        ["thu", "thur", "thurs", "thursday"], ["fri", "friday"], ["sat", "saturday"],
    ]

    private static let months: [Set<String>] = [
        ["jan", "january"], ["feb", "february"], ["mar", "march"], ["apr", "april"], ["may"], ["jun", "june"],
        ["jul", "july"], ["aug", "august"], ["sep", "sept", "september"], ["oct", "october"],
        ["nov", "november"], ["dec", "december"],
    ]
}
