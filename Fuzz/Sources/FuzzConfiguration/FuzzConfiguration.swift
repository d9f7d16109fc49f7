import ProfileCore

/// libFuzzer entry point: loads the input as a configuration file — Yams'
/// YAML parser (libyaml), then key and type checking, filters, expressions,
/// exclusions and schedules as the loader validates them.
///
/// The folder relative paths resolve against does not exist, so whatever a
/// generated file names, the loader can only find it missing: the fuzzer must
/// neither read nor write real files. Like `ConfigurationLoader.load`, input
/// that is not UTF-8 is refused before parsing.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard let text = String(validating: UnsafeBufferPointer(start: start, count: count), as: UTF8.self) else {
        return 0
    }
    do {
        let configuration = try ConfigurationLoader.parse(
            yaml: text, file: "fuzz.yaml", directory: "/nonexistent/profilesync-fuzz")
        _ = configuration.scopeFingerprint
    } catch {
        _ = error.diagnostics.count
    }
    return 0
}
