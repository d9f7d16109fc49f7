/// What a generation run wrote.
public struct GenerationSummary: Sendable {
    /// One written file: its path relative to the output folder, and size.
    public struct File: Sendable, Equatable {
        public var path: String
        public var bytes: Int
    }

    public var files: [File]
    /// Users in the first snapshot.
    public var userCount: Int
    /// Wall-clock seconds the generation took.
    public var seconds: Double

    /// Total bytes written.
    public var totalBytes: Int { files.reduce(0) { $0 + $1.bytes } }

    /// `1.2 GB`, `340 KB`: sizes for people.
    public static func formatBytes(_ bytes: Int) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1000 && unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        if unit == 0 { return "\(bytes) B" }
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) \(units[unit])"
    }

    /// The one line `generate` prints on stderr.
    public var line: String {
        let list = files.map { "\($0.path) \(Self.formatBytes($0.bytes))" }.joined(separator: ", ")
        let hundredths = Int((seconds * 100).rounded())
        return "generate: \(userCount) users, \(files.count) files (\(list)), \(Self.formatBytes(totalBytes)) in "
            + "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100) s"
    }
}
