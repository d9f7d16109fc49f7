/// Reads the date and time spellings CSV extracts use and writes canonical ISO 8601.
///
/// Accepted: ISO 8601 `yyyy-MM-dd`, `yyyy-MM-ddTHH:mm[:ss[.fffffff]]` (a space
/// may stand for `T`) with an optional `Z` or `±HH[:mm]` zone; and the US form
/// Excel and SQL Server tools write, `M/d/yyyy` with an optional
/// ` h:mm[:ss]` and `AM`/`PM` (24-hour without it). The result is
/// `yyyy-MM-dd` for a date alone, else `yyyy-MM-ddTHH:mm:ss` with the fraction
/// (up to 7 digits, .NET's tick precision, trailing zeros dropped); a zoned
/// value is converted to UTC and ends in `Z`. Nil when the text is none of these
/// or names an impossible date (Feb 30, hour 25).
public enum DateTimeText {
    private struct Parts {
        var year = 0, month = 0, day = 0
        var hasTime = false
        var hour = 0, minute = 0, second = 0
        var fraction = ""  // digits after the point
        var offsetMinutes: Int? = nil
    }

    static func canonical(_ text: String) -> String? {
        // `yyyy-MM-dd`, what most extracts write, is its own canonical form:
        // checked where it is and handed back. Parsing it into parts and
        // writing them out again was half of typing an HR row.
        if let isRealDay = plainDateIsRealDay(text) { return isRealDay ? text : nil }
        let bytes = Array(text.utf8)
        guard let parts = parseISO(bytes) ?? parseUS(bytes), valid(parts) else { return nil }
        return format(parts)
    }

