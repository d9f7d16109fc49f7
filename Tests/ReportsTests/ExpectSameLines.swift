import Testing

/// Compares a rendered output with the expected text as a whole, and on a
/// mismatch names the first line that differs (a whole-page diff in a test
/// log is unreadable).
func expectSameLines(
    _ actual: [UInt8], _ expected: String, sourceLocation: SourceLocation = #_sourceLocation
) {
    let text = String(decoding: actual, as: UTF8.self)
    guard text != expected else { return }
    let actualLines = text.split(separator: "\n", omittingEmptySubsequences: false)
    let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
    for index in 0..<max(actualLines.count, expectedLines.count) {
        let got = index < actualLines.count ? String(actualLines[index]) : "<end of output>"
        let want = index < expectedLines.count ? String(expectedLines[index]) : "<end of output>"
        if got != want {
            Issue.record("line \(index + 1) differs:\n  expected: \(want)\n  actual:   \(got)", sourceLocation: sourceLocation)
            return
        }
    }
    Issue.record("outputs differ (line endings or trailing bytes)", sourceLocation: sourceLocation)
}
