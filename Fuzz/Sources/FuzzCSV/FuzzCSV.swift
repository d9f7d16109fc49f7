import DelimitedText

/// libFuzzer entry point: reads the input as a CSV file to the end.
///
/// The first byte picks the options: delimiter (auto or fixed), encoding
/// (auto, UTF-8, UTF-16 LE/BE, Windows-1252), strict or lenient, header or
/// none. The second byte picks the chunk size — small chunks put record,
/// quote, CRLF and multi-byte character boundaries across chunk edges, where
/// streaming readers usually break.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard count > 1 else { return 0 }
    let selector = start[0]
    let delimiters: [DelimiterChoice] = [
        .auto, .byte(UInt8(ascii: ",")), .byte(0x09), .byte(UInt8(ascii: ";")),
    ]
    let encodings: [TextEncoding] = [.auto, .utf8, .utf16le, .utf16be, .windows1252, .auto, .auto, .auto]
    // 16 (the minimum) to 1 MiB (the default); most inputs get a small chunk.
    let chunkSize = start[1] < 240 ? 16 + Int(start[1]) : 1 << 20
    let options = CSVReaderOptions(
        delimiter: delimiters[Int(selector & 3)],
        encoding: encodings[Int((selector >> 2) & 7)],
        policy: selector & 32 == 0 ? .lenient : .strict,
        hasHeader: selector & 64 == 0,
        chunkSize: chunkSize)
    let bytes = Array(UnsafeBufferPointer(start: start + 2, count: count - 2))
    // Errors are expected on random input; only crashes, hangs and sanitizer
    // reports count.
    do {
        let reader = try CSVReader(bytes: bytes, name: "fuzz.csv", options: options)
        _ = reader.header.count
        while let row = try reader.next() {
            _ = row.fields.reduce(0) { $0 &+ $1.utf8.count }
        }
        _ = reader.statistics
        _ = reader.diagnostics
    } catch {}
    return 0
}
