/// `inspect` for CSV input.
enum CSVInspector {
    static func run(_ options: InspectOptions) throws -> ToolExitCode {
        throw ToolExit(.failure, "inspect: CSV input is not supported in this build")
    }
}
