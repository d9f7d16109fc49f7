/// `inspect FILE.csv --model M.bdcm --entity E`: rows typed by a BDC entity.
enum TypedCSVInspector {
    static func run(_ options: InspectOptions) throws -> ToolExitCode {
        throw ToolExit(.failure, "inspect: --model is not supported in this build")
    }
}
