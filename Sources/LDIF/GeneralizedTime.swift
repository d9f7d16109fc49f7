import Foundation

/// LDAP generalized time (`whenChanged: 20240102030405.0Z`), RFC 4517 §3.3.13:
/// `YYYYMMDDHH[MM[SS]][(.|,)fraction](Z|(+|-)HH[MM])`.
///
/// A fraction applies to the last field given (a fraction of an hour when
/// minutes are missing), as the RFC says.
public enum GeneralizedTime {
    /// The parsed instant as whole Unix seconds plus a fraction in 100 ns ticks.
    public struct Instant: Sendable, Hashable {
        /// Seconds since 1970-01-01T00:00:00Z.
        public var unixSeconds: Int64
        /// Additional 100-nanosecond ticks (0..<10_000_000).
        public var ticks: Int
    }

    /// Parses generalized time; nil when malformed.
    public static func instant(from text: String) -> Instant? {
        let bytes = Array(text.utf8)
        var index = 0
        func digits(_ count: Int) -> Int64? {
            guard index + count <= bytes.count else { return nil }
            var value: Int64 = 0
            for _ in 0..<count {
                let byte = bytes[index]
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                value = value * 10 + Int64(byte - 0x30)
                index += 1
            }
            return value
        }
        func atDigit() -> Bool { index < bytes.count && bytes[index] >= 0x30 && bytes[index] <= 0x39 }
        guard let year = digits(4), let month = digits(2), let day = digits(2), let hour = digits(2) else { return nil }
        var minute: Int64 = 0
        var second: Int64 = 0
        var unitTicks: Int64 = 36_000_000_000  // ticks in the last field given
        if atDigit() {
            guard let value = digits(2) else { return nil }
            minute = value
            unitTicks = 600_000_000
            if atDigit() {
                guard let value = digits(2) else { return nil }
                second = value
                unitTicks = 10_000_000
            }
        }
        var fractionTicks: Int64 = 0
        if index < bytes.count && (bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: ",")) {
            index += 1
            guard atDigit() else { return nil }
            var numerator: Int64 = 0
            var denominator: Int64 = 1
            while atDigit() {
                if denominator < 1_000_000_000_000 {
                    numerator = numerator * 10 + Int64(bytes[index] - 0x30)
                    denominator *= 10
                }
                index += 1
            }
            fractionTicks = numerator * unitTicks / denominator
        }
        guard index < bytes.count else { return nil }
        var offsetSeconds: Int64 = 0
        switch bytes[index] {
        case UInt8(ascii: "Z"):
            index += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign: Int64 = bytes[index] == UInt8(ascii: "+") ? 1 : -1
            index += 1
            guard let offsetHours = digits(2), offsetHours < 24 else { return nil }
            var offsetMinutes: Int64 = 0
            if atDigit() {
                guard let value = digits(2), value < 60 else { return nil }
                offsetMinutes = value
            }
            offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60)
        default:
            return nil
        }
        guard index == bytes.count, (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60,
            second <= 60
        else { return nil }
        guard day <= daysIn(month: month, year: year) else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        var seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        seconds += fractionTicks / 10_000_000
        return Instant(unixSeconds: seconds, ticks: Int(fractionTicks % 10_000_000))
    }

    /// The instant as a Date; nil when malformed.
    public static func date(from text: String) -> Date? {
        guard let instant = instant(from: text) else { return nil }
        return Date(timeIntervalSince1970: Double(instant.unixSeconds) + Double(instant.ticks) / 10_000_000)
    }

    /// ISO 8601 UTC text (`2024-01-02T03:04:05Z`); nil when malformed.
    public static func iso8601(from text: String) -> String? {
        guard let instant = instant(from: text) else { return nil }
        return ISO8601Text.format(unixSeconds: instant.unixSeconds, fraction: instant.ticks, fractionDigits: 7)
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    // Howard Hinnant's days-from-civil.
    private static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
