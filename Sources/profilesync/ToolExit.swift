/// The exit codes of DESIGN §5.
enum ToolExitCode: Int32 {
    case success = 0
    case failure = 1
    case usage = 2
    case deletionThreshold = 3
    case storeBusy = 4
}

/// Ends the command with `code` after printing `message` (if any) to stderr.
struct ToolExit: Error {
    var code: ToolExitCode
    var message: String

    init(_ code: ToolExitCode, _ message: String = "") {
        self.code = code
        self.message = message
    }
}
