import Foundation

/// Where a report or export goes: a file (written atomically through a
/// `ReportSink`: temporary file, mode 0600, renamed) or standard output.
public enum ReportOutput: Sendable, Hashable {
    case standardOutput
    case file(String)

    /// `--output FILE`, or stdout when no file (or `-`) is given.
    public init(path: String?) {
        if let path, path != "-" { self = .file(path) } else { self = .standardOutput }
    }

    /// Writes all of `bytes` (atomically for a file). A closed stdout
    /// (piped into `head`) ends the write quietly; a file that cannot be
    /// written throws.
    public func write(_ bytes: [UInt8]) throws {
        let sink = try ReportSink(self)
        try sink.write(bytes)
        try sink.finish()
    }

    /// Whether the output is a terminal: colour is only ever for one.
    public var isTerminal: Bool {
        self == .standardOutput && isatty(1) == 1
    }
}
