import Diagnostics
import Foundation

/// Messages for people go to stderr; stdout is kept for data (JSON Lines, reports).
enum Console {
    static func error(_ message: String) {
        let text = message.hasSuffix("\n") ? message : message + "\n"
        FileHandle.standardError.write(Data(text.utf8))
    }

    static func diagnostic(_ diagnostic: Diagnostic) {
        error(diagnostic.description)
    }

    /// Whether stderr is a terminal: progress and colour only then.
    static var stderrIsTerminal: Bool { isatty(2) == 1 }
    static var stdoutIsTerminal: Bool { isatty(1) == 1 }
}
