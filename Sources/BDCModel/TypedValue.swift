import Foundation

/// One CSV value typed by its BDC field.
///
/// Every case has one canonical text form (`text`), so two extracts that
/// write the same value differently (`1/2/2019` and `2019-01-02`, a GUID in
/// braces or not) compare equal and produce no spurious change.
public enum TypedValue: Sendable, Hashable {
    /// An empty cell.
    case null
    case string(String)
    /// Int16, Int32 and Int64 fields (range-checked for their type).
    case integer(Int64)
    /// A Decimal as canonical text: no `+`, no leading or trailing zeros, `.` as point.
    case decimal(String)
    /// Double and Single fields (always finite).
    case double(Double)
    case boolean(Bool)
    /// ISO 8601: `yyyy-MM-dd` for a date, `yyyy-MM-ddTHH:mm:ss[.f]` for a date
    /// and time, ending in `Z` when the input gave a zone (converted to UTC).
    case dateTime(String)
    /// Lowercase `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`.
    case guid(String)
    case bytes([UInt8])

    /// The canonical text of the value; nil for `.null`. Bytes are base64.
    public var text: String? {
        switch self {
        case .null: nil
        case .string(let value): value
        case .integer(let value): String(value)
        case .decimal(let value): value
        case .double(let value): TypedValue.canonicalText(value)
        case .boolean(let value): value ? "true" : "false"
        case .dateTime(let value): value
        case .guid(let value): value
        case .bytes(let value): Data(value).base64EncodedString()
        }
    }

    /// Whole numbers below 10^15 without a fraction (`3`, not `3.0`), else
    /// Swift's shortest round-tripping form (as the JSON writer prints numbers).
    static func canonicalText(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}
