import Foundation

/// AD FILETIME integers (`accountExpires`, `pwdLastSet`, `lastLogonTimestamp`):
/// 100-nanosecond ticks since 1601-01-01 UTC (MS-DTYP 2.3.3).
///
/// AD writes 0 and 9223372036854775807 (Int64.max) for "never"; both map to nil.
public enum FileTime {
    /// Ticks between 1601-01-01 and 1970-01-01.
    public static let unixEpochTicks: Int64 = 116_444_736_000_000_000

    /// The instant a FILETIME denotes; nil for the "never" values 0 and Int64.max (and negatives).
    public static func date(from ticks: Int64) -> Date? {
        guard ticks > 0, ticks != Int64.max else { return nil }
        let seconds = Double(ticks - unixEpochTicks) / 10_000_000
        return Date(timeIntervalSince1970: seconds)
    }

    /// Parses the decimal text AD writes, then as `date(from:)`.
    public static func date(fromText text: String) -> Date? {
        guard let ticks = Int64(text.trimmingCharacters(in: .whitespaces)) else { return nil }
        return date(from: ticks)
    }

    /// The FILETIME ticks of `date` (rounded down to 100 ns).
    public static func ticks(from date: Date) -> Int64 {
        let ticks = (date.timeIntervalSince1970 * 10_000_000).rounded(.down)
        return Int64(ticks) + unixEpochTicks
    }

    /// ISO 8601 UTC text (`2024-01-02T03:04:05Z`, fractions only when present);
    /// nil for "never".
    public static func iso8601(from ticks: Int64) -> String? {
        guard ticks > 0, ticks != Int64.max else { return nil }
        let relative = ticks - unixEpochTicks
        var seconds = relative / 10_000_000
        var fraction = relative % 10_000_000
        if fraction < 0 {
            fraction += 10_000_000
            seconds -= 1
        }
        return ISO8601Text.format(unixSeconds: seconds, fraction: Int(fraction), fractionDigits: 7)
    }
}

/// Formats UTC instants as ISO 8601 without Foundation's formatter (which is
/// slow and rounds to milliseconds).
enum ISO8601Text {
    /// `YYYY-MM-DDThh:mm:ss[.fff]Z`; `fraction` has `fractionDigits` digits and
    /// trailing zeros are dropped.
    static func format(unixSeconds: Int64, fraction: Int, fractionDigits: Int) -> String {
        var days = unixSeconds / 86_400
        var secondOfDay = unixSeconds % 86_400
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
        // Howard Hinnant's civil-from-days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func pad(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        var text = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))"
        if fraction > 0 {
            var digits = pad(Int64(fraction), fractionDigits)
            while digits.hasSuffix("0") { digits.removeLast() }
            text += "." + digits
        }
        return text + "Z"
    }
}
