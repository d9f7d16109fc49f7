import Dispatch
import Foundation

/// Runs per-item work that shares nothing mutable on every core, in
/// contiguous chunks, and returns the results in item order.
///
/// The engine's per-profile work (build, snapshot, digest) and per-entry
/// work (classify, anchor, scope) is pure, so on the two cores this tool is
/// run on it takes about half the time; the order of results, and so of
/// every report and diagnostic built from them, does not depend on the
/// number of cores.
enum ParallelChunks {
    /// Below this many items one thread does the work: spawning costs more than it saves.
    static let minimumChunk = 1024

    /// The processors to use; `PROFILESYNC_THREADS` overrides (1 forces one thread).
    static let width = TuningVariable.positiveInteger(
        "PROFILESYNC_THREADS", default: max(1, ProcessInfo.processInfo.activeProcessorCount))

    /// `body(i)` for every `i` in `0..<count`, in order. `body` runs on
    /// several threads at once: it must only read shared state.
    ///
    /// Items are cut into a few chunks per core, so a chunk of heavy items
    /// (a group with 100,000 members) does not leave the other core idle.
    /// `minimumChunk` is the fewest items worth a chunk of their own.
    static func map<T>(count: Int, minimumChunk: Int = Self.minimumChunk, _ body: (Int) -> T) -> [T] {
        let chunks = min(width * 8, max(1, count / max(1, minimumChunk)))
        guard chunks > 1, width > 1 else { return (0..<count).map(body) }
        // Each result is built straight into its place in the one result
        // array: chunk arrays joined afterwards copied (and retained, then
        // released) every result once more.
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            withoutActuallyEscaping(body) { body in
                let shared = UncheckedBox((body: body, results: buffer.baseAddress!))
                DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                    let range = (count * chunk / chunks)..<(count * (chunk + 1) / chunks)
                    // Each chunk initializes only its own range.
                    for index in range { (shared.value.results + index).initialize(to: shared.value.body(index)) }
                }
            }
            initialized = count
        }
    }

    /// As `map(count:minimumChunk:_:)`, with `state()` made once per chunk
    /// and handed to `body` for each of the chunk's items: scratch space
    /// reused from one item to the next.
    static func map<State, T>(
        count: Int, minimumChunk: Int = Self.minimumChunk, state makeState: () -> State,
        _ body: (Int, inout State) -> T
    ) -> [T] {
        let chunks = min(width * 8, max(1, count / max(1, minimumChunk)))
        guard chunks > 1, width > 1 else {
            var state = makeState()
            return (0..<count).map { body($0, &state) }
        }
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            withoutActuallyEscaping(makeState) { makeState in
                withoutActuallyEscaping(body) { body in
                    let shared = UncheckedBox((makeState: makeState, body: body, results: buffer.baseAddress!))
                    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                        let range = (count * chunk / chunks)..<(count * (chunk + 1) / chunks)
                        var state = shared.value.makeState()
                        for index in range { (shared.value.results + index).initialize(to: shared.value.body(index, &state)) }
                    }
                }
            }
            initialized = count
        }
    }

    /// Read-only state handed to the worker threads. Unchecked: callers
    /// promise (see `map`) that the work only reads it.
    private struct UncheckedBox<Value>: @unchecked Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }
}
