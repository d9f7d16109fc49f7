import Foundation
import Synchronization

/// Measures the stages of a run for `sync --timings`: each `begin` ends the
/// previous stage and prints its wall time to stderr, with the resident
/// memory at its end and the peak so far (where the system reports them).
final class StageClock: Sendable {
    private struct Running {
        var name: String
        var start: Date
    }

    private let enabled: Bool
    private let running = Mutex<Running?>(nil)
    private let runStart = Date()

    init(enabled: Bool) {
        self.enabled = enabled
    }

    func begin(_ name: String) {
        guard enabled else { return }
        let now = Date()
        running.withLock { running in
            if let previous = running { report(previous, until: now) }
            running = Running(name: name, start: now)
        }
    }

    func finish() {
        guard enabled else { return }
        let now = Date()
        running.withLock { running in
            if let previous = running { report(previous, until: now) }
            running = nil
        }
        Console.error(line("total", now.timeIntervalSince(runStart)))
    }

    private func report(_ stage: Running, until end: Date) {
        Console.error(line(stage.name, end.timeIntervalSince(stage.start)))
    }

    private func line(_ name: String, _ seconds: TimeInterval) -> String {
        var text = "timing: " + name.padding(toLength: 34, withPad: " ", startingAt: 0) + String(format: "%8.3f s", seconds)
        if let memory = ProcessMemory.current() {
            text += String(format: "   rss %6.0f MB   peak %6.0f MB", Double(memory.resident) / 1e6, Double(memory.peak) / 1e6)
        }
        return text
    }
}

/// The process's resident and peak resident memory, from `/proc/self/status`
/// (Linux); nil where that file does not exist.
enum ProcessMemory {
    static func current() -> (resident: Int, peak: Int)? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        var resident: Int?
        var peak: Int?
        for line in status.split(separator: "\n") {
            // "VmRSS:     123456 kB"
            if line.hasPrefix("VmRSS:") { resident = kilobytes(line) }
            if line.hasPrefix("VmHWM:") { peak = kilobytes(line) }
        }
        guard let resident, let peak else { return nil }
        return (resident * 1024, peak * 1024)
    }

    private static func kilobytes(_ line: Substring) -> Int? {
        line.split(separator: " ").dropFirst().first.flatMap { Int($0) }
    }
}
