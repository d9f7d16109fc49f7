import Foundation

/// One self-rewriting status line on stderr for long work (records read,
/// rate, share of the input, ETA), for a person watching a terminal.
///
/// It draws at most every `interval` seconds so that updating it per record
/// costs a comparison, and `finish()` clears the line. It draws nothing at
/// all when disabled: use `isWanted` (stderr is a terminal, no `--quiet`),
/// so logs and pipes never get carriage returns.
public final class ProgressMeter {
    private let label: String
    private let totalBytes: Int64?
    private let enabled: Bool
    private let interval: Double
    private let clock: () -> Double
    private let output: (String) -> Void
    private let started: Double
    private var lastDraw: Double
    private var drawn = false

    /// Whether to show progress at all.
    public static func isWanted(stderrIsTerminal: Bool, quiet: Bool) -> Bool {
        stderrIsTerminal && !quiet
    }

    /// A meter for work reading `totalBytes` (nil when unknown: no share, no ETA).
    /// `clock` (seconds) and `output` are replaceable for tests.
    public init(
        label: String, totalBytes: Int64?, enabled: Bool, interval: Double = 0.2,
        clock: @escaping () -> Double = { ProcessInfo.processInfo.systemUptime },
        output: @escaping (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }
    ) {
        self.label = label
        self.totalBytes = totalBytes.flatMap { $0 > 0 ? $0 : nil }
        self.enabled = enabled
        self.interval = interval
        self.clock = clock
        self.output = output
        started = clock()
        lastDraw = started
    }

    /// Reports the work done so far; redraws when `interval` has passed.
    public func update(records: Int, bytes: Int64) {
        guard enabled else { return }
        let now = clock()
        guard now - lastDraw >= interval else { return }
        lastDraw = now
        drawn = true
        output("\r\u{1B}[K" + line(records: records, bytes: bytes, elapsed: now - started))
    }

    /// Clears the line (if anything was drawn) so the next output starts clean.
    public func finish() {
        guard enabled, drawn else { return }
        drawn = false
        output("\r\u{1B}[K")
    }

    /// `contoso.ldif: 120000 records · 40000/s · 25% · ETA 0:09`.
    func line(records: Int, bytes: Int64, elapsed: Double) -> String {
        var parts = ["\(label): \(records) records"]
        if elapsed > 0 { parts.append("\(Int((Double(records) / elapsed).rounded()))/s") }
        if let totalBytes {
            let fraction = min(1, Double(bytes) / Double(totalBytes))
            parts.append("\(Int((fraction * 100).rounded(.down)))%")
            if fraction > 0 && elapsed > 0 {
                let remaining = Int((elapsed * (1 - fraction) / fraction).rounded())
                parts.append(String(format: "ETA %d:%02d", remaining / 60, remaining % 60))
            }
        }
        return parts.joined(separator: " · ")
    }
}
