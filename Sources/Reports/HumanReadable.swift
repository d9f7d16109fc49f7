import Foundation

/// Durations and sizes as people read them in text reports and tables.
enum HumanReadable {
    /// `0.250 s`, `12.4 s`, `3 min 07 s`, `2 h 05 min`.
    static func duration(from start: Date, to end: Date) -> String {
        let seconds = max(0, end.timeIntervalSince(start))
        if seconds < 10 { return String(format: "%.3f s", seconds) }
        if seconds < 60 { return String(format: "%.1f s", seconds) }
        let whole = Int(seconds.rounded())
        if whole < 3600 { return String(format: "%d min %02d s", whole / 60, whole % 60) }
        return String(format: "%d h %02d min", whole / 3600, (whole % 3600) / 60)
    }

    /// `512 B`, `1.5 KiB`, `20.0 MiB`, `2.1 GiB` (binary units, as `ls -h`).
    static func byteCount(_ bytes: Int64) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        var value = Double(bytes) / 1024
        for unit in ["KiB", "MiB", "GiB"] {
            if value < 1024 { return String(format: "%.1f ", value) + unit }
            value /= 1024
        }
        return String(format: "%.1f TiB", value)
    }
}
