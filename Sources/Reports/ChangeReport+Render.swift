import ProfileCore

extension ChangeReport {
    /// The report in `format`, as the bytes to write to a file or stdout.
    public func render(_ format: ReportFormat, options: ReportRenderOptions = .init()) -> [UInt8] {
        switch format {
        case .text: renderText(options: options)
        case .json: renderJSON()
        case .csv: renderCSV()
        case .html: renderHTML()
        case .ldif: renderLDIF()
        }
    }
}

extension ChangeReport {
    /// Writes the report in `format` to `sink`, streaming the formats that
    /// can grow with the directory (JSON) instead of building them whole.
    public func write(_ format: ReportFormat, options: ReportRenderOptions = .init(), to sink: ReportSink) throws {
        switch format {
        // In pieces of the size a direct write takes at once (`DirectFileWriter`), written where they lie.
        case .json: try renderJSON(chunkSize: DirectFileWriter.blockBytes) { try sink.write($0) }
        default: try sink.write(render(format, options: options))
        }
    }
}
