import Foundation
import Synchronization

/// Shows progress of long work on stderr (phase, count, rate), redrawn in
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

    func update(_ phase: String, _ count: Int) {
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
            let line = count > 0 ? "\(phase): \(count) records, \(rate)/s" : "\(phase)…"
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
