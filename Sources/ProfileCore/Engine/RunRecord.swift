import Diagnostics
import Foundation

/// Full or incremental (DESIGN §4.1).
public enum RunKind: String, Sendable, Hashable, Codable {
    case full
    case incremental
}

/// How a run ended.
public enum RunStatus: String, Sendable, Hashable, Codable {
    case completed
    /// Stopped before writing: it would have marked more than the deletion threshold.
    case stoppedByThreshold
    /// Computed and reported, nothing written (`--dry-run`).
    case dryRun
    case failed
}

/// One input file of a run, as recorded in the run history.
public struct RunInput: Sendable, Hashable, Codable {
    public var connection: String
    public var path: String
    public var size: Int64
    public var sha256: String
    public var records: Int
    public var skipped: Int

    public init(connection: String, path: String, size: Int64, sha256: String, records: Int, skipped: Int) {
        self.connection = connection
        self.path = path
        self.size = size
        self.sha256 = sha256
        self.records = records
        self.skipped = skipped
    }
}

/// Counts per change kind (DESIGN §5.2 `summary`), in report order.
public struct RunSummary: Sendable, Hashable, Codable {
    public var added = 0
    public var updated = 0
    public var unchanged = 0
    public var markedForDeletion = 0
    public var restored = 0
    public var excluded = 0
    public var moved = 0
    public var groupsAdded = 0
    public var groupsUpdated = 0
    public var membershipsAdded = 0
    public var membershipsRemoved = 0
    public var unmatchedRows = 0
    public var errors = 0

    public init() {}

    /// Name/value pairs in the order DESIGN §5.2 prints them.
    public var fields: [(String, Int)] {
        [
            ("added", added), ("updated", updated), ("unchanged", unchanged),
            ("markedForDeletion", markedForDeletion), ("restored", restored), ("excluded", excluded),
            ("moved", moved), ("groupsAdded", groupsAdded), ("groupsUpdated", groupsUpdated),
            ("membershipsAdded", membershipsAdded), ("membershipsRemoved", membershipsRemoved),
            ("unmatchedRows", unmatchedRows), ("errors", errors),
        ]
    }
}

/// A run as the history records it: what was read, when, and how it ended.
public struct RunRecord: Sendable, Hashable {
    public var id: Int
    public var kind: RunKind
    public var dryRun: Bool
    public var started: Date
    public var finished: Date
    public var status: RunStatus
    public var inputs: [RunInput]
    public var summary: RunSummary
    /// Notes for the reader of the report (e.g. "mappings changed: this run is full").
    public var notes: [String]

    public init(
        id: Int, kind: RunKind, dryRun: Bool, started: Date, finished: Date, status: RunStatus,
        inputs: [RunInput], summary: RunSummary, notes: [String] = []
    ) {
        self.id = id
        self.kind = kind
        self.dryRun = dryRun
        self.started = started
        self.finished = finished
        self.status = status
        self.inputs = inputs
        self.summary = summary
        self.notes = notes
    }
}

/// Everything a report needs about one run.
public struct ChangeReport: Sendable {
    public var run: RunRecord
    public var changes: [ProfileChange]
    public var diagnostics: [Diagnostic]

    public init(run: RunRecord, changes: [ProfileChange], diagnostics: [Diagnostic]) {
        self.run = run
        self.changes = changes
        self.diagnostics = diagnostics
    }
}
