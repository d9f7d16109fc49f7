import Diagnostics
import Foundation

/// How a `sync` run was asked to behave (DESIGN §5 `sync` flags).
public struct SyncOptions: Sendable {
    /// `--full` / `--incremental`; nil takes full.
    public var requestedKind: RunKind?
    public var dryRun = false
    public var forceDeletes = false
    public var policy: ErrorPolicy = .lenient
    /// Called as long work progresses (about every thousand records).
    public var progress: (@Sendable (SyncProgress) -> Void)?
    /// Called as each stage of the run begins (for `--timings`).
    public var stage: (@Sendable (String) -> Void)?
    public var now: @Sendable () -> Date = { Date() }

    public init(requestedKind: RunKind? = nil) {
        self.requestedKind = requestedKind
    }
}

/// How far a stage of a run has come: records handled, and work done out of
/// a known total (bytes of a file, profiles to build) for an estimate of the
/// time left.
public struct SyncProgress: Sendable {
    public var phase: String
    public var records: Int
    public var done: Int64
    public var total: Int64

    public init(phase: String, records: Int, done: Int64 = 0, total: Int64 = 0) {
        self.phase = phase
        self.records = records
        self.done = done
        self.total = total
    }
}

/// What a run produced, and whether the deletion threshold stopped it.
public struct SyncOutcome: Sendable {
    public var result: RunResult
    /// The run would mark more profiles than `deletion.threshold` allows.
    public var thresholdExceeded: Bool
    /// The limit that applied, when a threshold is configured.
    public var thresholdLimit: Int?
}