    /// For text of exactly the shape `dddd-dd-dd` (ASCII digits): whether it
    /// names a real day (years 0001–9999), as `parseISO` and `valid` would
    /// decide. Nil for any other shape. Date properties use it too
    /// (`PropertyValueConverter`).
    public static func plainDateIsRealDay(_ text: String) -> Bool? {
        let result: Bool?? = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool? in
            guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
            func number(_ range: Range<Int>) -> Int? {
                var value = 0
                for index in range {
                    let digit = bytes[index] &- UInt8(ascii: "0")
                    guard digit < 10 else { return nil }
                    value = value * 10 + Int(digit)
                }
                return value
            }
            guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
            var parts = Parts()
            (parts.year, parts.month, parts.day) = (year, month, day)
            return valid(parts)
        }
        return result ?? nil
    }

    // MARK: Parsing

    /// A tiny cursor over ASCII bytes.
    private struct Scanner {
        let bytes: [UInt8]
        var index = 0
        var atEnd: Bool { index == bytes.count }
        var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func take(_ byte: Character) -> Bool {
            guard peek == byte.asciiValue else { return false }
            index += 1
            return true
        }

        /// `min...max` decimal digits as a number.
        mutating func number(_ min: Int, _ max: Int) -> Int? {
            var value = 0
            var count = 0
            while count < max, let byte = peek, byte >= 0x30, byte <= 0x39 {
                value = value * 10 + Int(byte - 0x30)
                count += 1
                index += 1
            }
            return count >= min ? value : nil
        }

        mutating func digits() -> String {
            var result = ""
            while let byte = peek, byte >= 0x30, byte <= 0x39 {
                result.append(Character(Unicode.Scalar(byte)))
                index += 1
            }
            return result
        }
    }

    private static func parseISO(_ bytes: [UInt8]) -> Parts? {
        var scanner = Scanner(bytes: bytes)
        var parts = Parts()
        guard let year = scanner.number(4, 4), scanner.take("-"), let month = scanner.number(2, 2),
            scanner.take("-"), let day = scanner.number(2, 2)
        else { return nil }
        (parts.year, parts.month, parts.day) = (year, month, day)
        if scanner.atEnd { return parts }
        guard scanner.take("T") || scanner.take(" ") else { return nil }
        guard let hour = scanner.number(2, 2), scanner.take(":"), let minute = scanner.number(2, 2) else { return nil }
        parts.hasTime = true
        (parts.hour, parts.minute) = (hour, minute)
        if scanner.take(":") {
            guard let second = scanner.number(2, 2) else { return nil }
            parts.second = second
            if scanner.take(".") || scanner.take(",") {
                let fraction = scanner.digits()
                guard !fraction.isEmpty else { return nil }
                parts.fraction = String(fraction.prefix(7))
            }
        }
        if scanner.atEnd { return parts }
        if scanner.take("Z") || scanner.take("z") {
            parts.offsetMinutes = 0
        } else {
            let sign: Int
            if scanner.take("+") { sign = 1 } else if scanner.take("-") { sign = -1 } else { return nil }
            guard let hours = scanner.number(2, 2), hours <= 14 else { return nil }
            var minutes = 0
            if !scanner.atEnd {
                _ = scanner.take(":")
                guard let value = scanner.number(2, 2), value < 60 else { return nil }
                minutes = value
            }
            parts.offsetMinutes = sign * (hours * 60 + minutes)
        }
        return scanner.atEnd ? parts : nil
    }

    private static func parseUS(_ bytes: [UInt8]) -> Parts? {
        var scanner = Scanner(bytes: bytes)
        var parts = Parts()
        guard let month = scanner.number(1, 2), scanner.take("/"), let day = scanner.number(1, 2),
            scanner.take("/"), let year = scanner.number(4, 4)
        else { return nil }
        (parts.year, parts.month, parts.day) = (year, month, day)
        if scanner.atEnd { return parts }
        guard scanner.take(" ") else { return nil }
        guard let hour = scanner.number(1, 2), scanner.take(":"), let minute = scanner.number(2, 2) else { return nil }
        parts.hasTime = true
        (parts.hour, parts.minute) = (hour, minute)
        if scanner.take(":") {
            guard let second = scanner.number(2, 2) else { return nil }
            parts.second = second
        }
        if scanner.atEnd { return parts }
        _ = scanner.take(" ")
        let rest = String(decoding: bytes[scanner.index...], as: UTF8.self).uppercased()
        guard rest == "AM" || rest == "PM", (1...12).contains(hour) else { return nil }
        // 12 AM is midnight, 12 PM noon.
        parts.hour = hour % 12 + (rest == "PM" ? 12 : 0)
        return parts
    }

    // MARK: Checking and formatting

    private static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private static func valid(_ parts: Parts) -> Bool {
        (1...9999).contains(parts.year) && (1...12).contains(parts.month)
            && (1...daysIn(month: parts.month, year: parts.year)).contains(parts.day)
            && (0...23).contains(parts.hour) && (0...59).contains(parts.minute) && (0...59).contains(parts.second)
    }

    /// Days since 1970-01-01 (proleptic Gregorian; Howard Hinnant's algorithm).
    private static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146097 + dayOfEra - 719468
    }

    private static func civil(days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let dayOfEra = z - era * 146097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func format(_ input: Parts) -> String? {
        var parts = input
        if let offset = parts.offsetMinutes, offset != 0 {
            // Local time minus its offset is UTC.
            let minutes = days(year: parts.year, month: parts.month, day: parts.day) * 1440
                + parts.hour * 60 + parts.minute - offset
            let day = minutes >= 0 ? minutes / 1440 : (minutes - 1439) / 1440
            let minuteOfDay = minutes - day * 1440
            (parts.year, parts.month, parts.day) = civil(days: day)
            (parts.hour, parts.minute) = (minuteOfDay / 60, minuteOfDay % 60)
            guard (1...9999).contains(parts.year) else { return nil }
        }
        // Written as bytes: an extract's every date went through six padded
        // strings and their concatenation, most of typing an HR row's time.
        var fraction = parts.fraction.utf8[...]
        while fraction.last == UInt8(ascii: "0") { fraction = fraction.dropLast() }
        // A date alone is exactly ten bytes: asked for as such, the string is
        // a small one, held inline (a capacity past 15 bytes allocated one
        // per row: 64 MB of an HR extract's hire dates at a million rows).
        let capacity = parts.hasTime ? 20 + (fraction.isEmpty ? 0 : 1 + fraction.count) : 10
        return String(unsafeUninitializedCapacity: capacity) { buffer in
            var count = 0
            func digits(_ value: Int, _ width: Int) {
                var divisor = 1
                for _ in 1..<width { divisor *= 10 }
                while divisor > 0 {
                    buffer[count] = UInt8(ascii: "0") + UInt8(value / divisor % 10)
                    count += 1
                    divisor /= 10
                }
            }
            func byte(_ character: Unicode.Scalar) {
                buffer[count] = UInt8(ascii: character)
                count += 1
            }
            digits(parts.year, 4); byte("-"); digits(parts.month, 2); byte("-"); digits(parts.day, 2)
            guard parts.hasTime else { return count }
            byte("T"); digits(parts.hour, 2); byte(":"); digits(parts.minute, 2); byte(":"); digits(parts.second, 2)
            if !fraction.isEmpty {
                byte(".")
                for digit in fraction {
                    buffer[count] = digit
                    count += 1
                }
            }
            if parts.offsetMinutes != nil { byte("Z") }
            return count
        }
    }
}
