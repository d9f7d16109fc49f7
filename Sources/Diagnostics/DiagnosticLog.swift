/// Whether a reader stops at the first error or records it and goes on.
public enum ErrorPolicy: Sendable, Hashable {
    /// Record the error, skip the bad record, continue (the default).
    case lenient
    /// Throw the first error (`--strict`).
    case strict
}

/// Collects diagnostics for one unit of work (a file, a run).
///
/// Counts every diagnostic but keeps at most `retainLimit` of them, so a file
/// with a million bad rows cannot exhaust memory; the counts stay exact.
public struct DiagnosticLog: Sendable {
    public var policy: ErrorPolicy
    public private(set) var diagnostics: [Diagnostic] = []
    public private(set) var errorCount = 0
    public private(set) var warningCount = 0
    /// Diagnostics counted but not kept because `retainLimit` was reached.
    public private(set) var droppedCount = 0
    public var retainLimit: Int

    public init(policy: ErrorPolicy = .lenient, retainLimit: Int = 10_000) {
        self.policy = policy
        self.retainLimit = retainLimit
    }

    /// Records `diagnostic`; in strict mode an error is thrown instead of kept.
    public mutating func report(_ diagnostic: Diagnostic) throws(Diagnostic) {
        switch diagnostic.severity {
        case .error:
            errorCount += 1
            if policy == .strict { throw diagnostic }
        case .warning: warningCount += 1
        case .note: break
        }
        if diagnostics.count < retainLimit {
            diagnostics.append(diagnostic)
        } else {
            droppedCount += 1
        }
    }

    /// Adds everything another log collected (counts included).
    public mutating func merge(_ other: DiagnosticLog) {
        errorCount += other.errorCount
        warningCount += other.warningCount
        for diagnostic in other.diagnostics {
            if diagnostics.count < retainLimit { diagnostics.append(diagnostic) } else { droppedCount += 1 }
        }
        droppedCount += other.droppedCount
    }

    public var hasErrors: Bool { errorCount > 0 }
}
