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
