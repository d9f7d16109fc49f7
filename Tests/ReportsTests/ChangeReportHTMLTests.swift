import Foundation
import ProfileCore
import Testing
@testable import Reports

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The HTML report parsed as a document (it is well-formed XML by design)
/// and checked for structure, self-containment and escaping.
@Suite struct ChangeReportHTMLTests {
    static func document(_ report: ChangeReport = ReportFixture.report) throws -> XMLDocument {
        try XMLDocument(data: Data(report.renderHTML()), options: [])
    }

    static func nodes(_ document: XMLDocument, _ xpath: String) throws -> [XMLNode] {
        try document.nodes(forXPath: xpath)
    }

    @Test func oneTableRowPerChangeInATablePerKind() throws {
        let page = try Self.document()
        for kind in ["add", "update", "markForDeletion", "exclude", "move", "restore", "membership"] {
            let rows = try Self.nodes(page, "//table[@data-kind='\(kind)']/tbody/tr")
            #expect(rows.count == 1, "kind \(kind)")
            let count = try Self.nodes(page, "//span[@id='kind-\(kind)-count']").first?.stringValue
            #expect(count == "(1)", "kind \(kind)")
        }
        #expect(try Self.nodes(page, "//table[@class='filterable']").count == 8)  // 7 kinds + diagnostics
        #expect(try Self.nodes(page, "//table[@id='diagnostics-table']/tbody/tr/td").map(\.stringValue) == [
            "warning", "exports/hr.csv", "12", "4", "row joins no profile (EmployeeID 999)",
        ])
        #expect(try Self.nodes(page, "//input[@id='filter']").count == 1)
    }

    @Test func emptyKindsHaveNoTable() throws {
        let report = ChangeReport(
            run: ReportFixture.record, changes: [.restore(ReportFixture.back), .restore(ReportFixture.zoe)],
            diagnostics: [])
        let page = try Self.document(report)
        #expect(try Self.nodes(page, "//table[@data-kind]").count == 1)
        #expect(try Self.nodes(page, "//table[@data-kind='restore']/tbody/tr").count == 2)
        #expect(try Self.nodes(page, "//section[@id='diagnostics']").isEmpty)
    }

    @Test func hostileValuesAreTextNotMarkup() throws {
        let html = String(decoding: ReportFixture.report.renderHTML(), as: UTF8.self)
        #expect(!html.contains("<img"))
        #expect(!html.contains("<script>alert"))
        #expect(!html.contains("onerror=alert(1)>"))
        let page = try Self.document()
        #expect(try Self.nodes(page, "//img").isEmpty)
        // Our own script is the only one, and it is inline.
        let scripts = try Self.nodes(page, "//script")
        #expect(scripts.count == 1)
        #expect((scripts.first as? XMLElement)?.attributes?.isEmpty ?? true)
        // The values survive escaping exactly: the parser reads them back as text.
        let texts = try Self.nodes(page, "//table[@data-kind='update']//span").map(\.stringValue)
        #expect(texts.contains(ReportFixture.hostileMarkup))
        #expect(texts.contains(ReportFixture.hostileAttribute))
        #expect(texts.contains(ReportFixture.hostileFormula))
        let cells = try Self.nodes(page, "//td").map(\.stringValue)
        #expect(cells.contains("CN=Zoë Ångström,OU=Staff,DC=contoso,DC=com"))
    }

    @Test func nothingIsLoadedFromAnywhere() throws {
        let page = try Self.document()
        let policy = try #require(
            try Self.nodes(page, "//meta[@http-equiv='Content-Security-Policy']/@content").first?.stringValue)
        #expect(policy.hasPrefix("default-src 'none'; "))
        #expect(policy.contains("script-src 'sha256-"))
        #expect(!policy.contains("unsafe-inline"))
        #expect(policy.contains("img-src 'none'"))
        // No attribute that loads or links anything, and no URL in any attribute.
        let attributes = try Self.nodes(page, "//@*")
        let names = Set(attributes.compactMap(\.name).map { $0.lowercased() })
        #expect(names.isDisjoint(with: ["src", "href", "srcset", "action", "data", "poster", "xlink:href", "style"]))
        #expect(attributes.allSatisfy { !($0.stringValue ?? "").contains("://") })
        #expect(try Self.nodes(page, "//link | //iframe | //object | //embed | //img | //base").isEmpty)
        #expect(try Self.nodes(page, "//style").count == 1)
    }

    @Test func summaryHasAChartAndATable() throws {
        let page = try Self.document()
        // Every count but `unchanged` is a bar; the caption says what was left out.
        let bars = try Self.nodes(page, "//svg/g/rect/title").map(\.stringValue)
        #expect(bars.count == 12)
        #expect(bars.first == "Added: 1")
        #expect(bars.contains("Unmatched rows: 2"))
        #expect(try Self.nodes(page, "//figcaption").first?.stringValue == "Unchanged profiles (not charted): 3")
        let widths = try Self.nodes(page, "//svg/g/rect/@width").compactMap { Int($0.stringValue ?? "") }
        #expect(widths.count == 12)
        #expect(widths.max() == 380)  // unmatched rows (2) is the longest bar
        #expect(widths.contains(0))  // groups added, errors
        let summary = try Self.nodes(page, "//table[@class='summary']/tbody/tr/td").map(\.stringValue)
        #expect(summary == ["1", "1", "3", "1", "1", "1", "1", "0", "1", "1", "1", "2", "0"])
    }

    @Test func escapingCoversAllFiveCharactersAndControls() {
        #expect(HTMLEscaping.escape(#"a&b<c>d"e'f"#) == "a&amp;b&lt;c&gt;d&quot;e&#39;f")
        #expect(HTMLEscaping.escape("tab\tnul\u{0}\u{FFFF}") == "tab\tnul\u{FFFD}\u{FFFD}")
        #expect(HTMLEscaping.escape("Zoë") == "Zoë")
    }
}
