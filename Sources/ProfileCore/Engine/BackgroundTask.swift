import Dispatch
import Foundation
import Synchronization

/// Work started on another thread now and joined later, so the second core
/// is used where a run has two independent jobs (hashing an export while it
/// is parsed; rendering the report while the store commits).
///
/// `wait()` is called once, by the thread that started the task.
public final class BackgroundTask<Value: Sendable>: Sendable {
    /// How the task's thread competes with the others for a core.
    public enum Priority: Sendable {
        /// As any other thread.
        case normal
        /// Runs when a core would otherwise idle: on Linux its own thread
        /// at nice `yieldingNice`. For work that is not on the critical
        /// path, like a report rendered while the committing thread, which
        /// everything else waits for, inserts rows.
        case yielding
        /// Its own thread at normal priority: for work that mostly waits (on
        /// a timer, on the disk), which on a pool thread would hold one of
        /// the pool's few threads (as many as cores) all the while.
        case dedicated
    }

    /// The nice value of a `.yielding` task's thread (Linux). At 15 the
    /// scheduler gives it about 3% of a core that a normal thread also wants.
    public static var yieldingNice: Int32 { 15 }

    private let outcome = Mutex<Result<Value, any Error>?>(nil)
    private let done = DispatchSemaphore(value: 0)

    public init(priority: Priority = .normal, _ work: @escaping @Sendable () throws -> Value) {
        switch priority {
        case .normal:
            DispatchQueue.global().async { [self] in finish(work) }
        case .yielding, .dedicated:
            // A thread of its own, which ends with the task: a pool thread
            // would keep a yielding task's lowered priority for whatever it
            // runs next (an unprivileged process cannot raise it back), and
            // be held by a dedicated task's waiting.
            let lowered = priority == .yielding
            let thread = Thread { [self] in
                #if os(Linux)
                // On Linux this lowers only the calling thread's priority
                // (setpriority(2), NOTES).
                if lowered { _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, Self.yieldingNice) }
                #endif
                finish(work)
            }
            #if !os(Linux)
            if lowered { thread.qualityOfService = .utility }
            #endif
            // As much stack as a pool thread has.
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    private func finish(_ work: () throws -> Value) {
        let result = Result { try work() }
        outcome.withLock { $0 = result }
        done.signal()
    }

    /// Blocks until the work is done; returns its value or rethrows its error.
    public func wait() throws -> Value {
        done.wait()
        return try outcome.withLock { $0! }.get()
    }

    /// `wait()` for work that cannot throw (filling a map, say).
    func value() -> Value {
        do { return try wait() } catch { preconditionFailure("work that cannot throw threw: \(error)") }
    }
}
