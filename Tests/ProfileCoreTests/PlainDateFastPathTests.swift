import Foundation
import Testing

@testable import ProfileCore

/// The `yyyy-MM-dd` shortcut of date properties must give exactly what the
/// general parser and formatter give, and refuse what they refuse.
@Suite struct PlainDateFastPathTests {
    static let inputs = [
        "2011-10-24", "2024-02-29", "2023-02-29", "2000-02-29", "1900-02-29", "2100-02-28", "0001-01-01",
        "9999-12-31", "0000-01-01", "2023-13-01", "2023-00-10", "2023-04-31", "2023-04-30", "2023-1-01",
        "2023-01-1", "20230101", "2023/01/01", "2023-01-01 ", " 2023-01-01", "２０２３-01-01", "2023-01-01T00:00:00Z",
    ]

    @Test(arguments: inputs)
    func agreesWithTheGeneralParser(_ text: String) {
        var problem: String?
        let fast = PropertyValueConverter.convert(text: text, attributeKey: "hiredate", type: .date, problem: &problem)
        let general = PropertyValueConverter.parseDate(text, attributeKey: "hiredate")
            .map { PropertyValueConverter.format($0, type: .date) }
        #expect(fast == general, "\(text)")
    }

    @Test func acceptsOnlyRealDays() {
        #expect(PropertyValueConverter.isPlainISODate("2024-02-29"))
        #expect(!PropertyValueConverter.isPlainISODate("2023-02-29"))
        #expect(!PropertyValueConverter.isPlainISODate("1900-02-29"))
        #expect(PropertyValueConverter.isPlainISODate("2000-02-29"))
        #expect(!PropertyValueConverter.isPlainISODate("2023-04-31"))
        #expect(!PropertyValueConverter.isPlainISODate("0000-01-01"))
    }
}
