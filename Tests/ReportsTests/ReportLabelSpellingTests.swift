import Foundation
import ProfileCore
import Reports
import Testing

/// A new profile's property names and sources are escaped once per report
/// (the labels' spelling), an update's once per property: both must write
/// the same JSON, whatever the names hold.
@Suite struct ReportLabelSpellingTests {
    @Test func labelsSpelledOnceWriteWhatEachPropertyWrites() throws {
        let labels = ["Plain", "Quote \"q\"", "Back\\slash", "Line\nbreak", "Ctl\u{1}", "Zoë", "src.one", "src.\"two\""]
        var list = PropertyList(labels: labels)
        for (name, source) in [(0, 6), (1, 7), (2, 6), (3, 7), (4, 6), (5, 7)] {
            list.beginProperty(nameAt: name, sourceAt: source, run: 1)
            list.appendValue("value of \(labels[name])")
        }
        func ref(_ number: Int) -> ProfileRef {
            ProfileRef(connection: "c", anchor: "a\(number)", account: "C\\u\(number)", dn: "CN=u\(number),DC=c")
        }
        let byLabels = (0..<3).map { ProfileChange.add(ref($0), properties: PropertyChanges(adding: list)) }
        let byProperty = (0..<3).map { number in
            ProfileChange.add(
                ref(number),
                properties: PropertyChanges(
                    list.map { PropertyChange(name: $0.name, old: [], new: $0.values, source: $0.source) }))
        }
        func render(_ changes: [ProfileChange]) -> [UInt8] {
            ChangeReport(run: ReportFixture.record, changes: changes, diagnostics: []).renderJSON()
        }
        let spelled = render(byLabels)
        #expect(spelled == render(byProperty))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(spelled)) as? [String: Any])
        let first = try #require((object["changes"] as? [[String: Any]])?.first?["properties"] as? [[String: Any]])
        #expect(first.compactMap { $0["name"] as? String } == Array(labels.prefix(6)))
        #expect(first.compactMap { $0["source"] as? String } == (0..<6).map { labels[6 + $0 % 2] })
    }
}
