/// A horizontal bar chart as inline SVG, for the HTML report's summary.
///
/// Plain SVG elements with presentation attributes only: no script, no
/// external reference, no `style` attribute (the page's Content-Security-Policy
/// allows only its own hashed style sheet), so it renders from a file with
/// the network off.
struct SummaryChart {
    struct Bar {
        var label: String
        var value: Int
        var colour: String
    }

    var bars: [Bar]
    var title: String

    private let labelWidth = 170
    private let barArea = 380
    private let rowHeight = 22
    private let valueWidth = 70

    /// The `<svg>` element, sized to its bars.
    func svg() -> String {
        let width = labelWidth + barArea + valueWidth
        let height = max(1, bars.count) * rowHeight + 8
        let largest = max(1, bars.map(\.value).max() ?? 1)
        var svg = """
            <svg class="chart" width="\(width)" height="\(height)" \
            viewBox="0 0 \(width) \(height)" role="img" aria-labelledby="chart-title">
            <title id="chart-title">\(HTMLEscaping.escape(title))</title>

            """
        for (index, bar) in bars.enumerated() {
            let y = 4 + index * rowHeight
            // A non-zero count always gets a visible sliver, so "1 of 100000" is not lost.
            let length = bar.value == 0 ? 0 : max(2, Int((Double(bar.value) / Double(largest) * Double(barArea)).rounded()))
            let label = HTMLEscaping.escape(bar.label)
            svg += """
                <g><text x="\(labelWidth - 8)" y="\(y + 15)" text-anchor="end" font-size="13" fill="currentColor">\(label)</text>\
                <rect x="\(labelWidth)" y="\(y + 3)" width="\(length)" height="\(rowHeight - 6)" \
                fill="\(HTMLEscaping.escape(bar.colour))"><title>\(label): \(bar.value)</title></rect>\
                <text x="\(labelWidth + length + 6)" y="\(y + 15)" font-size="13" fill="currentColor">\(bar.value)</text></g>

                """
        }
        svg += "</svg>"
        return svg
    }
}
