/// A UTC date and time in the proleptic Gregorian calendar, years 1...9999,
/// with 100 ns ticks. Arithmetic is done here (Hinnant's days-from-civil)
/// rather than through `Calendar`: it is exact, locale-free and cheap per
/// profile.
struct CivilMoment: Equatable {
    var year: Int64 = 1
    var month: Int64 = 1
    var day: Int64 = 1
    var hour: Int64 = 0
    var minute: Int64 = 0
    var second: Int64 = 0
    /// 100 ns units within the second, 0..<10_000_000.
    var ticks: Int64 = 0

    var isValid: Bool {
        (1...9999).contains(year) && (1...12).contains(month)
            && (1...Self.daysInMonth(year: year, month: month)).contains(day)
            && (0...23).contains(hour) && (0...59).contains(minute) && (0...59).contains(second)
            && (0..<10_000_000).contains(ticks)
    }

    static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    static func isLeap(_ year: Int64) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// Days since 1970-01-01.
    static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let shiftedMonth = (month + 9) % 12
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The moment `seconds` after 1970-01-01T00:00:00Z.
    init(secondsSinceEpoch seconds: Int64, ticks: Int64 = 0) {
        var days = seconds / 86_400
        var rest = seconds % 86_400
        if rest < 0 {
            rest += 86_400
            days -= 1
        }
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        hour = rest / 3600
        minute = rest % 3600 / 60
        second = rest % 60
        self.ticks = ticks
    }

    init() {}

    var secondsSinceEpoch: Int64 {
        Self.days(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
    }

    /// 1 = Sunday … 7 = Saturday, as `Calendar` numbers weekdays.
    var weekday: Int64 {
        let days = Self.days(year: year, month: month, day: day)
        // 1970-01-01 was a Thursday (5).
        return ((days % 7 + 7) % 7 + 4) % 7 + 1
    }

    /// The canonical date text of expression values: `2024-01-15T09:30:00Z`.
    var iso8601: String {
        DateTimePattern.canonical.format(self)
    }

    /// ISO 8601 (`yyyy-MM-dd`, optionally `THH:mm[:ss[.f…]]` and `Z` or
    /// `±hh:mm`, converted to UTC) or generalized time (`yyyyMMddHHmmss[.f…]Z`).
    init?(iso8601OrGeneralizedTime text: String) {
        let bytes = Array(text.utf8)
        var index = 0
        func number(_ width: Int) -> Int64? {
            guard index + width <= bytes.count else { return nil }
            var value: Int64 = 0
            for byte in bytes[index..<(index + width)] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int64(byte - UInt8(ascii: "0"))
            }
            index += width
            return value
        }
        func accept(_ character: Character) -> Bool {
            guard index < bytes.count, let ascii = character.asciiValue, bytes[index] == ascii else { return false }
            index += 1
            return true
        }
        var moment = CivilMoment()
        guard let year = number(4) else { return nil }
        moment.year = year
        let extended = accept("-")
        guard let month = number(2) else { return nil }
        moment.month = month
        if extended { guard accept("-") else { return nil } }
        guard let day = number(2) else { return nil }
        moment.day = day
        var offsetSeconds: Int64 = 0
        if index < bytes.count {
            if extended { guard accept("T") || accept(" ") else { return nil } }
            guard let hour = number(2) else { return nil }
            moment.hour = hour
            if extended { guard accept(":") else { return nil } }
            guard let minute = number(2) else { return nil }
            moment.minute = minute
            if !extended || accept(":") {
                guard let second = number(2) else { return nil }
                moment.second = second
            }
            if accept(".") || accept(",") {
                var digits = 0
                var ticks: Int64 = 0
                while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
                    if digits < 7 { ticks = ticks * 10 + Int64(bytes[index] - UInt8(ascii: "0")) }
                    digits += 1
                    index += 1
                }
                guard digits > 0 else { return nil }
                for _ in digits..<max(digits, 7) { ticks *= 10 }
                moment.ticks = ticks
            }
            if accept("Z") || accept("z") {
                // UTC already.
            } else if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                let sign: Int64 = bytes[index] == UInt8(ascii: "+") ? 1 : -1
                index += 1
                guard let hours = number(2) else { return nil }
                _ = accept(":")
                guard let minutes = number(2), hours <= 14, minutes <= 59 else { return nil }
                offsetSeconds = sign * (hours * 3600 + minutes * 60)
            } else if !extended {
                return nil  // generalized time needs its zone
            }
        }
        guard index == bytes.count, moment.isValid else { return nil }
        if offsetSeconds != 0 {
            let shifted = CivilMoment(secondsSinceEpoch: moment.secondsSinceEpoch - offsetSeconds, ticks: moment.ticks)
            guard shifted.isValid else { return nil }
            moment = shifted
        }
        self = moment
    }
}
