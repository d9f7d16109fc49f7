/// Writes a report so that readers never see half of it: into a temporary
/// file beside the target (mode 0600: reports hold personal data), then
/// renamed over it.
public enum ReportFile {
    public static func write(_ bytes: [UInt8], to path: String) throws {
        let sink = try ReportSink(.file(path))
        try sink.write(bytes)
        try sink.finish()
    }
}
