import LDIF
import Foundation

/// Numbers, dates, bits and encodings.
extension ExpressionFunctions {
    /// `CNum(value)`: integers stay exact, decimal text becomes a double;
    /// anything else is a warning (and null).
    static func cNum(_ value: ExpressionValue) throws(ExpressionFailure) -> ExpressionValue {
        switch value {
        case .integer, .double: return value
        case .boolean(let flag): return .integer(flag ? 1 : 0)
        case .string(let text):
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if let number = Int64(trimmed) { return .integer(number) }
            if let number = Double(trimmed), number.isFinite,
                trimmed.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) })
            {
                return .double(number)
            }
            throw ExpressionFailure(message: "'\(text)' is not a number")
        default:
            throw ExpressionFailure(message: "\(value.stringForm ?? "null") is not a number")
        }
    }

    /// `IsBitSet(value, flag)`, as Entra Connect: `flag` is a mask (2 for
    /// ACCOUNTDISABLE), true when every bit of the mask is set in `value`.
    /// A zero mask is never set.
    static func isBitSet(_ value: Int64, _ flag: Int64) -> Bool {
        flag != 0 && value & flag == flag
    }

    /// `DateFromNum(filetime)`: a Windows FILETIME (100 ns ticks since
    /// 1601-01-01 UTC, as in `accountExpires`, `pwdLastSet`) to an ISO 8601
    /// UTC date, whole seconds. 0 and 9223372036854775807 mean "never" in AD
    /// and give null.
    static func dateFromNum(_ value: ExpressionValue) throws(ExpressionFailure) -> ExpressionValue {
        let ticks = try integer(value)
        // 0 and Int64.max are AD's "never".
        guard ticks > 0, ticks != Int64.max else { return .null }
        let moment = CivilMoment(
            secondsSinceEpoch: (ticks - FileTime.unixEpochTicks) / 10_000_000, ticks: ticks % 10_000_000)
        guard moment.isValid else { return .null }
        return .string(moment.iso8601)
    }

    /// `CDate(text)`: ISO 8601 (`2024-01-15`, `2024-01-15T09:30:00`, with `Z`
    /// or an offset) or LDAP generalized time (`20240115093000.0Z`) to the
    /// canonical ISO 8601 UTC form.
    static func cDate(_ text: String) throws(ExpressionFailure) -> String {
        guard let moment = CivilMoment(iso8601OrGeneralizedTime: text.trimmingCharacters(in: .whitespaces)) else {
            throw ExpressionFailure(message: "'\(text)' is not a date")
        }
        return moment.iso8601
    }

    /// `FormatDateTime(text, inputFormat, outputFormat)` with .NET-style
    /// patterns (see `DateTimePattern`).
    static func formatDateTime(_ text: String, _ input: DateTimePattern, _ output: DateTimePattern) throws(ExpressionFailure) -> String {
        let moment = try input.parse(text.trimmingCharacters(in: .whitespaces))
        return output.format(moment)
    }

    /// `ConvertFromBase64(text[, encoding])`: decodes base64 into text,
    /// UTF-8 by default or UTF-16LE for "Unicode"/"UTF16". Invalid base64 or
    /// text is a warning (and null).
    static func convertFromBase64(_ text: String, _ encoding: String) throws(ExpressionFailure) -> String {
        guard let data = Data(base64Encoded: text.trimmingCharacters(in: .whitespaces)) else {
            throw ExpressionFailure(message: "'\(text)' is not valid base64")
        }
        let decoded: String?
        switch encoding.lowercased() {
        case "utf8", "utf-8": decoded = String(validating: data, as: UTF8.self)
        case "unicode", "utf16", "utf-16", "utf-16le":
            guard data.count % 2 == 0 else { decoded = nil; break }
            let units = stride(from: 0, to: data.count, by: 2).map {
                UInt16(data[data.startIndex + $0]) | UInt16(data[data.startIndex + $0 + 1]) << 8
            }
            decoded = String(validating: units, as: UTF16.self)
        default:
            throw ExpressionFailure(message: "unknown encoding '\(encoding)' (use UTF8 or Unicode)")
        }
        guard let decoded else { throw ExpressionFailure(message: "decoded bytes are not valid \(encoding) text") }
        return decoded
    }
}
