import ProfileCore

/// How far a commit has come, for `sync`'s progress line: the rows written
/// out of all the rows the run writes, then (a first run) the indexes
/// being built.
///
/// A million-profile commit writes for 10 seconds and more, the longest
/// stage of the run; without this the line stood at "building profiles"
/// the whole time.
struct CommitProgress {
    static let writing = "writing the store"
    static let indexing = "indexing the store"
    /// Rows between reports: a report per row would cost more than the row.
    static let interval = 4096

    private let report: ((SyncProgress) -> Void)?
    let total: Int
    private(set) var done = 0

    init(total: Int, report: ((SyncProgress) -> Void)?) {
        self.total = total
        self.report = report
    }

    /// Counts a row written; reports every `interval` rows and the last.
    mutating func advance() {
        done += 1
        guard let report, done % Self.interval == 0 || done == total else { return }
        report(SyncProgress(phase: Self.writing, records: done, done: Int64(done), total: Int64(total)))
    }

    /// Reports that the rows are in and the indexes are being built.
    func indexing() {
        report?(SyncProgress(phase: Self.indexing, records: 0))
    }
}
