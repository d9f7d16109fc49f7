import Diagnostics
import Foundation

/// How a `sync` run was asked to behave (DESIGN §5 `sync` flags).
public struct SyncOptions: Sendable {
    /// `--full` / `--incremental`; nil takes full.
    public var requestedKind: RunKind?
    public var dryRun = false
    public var forceDeletes = false
    public var policy: ErrorPolicy = .lenient
    /// Called with a phase name and a count as long work progresses.
    public var progress: (@Sendable (String, Int) -> Void)?
    /// Called as each stage of the run begins (for `--timings`).
    public var stage: (@Sendable (String) -> Void)?
    public var now: @Sendable () -> Date = { Date() }

    public init(requestedKind: RunKind? = nil) {
        self.requestedKind = requestedKind
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
