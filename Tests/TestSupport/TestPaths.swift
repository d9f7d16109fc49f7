import Foundation

/// Where the package, its fixtures and the shared corpus are, for tests.
public enum TestPaths {
    /// The package root: two levels above this file (`Tests/TestSupport/`).
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static let fixtures: URL = packageRoot.appendingPathComponent("fixtures")

    public static func fixture(_ relativePath: String) -> URL {
        fixtures.appendingPathComponent(relativePath)
    }
}

/// The shared corpus at `../shared/corpus`, beside the project.
///
/// Corpus tests are enabled when the corpus is present, and always under CI
/// (`CI=true`), where a missing corpus must fail the run instead of skipping.
public enum Corpus {
    public static let root: URL = TestPaths.packageRoot
        .deletingLastPathComponent().appendingPathComponent("shared/corpus")

    public static var isPresent: Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory)
            && isDirectory.boolValue
    }

    public static var isCI: Bool {
        ProcessInfo.processInfo.environment["CI"]?.lowercased() == "true"
    }

    /// Use as `.enabled(if: Corpus.enabled)`: outside CI a missing corpus is a skip.
    public static var enabled: Bool { isPresent || isCI }

    public struct Missing: Error, CustomStringConvertible {
        public let path: String
        public var description: String { "corpus file missing: \(path) (expected ../shared/corpus beside the project)" }
    }

    /// The URL of a corpus file; throws when it does not exist.
    public static func url(_ relativePath: String) throws -> URL {
        let url = root.appendingPathComponent(relativePath)
        guard FileManager.default.fileExists(atPath: url.path) else { throw Missing(path: url.path) }
        return url
    }

    public static func data(_ relativePath: String) throws -> Data {
        try Data(contentsOf: url(relativePath))
    }

    /// Files directly or recursively under a corpus folder with one of `extensions`, sorted.
    public static func files(under relativePath: String, extensions: Set<String>) throws -> [URL] {
        let base = try url(relativePath)
        guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else {
            return []
        }
        var found: [URL] = []
        for case let file as URL in walker where extensions.contains(file.pathExtension.lowercased()) {
            found.append(file)
        }
        return found.sorted { $0.path < $1.path }
    }
}
