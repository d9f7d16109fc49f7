import Foundation
import Synchronization

/// Measures the stages of a run for `sync --timings`: each `begin` ends the
/// previous stage and prints its wall time to stderr, with the processor
/// time the whole process used meanwhile (user and system, on every core:
/// set against the wall time it says how many cores the stage kept busy),
/// the resident memory at its end and the peak so far (where the system
/// reports them).
final class StageClock: Sendable {
    private struct Running {
        var name: String
        var start: Date
        var cpu: TimeInterval
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
        let cpu = ProcessorTime.used()
        running.withLock { running in
            if let previous = running { report(previous, until: now, cpu: cpu) }
            running = Running(name: name, start: now, cpu: cpu)
        }
    }

    func finish() {
        guard enabled else { return }
        let now = Date()
        let cpu = ProcessorTime.used()
        running.withLock { running in
            if let previous = running { report(previous, until: now, cpu: cpu) }
            running = nil
        }
        Console.error(line("total", now.timeIntervalSince(runStart), cpu: cpu))
    }

    private func report(_ stage: Running, until end: Date, cpu: TimeInterval) {
        Console.error(line(stage.name, end.timeIntervalSince(stage.start), cpu: cpu - stage.cpu))
    }

    private func line(_ name: String, _ seconds: TimeInterval, cpu: TimeInterval) -> String {
        var text = "timing: " + name.padding(toLength: 34, withPad: " ", startingAt: 0) + String(format: "%8.3f s", seconds)
        text += String(format: "   cpu %7.3f s", cpu)
        if let memory = ProcessMemory.current() {
            text += String(format: "   rss %6.0f MB   peak %6.0f MB", Double(memory.resident) / 1e6, Double(memory.peak) / 1e6)
        }
        return text
    }
}

/// The processor time (user and system) the process has used so far, on
/// all its threads.
enum ProcessorTime {
    #if os(Linux)
    private static let wholeProcess = __rusage_who_t(RUSAGE_SELF.rawValue)
    #else
    private static let wholeProcess = RUSAGE_SELF
    #endif

    static func used() -> TimeInterval {
        var usage = rusage()
        guard getrusage(wholeProcess, &usage) == 0 else { return 0 }
        func seconds(_ time: timeval) -> TimeInterval { TimeInterval(time.tv_sec) + TimeInterval(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
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
