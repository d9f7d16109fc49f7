import Foundation
import Synchronization

/// Measures the stages of a run for `sync --timings`: each `begin` ends the
/// previous stage and prints its wall time to stderr.
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
        "timing: " + name.padding(toLength: 34, withPad: " ", startingAt: 0) + String(format: "%8.3f s", seconds)
    }
}
