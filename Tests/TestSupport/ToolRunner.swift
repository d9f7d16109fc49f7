import Foundation

/// The outcome of running the built `profilesync` once.
public struct ToolResult: Sendable {
    public var status: Int32
    public var stdout: Data
    public var stderr: Data

    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
}

/// Runs the `profilesync` executable that `swift build` placed beside the tests.
public enum ProfileSyncTool {
    /// `$PROFILESYNC_BIN`, else `profilesync` in the build products folder.
    public static var executable: URL {
        if let path = ProcessInfo.processInfo.environment["PROFILESYNC_BIN"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        let beside = Bundle.main.bundleURL.appendingPathComponent("profilesync")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        for configuration in ["debug", "release"] {
            let candidate = TestPaths.packageRoot.appendingPathComponent(".build/\(configuration)/profilesync")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return beside
    }

    /// Runs the tool with `arguments`, optional standard input, in `directory`.
    @discardableResult
    public static func run(
        _ arguments: [String], stdin: Data? = nil, in directory: URL? = nil,
        environment: [String: String] = [:]
    ) throws -> ToolResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env

        let outURL = FileManager.default.temporaryDirectory
            .appendingPathComponent("profilesync-out-\(UUID().uuidString)")
        let errURL = FileManager.default.temporaryDirectory
            .appendingPathComponent("profilesync-err-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        // Files rather than pipes: a large output cannot fill a pipe and stall the child.
        let outHandle = try FileHandle(forWritingTo: outURL)
        let errHandle = try FileHandle(forWritingTo: errURL)
        process.standardOutput = outHandle
        process.standardError = errHandle
        if let stdin {
            let inURL = FileManager.default.temporaryDirectory
                .appendingPathComponent("profilesync-in-\(UUID().uuidString)")
            try stdin.write(to: inURL)
            process.standardInput = try FileHandle(forReadingFrom: inURL)
            defer { try? FileManager.default.removeItem(at: inURL) }
            try process.run()
        } else {
            process.standardInput = FileHandle.nullDevice
            try process.run()
        }
        process.waitUntilExit()
        try outHandle.close()
        try errHandle.close()
        return ToolResult(
            status: process.terminationStatus,
            stdout: try Data(contentsOf: outURL),
            stderr: try Data(contentsOf: errURL))
    }
}

/// A fresh temporary directory, removed by `cleanup()`.
public struct TemporaryDirectory: Sendable {
    public let url: URL

    public init(prefix: String = "profilesync-test") throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    public func cleanup() { try? FileManager.default.removeItem(at: url) }
}
