import BDCModel
import Foundation
import LDIF

/// Turns source values into the text a SharePoint property of a given type
/// holds: AD binaries become their string forms, AD times become ISO 8601,
/// values that cannot feed the type are dropped with a reason.
public enum PropertyValueConverter {
    /// AD attributes that hold FILETIME integers (100 ns ticks since 1601).
    static let fileTimeAttributes: Set<String> = [
        "accountexpires", "pwdlastset", "lastlogontimestamp", "lastlogon", "lastlogoff", "badpasswordtime",
        "lockouttime",
    ]

    /// The string form an attribute's binary values take whatever the
    /// property's type, when they are well formed (`convert`).
    enum BinaryTextForm {
        case guid
        case sid

        /// The form of `attributeKey`'s binary values; nil for base64 (or none).
        init?(attributeKey: String) {
            switch attributeKey {
            case "objectguid", "msexchmailboxguid", "ms-ds-consistencyguid": self = .guid
            case "objectsid", "sidhistory": self = .sid
            default: return nil
            }
        }

        /// The most bytes `write` writes.
        static let maximumLength = max(ObjectGUID.textLength, ObjectSID.maximumTextLength)

        /// Writes the string form of `bytes` into `text` (room for
        /// `maximumLength`); its length, or nil when the bytes are not of
        /// this form (they then convert as any other binary value).
        func write(_ bytes: UnsafeBufferPointer<UInt8>, into text: UnsafeMutableBufferPointer<UInt8>) -> Int? {
            switch self {
            case .guid: ObjectGUID.write(bytes, into: text)
            case .sid: ObjectSID.write(bytes, into: text)
            }
        }
    }

    /// Converts one source value for `type`; nil (with `problem` set) when it cannot.
    public static func convert(
        _ value: AttributeValue, attributeKey: String, type: PropertyType, problem: inout String?
    ) -> String? {
        switch value {
        case .binary(let bytes):
            switch BinaryTextForm(attributeKey: attributeKey) {
            case .guid: if let guid = ObjectGUID.string(from: bytes) { return guid }
            case .sid: if let sid = ObjectSID.string(from: bytes) { return sid }
            case nil: break
            }
            if type == .binary || type == .string || type == .html {
                return Data(bytes).base64EncodedString()
            }
            problem = "binary value cannot feed a \(type.rawValue) property"
            return nil
        case .text(let text):
            return convert(text: text, attributeKey: attributeKey, type: type, problem: &problem)
        }
    }

    static func convert(text: String, attributeKey: String, type: PropertyType, problem: inout String?) -> String? {
        switch type {
        case .date, .datetime, .datenoyear:
            // HR extracts write dates as yyyy-MM-dd, which is already the
            // stored form: skip Foundation's parsers (most of a 100k-row merge).
            if type == .date, isPlainISODate(text) { return text }
            guard let date = parseDate(text, attributeKey: attributeKey) else {
                if fileTimeAttributes.contains(attributeKey), let ticks = Int64(text), FileTime.date(from: ticks) == nil {
                    return nil  // "never": no value, and nothing wrong with the input
                }
                problem = "'\(text)' is not a date"
                return nil
            }
            return format(date, type: type)
        case .integer, .biginteger:
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            guard let number = Int64(trimmed) else {
                problem = "'\(text)' is not an integer"
                return nil
            }
            if type == .integer, number < Int64(Int32.min) || number > Int64(Int32.max) {
                problem = "\(number) does not fit an integer property (use biginteger)"
                return nil
            }
            return String(number)
        case .float:
            guard let number = Double(text.trimmingCharacters(in: .whitespaces)), number.isFinite else {
                problem = "'\(text)' is not a number"
                return nil
            }
            return String(number)
        case .boolean:
            switch text.trimmingCharacters(in: .whitespaces).lowercased() {
            case "true", "1", "yes": return "true"
            case "false", "0", "no": return "false"
            default:
                problem = "'\(text)' is not a boolean"
                return nil
            }
        case .guid:
            let trimmed = text.trimmingCharacters(in: CharacterSet(charactersIn: "{} "))
            guard let uuid = UUID(uuidString: trimmed) else {
                problem = "'\(text)' is not a GUID"
                return nil
            }
            return uuid.uuidString.lowercased()
        case .string, .multistring, .email, .url, .html, .person, .binary, .timezone:
            return text
        }
    }

    /// ISO 8601 text, generalized time (`20240102030405.0Z`), a FILETIME for
    /// the FILETIME attributes, or `M/d/yyyy`.
    static func parseDate(_ text: String, attributeKey: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if fileTimeAttributes.contains(attributeKey), let ticks = Int64(trimmed) {
            return FileTime.date(from: ticks)
        }
        if let date = GeneralizedTime.date(from: trimmed) { return date }
        if let date = try? Date(trimmed, strategy: .iso8601) { return date }
        if let date = try? Date(trimmed, strategy: .iso8601.year().month().day()) { return date }
        let parts = trimmed.split(separator: " ").first?.split(separator: "/") ?? []
        if parts.count == 3, let month = Int(parts[0]), let day = Int(parts[1]), let year = Int(parts[2]),
            (1...12).contains(month), (1...31).contains(day)
        {
            var components = DateComponents()
            components.year = year
            components.month = month
            components.day = day
            return Calendar.utc.date(from: components)
        }
        return nil
    }

    /// Whether `text` is exactly `yyyy-MM-dd` naming a real day of the
    /// proleptic Gregorian calendar, years 0001–9999 (what `format` writes).
    static func isPlainISODate(_ text: String) -> Bool {
        // The BDC typer's check: one definition of a plain day for extracts and properties.
        DateTimeText.plainDateIsRealDay(text) == true
    }

    static func format(_ date: Date, type: PropertyType) -> String {
        switch type {
        case .date:
            return date.formatted(.iso8601.year().month().day())
        case .datenoyear:
            let components = Calendar.utc.dateComponents([.month, .day], from: date)
            return String(format: "--%02d-%02d", components.month ?? 1, components.day ?? 1)
        default:
            return date.formatted(.iso8601)
        }
    }
}

extension Calendar {
    /// The Gregorian calendar in UTC: dates in the store do not depend on the host's zone.
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}
