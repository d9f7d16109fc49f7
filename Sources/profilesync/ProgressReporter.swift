import Foundation
import ProfileCore
import Synchronization

/// Shows progress of long work on stderr (phase, records, rate, ETA), redrawn in
/// place at most ten times a second, only when stderr is a terminal and
/// `--quiet` is off: logs and pipes get no carriage-return noise.
final class ProgressReporter: Sendable {
    private struct State {
        var lastDraw = Date.distantPast
        var phaseStart = Date()
        var phase = ""
        var drawn = false
    }

    private let enabled: Bool
    private let state = Mutex(State())

    init(quiet: Bool) {
        enabled = !quiet && Console.stderrIsTerminal
    }

    func update(_ step: SyncProgress) {
        let phase = step.phase
        let count = step.records
        guard enabled else { return }
        state.withLock { state in
            let now = Date()
            if phase != state.phase {
                state.phase = phase
                state.phaseStart = now
            } else if now.timeIntervalSince(state.lastDraw) < 0.1 {
                return
            }
            state.lastDraw = now
            let elapsed = max(now.timeIntervalSince(state.phaseStart), 0.001)
            let rate = Int(Double(count) / elapsed)
            // A rate over the first instants of a stage is noise: show it (and the ETA) after 0.25 s.
            let settled = elapsed >= 0.25
            var line = count > 0 ? "\(phase): \(count) records" : "\(phase)…"
            if settled && count > 0 { line += ", \(rate)/s" }
            if settled, step.total > 0, step.done > 0, step.done < step.total {
                let fraction = Double(step.done) / Double(step.total)
                let left = elapsed / fraction - elapsed
                line += String(format: ", %d%%, ETA %.0f s", Int(fraction * 100), left)
            }
            FileHandle.standardError.write(Data("\r\u{1B}[K\(line)".utf8))
            state.drawn = true
        }
    }

    /// Clears the progress line before normal output resumes.
    func finish() {
        guard enabled else { return }
        state.withLock { state in
            if state.drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            state.drawn = false
        }
    }
}
