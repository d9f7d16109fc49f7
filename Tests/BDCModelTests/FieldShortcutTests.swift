@testable import BDCModel
import Testing

/// The shortcuts of typing a field (a plain date handed back as it is, a
/// boolean read byte by byte) must decide exactly as the general paths.
@Suite struct FieldShortcutTests {
    /// Every plain date of a few whole years (and impossible ones), against
    /// the general parser: the same day with a time, cut back to its date.
    @Test func plainDatesAgreeWithTheGeneralParser() {
        var checked = 0
        for year in [0, 1, 999, 1900, 1999, 2000, 2023, 2024, 2100, 9999] {
            for month in 0...13 {
                for day in 0...32 {
                    func pad(_ value: Int, _ width: Int) -> String {
                        let digits = String(value)
                        return String(repeating: "0", count: max(0, width - digits.count)) + digits
                    }
                    let text = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
                    #expect(DateTimeText.plainDateIsRealDay(text) != nil, "\(text)")
                    let general = DateTimeText.canonical(text + "T00:00").map { String($0.prefix(10)) }
                    #expect(DateTimeText.canonical(text) == general, "\(text)")
                    checked += 1
                }
            }
        }
        #expect(checked == 10 * 14 * 33)
        for other in ["2023-1-01", "2023-01-1", "20230101", "2023/01/01", "２０２３-01-01", "2023-01-01 ", "2023-0a-01", ""] {
            #expect(DateTimeText.plainDateIsRealDay(other) == nil, "\(other)")
        }
    }

    @Test(arguments: [
        "true", "TRUE", "True", "tRuE", "1", "yes", "YES", "Yes", "false", "FALSE", "0", "no", "No", "NO",
        "", "tru", "truee", "ye", "2", "00", "y", "n", "t", "f", "TRUE ", " no", "ＴＲＵＥ", "yés", "İ", "\u{212A}",
    ])
    func booleansAgreeWithLowercasing(_ text: String) {
        let expected: Bool? =
            switch text.lowercased() {
            case "true", "1", "yes": true
            case "false", "0", "no": false
            default: nil
            }
        #expect(FieldValueParser.boolean(text) == expected, "\(text)")
    }
}
