import LDIF

/// libFuzzer entry point: reads the input as an LDIF file to the end.
///
/// The first byte picks the reader's options so one corpus exercises strict
/// and lenient parsing, secret dropping and the entry merger (ldifde's split
/// groups and ranged attributes); the rest is the file. File URLs stay off:
/// a fuzzer must never make the reader open local files.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard count > 0 else { return 0 }
    let selector = start[0]
    let bytes = Array(UnsafeBufferPointer(start: start + 1, count: count - 1))
    let options = LDIFReaderOptions(
        policy: selector & 1 == 0 ? .lenient : .strict,
        keepSecrets: selector & 2 != 0)
    let reader = LDIFReader(bytes: bytes, name: "fuzz.ldif", options: options)
    // Errors are expected on random input; only crashes, hangs and sanitizer
    // reports count. The record count bounds nothing: the reader must end.
    do {
        if selector & 4 != 0 {
            let merger = LDIFEntryMerger(reader: reader)
            while let record = try merger.next() { consume(record) }
        } else {
            while let record = try reader.next() { consume(record) }
        }
    } catch {}
    _ = reader.statistics
    _ = reader.diagnostics
    return 0
}

/// Touches the parsed values so lazily computed parts (DN text, value
/// decoding) run too and the optimiser can't drop the work.
private func consume(_ record: LDIFRecord) {
    _ = record.dn.string
    _ = record.changeType
    _ = record.attributes?.count
    _ = record.hashValue
}
