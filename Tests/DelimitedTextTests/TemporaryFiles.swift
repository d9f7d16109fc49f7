import Foundation
import TestSupport

/// A temporary directory to write test inputs into.
struct TemporaryFiles {
    let directory: TemporaryDirectory

    init() throws { directory = try TemporaryDirectory(prefix: "csv-test") }

    /// Writes `bytes` to `name` in the directory; returns the path.
    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let url = directory.url.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    func cleanup() { directory.cleanup() }
}
