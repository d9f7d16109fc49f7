/// `inspect` for LDIF input.
enum LDIFInspector {
    static func run(_ options: InspectOptions) throws -> ToolExitCode {
        throw ToolExit(.failure, "inspect: LDIF input is not supported in this build")
    }
}
