import Foundation

/// A positive integer that tunes how `sync` spreads its work, read from the
/// environment (`PROFILESYNC_THREADS`, `PROFILESYNC_BUILD_WINDOW`, documented
/// in profilesync(1)). Anything else, or nothing, leaves the default.
enum TuningVariable {
    static func positiveInteger(_ name: String, default defaultValue: Int) -> Int {
        guard let text = ProcessInfo.processInfo.environment[name], let value = Int(text), value >= 1 else {
            return defaultValue
        }
        return value
    }
}
