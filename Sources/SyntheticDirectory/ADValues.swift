/// Active Directory value encodings the generator writes: GUID strings, SIDs,
/// FILETIMEs and generalized times, computed without Foundation's calendar so
/// the output never depends on the host's time zone or locale.
enum ADValues {
    /// FILETIME meaning "never" (accountExpires).
    static let never: Int64 = 9_223_372_036_854_775_807

    /// The string form of objectGUID bytes (MS-DTYP 2.3.4.2): the first three
    /// groups are little-endian, the last two in byte order.
    static func guidString(_ bytes: [UInt8]) -> String {
        let order = [3, 2, 1, 0, -1, 5, 4, -1, 7, 6, -1, 8, 9, -1, 10, 11, 12, 13, 14, 15]
        let hex = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(36)
        for position in order {
            if position < 0 { out.append(UInt8(ascii: "-")); continue }
            out.append(hex[Int(bytes[position] >> 4)])
            out.append(hex[Int(bytes[position] & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The binary objectSid S-1-5-21-a-b-c-rid.
    static func sidBytes(domain: (UInt32, UInt32, UInt32), rid: UInt32) -> [UInt8] {
        var out: [UInt8] = [1, 5, 0, 0, 0, 0, 0, 5]
        for part in [21, domain.0, domain.1, domain.2, rid] as [UInt32] {
            out.append(UInt8(truncatingIfNeeded: part))
            out.append(UInt8(truncatingIfNeeded: part >> 8))
            out.append(UInt8(truncatingIfNeeded: part >> 16))
            out.append(UInt8(truncatingIfNeeded: part >> 24))
        }
        return out
    }

    /// Seconds since 1970 at 00:00 UTC of a civil date (proleptic Gregorian).
    static func unixTime(year: Int, month: Int, day: Int) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return Int64(era * 146_097 + doe - 719_468) * 86_400
    }

    /// The civil date and time of a Unix time.
    static func civil(_ time: Int64) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        let days = Int(time >= 0 ? time / 86_400 : (time - 86_399) / 86_400)
        let secondsOfDay = Int(time - Int64(days) * 86_400)
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day, secondsOfDay / 3600, secondsOfDay / 60 % 60, secondsOfDay % 60)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    /// `20190314093000.0Z`, as AD writes whenCreated and whenChanged.
    static func generalizedTime(_ time: Int64) -> String {
        let c = civil(time)
        return pad(c.year, 4) + pad(c.month, 2) + pad(c.day, 2) + pad(c.hour, 2) + pad(c.minute, 2) + pad(c.second, 2) + ".0Z"
    }

    /// `2019-03-14`.
    static func isoDate(_ time: Int64) -> String {
        let c = civil(time)
        return pad(c.year, 4) + "-" + pad(c.month, 2) + "-" + pad(c.day, 2)
    }

    /// 100-ns intervals since 1601-01-01 (pwdLastSet, accountExpires).
    static func fileTime(_ time: Int64) -> Int64 {
        (time + 11_644_473_600) * 10_000_000
    }
}
