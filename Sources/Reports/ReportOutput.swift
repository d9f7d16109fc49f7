import Foundation

/// Where a report or export goes: a file (written atomically through
/// `ReportFile`, mode 0600) or standard output.
public enum ReportOutput: Sendable, Hashable {
    case standardOutput
    case file(String)

    /// `--output FILE`, or stdout when no file (or `-`) is given.
    public init(path: String?) {
        if let path, path != "-" { self = .file(path) } else { self = .standardOutput }
    }

    /// Writes all of `bytes`. A closed stdout (piped into `head`) ends the
    /// write quietly; a file that cannot be written throws.
    public func write(_ bytes: [UInt8]) throws {
        switch self {
        case .file(let path):
            try ReportFile.write(bytes, to: path)
        case .standardOutput:
            var offset = 0
            bytes.withUnsafeBytes { raw in
                while offset < raw.count {
                    let written = Foundation.write(1, raw.baseAddress! + offset, raw.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        return
                    }
                    offset += written
                }
            }
        }
    }

    /// Whether the output is a terminal: colour is only ever for one.
    public var isTerminal: Bool {
        self == .standardOutput && isatty(1) == 1
    }
}
