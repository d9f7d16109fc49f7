import Foundation
import Testing
import TestSupport

@Suite struct CommandLineTests {
    @Test func unknownInputKindIsAUsageError() throws {
        let result = try ProfileSyncTool.run(["inspect", "export.unknown"])
        #expect(result.status == 2)
        #expect(result.stderrText.contains("--type"))
    }

    @Test func versionPrints() throws {
        let result = try ProfileSyncTool.run(["--version"])
        #expect(result.status == 0)
        #expect(!result.stdoutText.isEmpty)
    }
}
