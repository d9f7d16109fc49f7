import Foundation
import Reports
import Testing
import TestSupport

@Suite struct ReportSinkTests {
    @Test func aFileAppearsWholeAndPrivateOnlyWhenFinished() throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let path = folder.url.appendingPathComponent("report.csv").path
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        let sink = try ReportSink(.file(path))
        try sink.write(Array("part one, ".utf8))
        try sink.write(Array("part two\n".utf8))
        // Until finished, readers still see the old file.
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old")
        try sink.finish()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "part one, part two\n")
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path) == ["report.csv"])
    }

    /// A synced file is still not there until finished, and an abandoned
    /// synced one leaves nothing (the order a sync run uses: render and
    /// sync while the store commits, name the file after it committed).
    @Test func aSyncedFileAppearsOnlyWhenFinished() throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let path = folder.url.appendingPathComponent("report.json").path
        do {
            let abandoned = try ReportSink(.file(path))
            try abandoned.write(Array("[]\n".utf8))
            try abandoned.sync()
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).isEmpty)
        let sink = try ReportSink(.file(path))
        try sink.write(Array("{}\n".utf8))
        try sink.sync()
        try sink.sync()
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).isEmpty)
        try sink.finish()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "{}\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path) == ["report.json"])
    }

    @Test func anAbandonedSinkLeavesNothingBehind() throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let path = folder.url.appendingPathComponent("export.jsonl").path
        do {
            let sink = try ReportSink(.file(path))
            try sink.write(Array("{}\n".utf8))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).isEmpty)
    }

    @Test func anUnwritableFolderIsAnError() {
        #expect(throws: (any Error).self) { try ReportOutput.file("/nonexistent-folder/report.txt").write([1]) }
        #expect(ReportOutput(path: "-") == .standardOutput)
        #expect(ReportOutput(path: nil) == .standardOutput)
        #expect(ReportOutput(path: "r.txt") == .file("r.txt"))
    }
}
