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
    /// Takes the run's working data when the engine is done with it, instead
    /// of the engine freeing it as it returns. A 100,000-user run builds
    /// millions of small objects; freeing them one by one took about 0.4 s
    /// after the result was ready. A command that exits soon after the run
    /// keeps them until then (the kernel reclaims the heap at once); nil,
    /// for a long-lived process, frees them as usual.
    public var keepWorkingData: (@Sendable (WorkingData) -> Void)?

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
