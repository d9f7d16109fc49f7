/// `inspect` for BDC input.
enum BDCInspector {
    static func run(_ options: InspectOptions) throws -> ToolExitCode {
        throw ToolExit(.failure, "inspect: BDC input is not supported in this build")
    }
}
