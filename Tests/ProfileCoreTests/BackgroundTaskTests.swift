import Foundation
import Testing

@testable import ProfileCore

/// Background work hands back its value or its error, whichever thread ran
/// it; a yielding task lowers the priority of its own thread only, and a
/// dedicated one keeps its caller's.
@Suite struct BackgroundTaskTests {
    struct Failure: Error, Equatable { var code: Int }

    @Test(arguments: [BackgroundTask<Int>.Priority.normal, .yielding, .dedicated])
    func valuesAndErrorsComeBack(priority: BackgroundTask<Int>.Priority) throws {
        let value = BackgroundTask(priority: priority) { (1...100).reduce(0, +) }
        #expect(try value.wait() == 5050)
        let failing = BackgroundTask<Int>(priority: priority) { throw Failure(code: 7) }
        #expect(throws: Failure(code: 7)) { try failing.wait() }
        // Work that cannot throw is waited for without `try`.
        let filled = BackgroundTask(priority: priority) { (1...10).reduce(0, +) }
        #expect(filled.value() == 55)
    }

    #if os(Linux)
    @Test func aYieldingTaskRunsNicerThanItsCaller() throws {
        let before = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
        let inside = BackgroundTask(priority: .yielding) { getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0) }
        #expect(try inside.wait() == max(before, BackgroundTask<Int32>.yieldingNice))
        #expect(getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0) == before)
        // The pool threads that normal tasks run on are untouched too.
        let pool = BackgroundTask { getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0) }
        #expect(try pool.wait() == before)
    }

    /// A dedicated task (one that mostly waits) runs at its caller's
    /// priority: it is not yielding, only off the pool.
    @Test func aDedicatedTaskKeepsItsCallersPriority() throws {
        let before = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
        let inside = BackgroundTask(priority: .dedicated) { getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0) }
        #expect(try inside.wait() == before)
    }
    #endif
}
