import LDIF

/// libFuzzer entry point: reads the input as an LDIF file to the end.
///
/// The first byte picks the reader's options so one corpus exercises strict
/// and lenient parsing, secret dropping and the entry merger (ldifde's split
/// groups and ranged attributes); the rest is the file. File URLs stay off:
/// a fuzzer must never make the reader open local files.
///
/// With bit 3 of the first byte set the input is read twice, counted
/// (`summarizeNext`, what `inspect --summary` uses) and as records, and any
/// difference in counts, diagnostics, statistics or the error thrown traps:
/// the counting path must report exactly what the record path reports.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard count > 0 else { return 0 }
    let selector = start[0]
    let bytes = Array(UnsafeBufferPointer(start: start + 1, count: count - 1))
    let options = LDIFReaderOptions(
        policy: selector & 1 == 0 ? .lenient : .strict,
        keepSecrets: selector & 2 != 0)
    if selector & 8 != 0 {
        let counted = Outcome(bytes, options, counting: true)
        let built = Outcome(bytes, options, counting: false)
        if counted != built { fatalError("summarizeNext disagrees with next() + LDIFSummary.add") }
        return 0
    }
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

/// Everything a read reports, for comparing the two ways of reading.
private struct Outcome: Equatable {
    var summary = LDIFSummary()
    var diagnostics: [String] = []
    var errors = 0
    var warnings = 0
    var statistics = LDIFReadStatistics()
    var thrown: String?

    init(_ bytes: [UInt8], _ options: LDIFReaderOptions, counting: Bool) {
        let reader = LDIFReader(bytes: bytes, name: "fuzz.ldif", options: options)
        do {
            if counting {
                while try reader.summarizeNext(into: &summary) {}
            } else {
                while let record = try reader.next() { summary.add(record) }
            }
        } catch {
            thrown = "\(error)"
        }
        diagnostics = reader.diagnostics.diagnostics.map { "\($0)" }
        errors = reader.diagnostics.errorCount
        warnings = reader.diagnostics.warningCount
        statistics = reader.statistics
    }
}
