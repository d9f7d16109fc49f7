import Dispatch
import Foundation

/// Runs independent file writers side by side and collects their results in
/// order: the two snapshots of a drift run share nothing mutable, so on two
/// cores they take the time of one.
enum ParallelJobs {
    typealias Job = @Sendable () throws -> [GenerationSummary.File]

    /// The files of every job, in job order; the first job's error, if any, is rethrown.
    static func run(_ jobs: [Job]) throws -> [GenerationSummary.File] {
        let slots = Slots(count: jobs.count)
        DispatchQueue.concurrentPerform(iterations: jobs.count) { index in
            slots.set(index, Result { try jobs[index]() })
        }
        return try slots.results().flatMap { try $0.get() }
    }

    /// Result slots filled from several threads. Unchecked Sendable: every
    /// access goes through the lock.
    private final class Slots: @unchecked Sendable {
        private let lock = NSLock()
        private var slots: [Result<[GenerationSummary.File], any Error>?]

        init(count: Int) { slots = Array(repeating: nil, count: count) }

        func set(_ index: Int, _ result: Result<[GenerationSummary.File], any Error>) {
            lock.lock()
            slots[index] = result
            lock.unlock()
        }

        func results() -> [Result<[GenerationSummary.File], any Error>] {
            lock.lock()
            defer { lock.unlock() }
            return slots.map { $0! }
        }
    }
}
