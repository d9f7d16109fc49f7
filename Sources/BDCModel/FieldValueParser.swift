import Foundation

/// Why a cell's text is not a value of its field's type, said for a person.
struct FieldValueError: Error {
    var reason: String
}

/// Types one non-empty cell by its field's .NET type (DESIGN §2.3).
///
/// Non-string values are trimmed of surrounding blanks first (fixed-width
/// database exports pad them); strings are kept exactly as written.
enum FieldValueParser {
    static func parse(_ cell: String, as type: BDCFieldType) throws(FieldValueError) -> TypedValue {
        if case .string = type { return .string(cell) }
        if case .other = type { return .string(cell) }
        let text = cell.trimmingBlanks
        switch type {
        case .string, .other:
            return .string(cell)
        case .int16: return .integer(try integer(text, in: Int64(Int16.min)...Int64(Int16.max), type: type))
        case .int32: return .integer(try integer(text, in: Int64(Int32.min)...Int64(Int32.max), type: type))
        case .int64: return .integer(try integer(text, in: Int64.min...Int64.max, type: type))
        case .decimal:
            switch DecimalText.canonical(text) {
            case .success(let value): return .decimal(value)
            case .failure(.outOfRange): throw FieldValueError(reason: "is out of range for System.Decimal")
            case .failure(.notDecimal): throw FieldValueError(reason: "is not a decimal number (invariant, '.' as decimal point)")
            }
        case .double: return .double(try floating(text, type: type))
        case .single:
            let value = try floating(text, type: type)
            guard abs(value) <= Double(Float.greatestFiniteMagnitude) else {
                throw FieldValueError(reason: "is out of range for System.Single")
            }
            return .double(value)
        case .boolean:
            guard let value = boolean(text) else {
                throw FieldValueError(reason: "is not a boolean (true/false, 1/0, yes/no)")
            }
            return .boolean(value)
        case .dateTime:
            guard let value = DateTimeText.canonical(text) else {
                throw FieldValueError(reason: "is not a date (ISO 8601 yyyy-MM-dd[THH:mm[:ss]][Z|±hh:mm], or M/d/yyyy [h:mm[:ss] [AM|PM]])")
            }
            return .dateTime(value)
        case .guid:
            guard let value = GuidText.canonical(text) else {
                throw FieldValueError(reason: "is not a GUID (32 hex digits, hyphens and braces optional)")
            }
            return .guid(value)
        case .bytes:
            return .bytes(try bytes(text))
        }
    }

    /// `true`/`1`/`yes` or `false`/`0`/`no`, in any case. ASCII text is
    /// compared byte by byte: lowercasing a copy of every row's flag and
    /// matching it against six strings cost more than the rest of the field.
    static func boolean(_ text: String) -> Bool? {
        // nil: not ASCII (or not contiguous), decided below; .some(nil): not a boolean.
        let ascii: Bool?? = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool?? in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            func `is`(_ word: StaticString) -> Bool {
                guard bytes.count == word.utf8CodeUnitCount else { return false }
                for index in 0..<bytes.count {
                    let byte = bytes[index]
                    let lowered = byte &- 0x41 < 26 ? byte | 0x20 : byte
                    if lowered != word.utf8Start[index] { return false }
                }
                return true
            }
            if `is`("true") || `is`("1") || `is`("yes") { return .some(true) }
            if `is`("false") || `is`("0") || `is`("no") { return .some(false) }
            return .some(nil)
        } ?? nil
        if let ascii { return ascii }
        switch text.lowercased() {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: return nil
        }
    }

    /// An optionally signed run of ASCII digits within `range`.
    private static func integer(_ text: String, in range: ClosedRange<Int64>, type: BDCFieldType) throws(FieldValueError) -> Int64 {
        var digits = Substring(text)
        if digits.first == "+" || digits.first == "-" { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw FieldValueError(reason: "is not a whole number")
        }
        // Int64("+5") parses; an overflow or a value outside the type's range is reported as such.
        guard let value = Int64(text), range.contains(value) else {
            throw FieldValueError(reason: "is out of range for \(type.dotNetName) (\(range.lowerBound) to \(range.upperBound))")
        }
        return value
    }

    /// A decimal number with optional fraction and exponent. Swift's
    /// `Double(String)` also takes `nan`, `inf` and hex floats, which no
    /// extract means; they are refused here.
    private static func floating(_ text: String, type: BDCFieldType) throws(FieldValueError) -> Double {
        var sawDigit = false
        var valid = !text.isEmpty
        var state = 0  // 0 sign/integer, 1 fraction, 2 exponent sign, 3 exponent digits
        for (offset, character) in text.enumerated() where valid {
            switch character {
            case "0"..."9":
                if state == 2 { state = 3 }
                if state < 2 { sawDigit = true }
            case "+", "-":
                valid = (offset == 0) || state == 2
            case ".":
                valid = state == 0
                state = 1
            case "e", "E":
                valid = sawDigit && state < 2
                state = 2
            default:
                valid = false
            }
        }
        // A dangling exponent (`1e`, `1e+`) is not a number.
        guard valid, sawDigit, state != 2, let value = Double(text) else {
            throw FieldValueError(reason: "is not a number")
        }
        guard value.isFinite else { throw FieldValueError(reason: "is out of range for \(type.dotNetName)") }
        return value
    }

    /// Base64, or hexadecimal after `0x` as SQL Server writes varbinary.
    private static func bytes(_ text: String) throws(FieldValueError) -> [UInt8] {
        if text.hasPrefix("0x") || text.hasPrefix("0X") {
            let hex = Array(text.utf8.dropFirst(2))
            guard hex.count % 2 == 0 else { throw FieldValueError(reason: "is not hexadecimal bytes (odd number of digits)") }
            var result: [UInt8] = []
            result.reserveCapacity(hex.count / 2)
            var index = 0
            while index < hex.count {
                guard let high = hexValue(hex[index]), let low = hexValue(hex[index + 1]) else {
                    throw FieldValueError(reason: "is not hexadecimal bytes")
                }
                result.append(high << 4 | low)
                index += 2
            }
            return result
        }
        guard let data = Data(base64Encoded: text) else {
            throw FieldValueError(reason: "is not base64 or 0x-prefixed hexadecimal bytes")
        }
        return [UInt8](data)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }
}
