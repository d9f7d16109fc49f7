import Diagnostics
import Testing

@Suite struct DiagnosticLogTests {
    @Test func rendersFileLineColumn() {
        let located = Diagnostic.error("stray quote", at: SourceLocation(file: "hr.csv", line: 12, column: 4))
        #expect(located.description == "hr.csv:12:4: error: stray quote")
        let lineOnly = Diagnostic.warning("empty value", at: SourceLocation(file: "a.ldif", line: 3))
        #expect(lineOnly.description == "a.ldif:3: warning: empty value")
        #expect(Diagnostic.error("no file").description == "error: no file")
    }

    @Test func lenientCollectsAndCounts() throws {
        var log = DiagnosticLog(policy: .lenient, retainLimit: 2)
        for line in 1...5 { try log.report(.error("bad", at: SourceLocation(file: "f", line: line))) }
        try log.report(.warning("odd"))
        #expect(log.errorCount == 5)
        #expect(log.warningCount == 1)
        #expect(log.diagnostics.count == 2)
        #expect(log.droppedCount == 4)
    }

    @Test func strictThrowsTheFirstErrorOnly() throws {
        var log = DiagnosticLog(policy: .strict)
        try log.report(.warning("kept"))
        #expect(throws: Diagnostic.self) { try log.report(.error("stop", at: SourceLocation(file: "f", line: 9))) }
        #expect(log.diagnostics.map(\.message) == ["kept"])
    }
}
