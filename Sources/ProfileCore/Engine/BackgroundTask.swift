import Dispatch
import Synchronization

/// Work started on another thread now and joined later, so the second core
/// is used where a run has two independent jobs (hashing an export while it
/// is parsed; rendering the report while the store commits).
///
/// `wait()` is called once, by the thread that started the task.
public final class BackgroundTask<Value: Sendable>: Sendable {
    private let outcome = Mutex<Result<Value, any Error>?>(nil)
    private let done = DispatchSemaphore(value: 0)

    public init(_ work: @escaping @Sendable () throws -> Value) {
        DispatchQueue.global().async { [self] in
            let result = Result { try work() }
            outcome.withLock { $0 = result }
            done.signal()
        }
    }

    /// Blocks until the work is done; returns its value or rethrows its error.
    public func wait() throws -> Value {
        done.wait()
        return try outcome.withLock { $0! }.get()
    }
}
