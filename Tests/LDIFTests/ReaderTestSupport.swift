import Diagnostics
@testable import LDIF

/// Reads every record of in-memory LDIF; returns the reader for diagnostics.
func readAll(_ text: String, options: LDIFReaderOptions = .init()) throws -> ([LDIFRecord], LDIFReader) {
    try readAll(bytes: Array(text.utf8), options: options)
}

func readAll(bytes: [UInt8], name: String = "test.ldif", options: LDIFReaderOptions = .init()) throws -> ([LDIFRecord], LDIFReader) {
    let reader = LDIFReader(bytes: bytes, name: name, options: options)
    var records: [LDIFRecord] = []
    while let record = try reader.next() { records.append(record) }
    return (records, reader)
}

/// The first error a strict read throws, or nil when the input reads cleanly.
func strictError(_ bytes: [UInt8], name: String = "test.ldif") -> Diagnostic? {
    let reader = LDIFReader(bytes: bytes, name: name, options: LDIFReaderOptions(policy: .strict))
    do {
        while try reader.next() != nil {}
        return nil
    } catch let diagnostic as Diagnostic {
        return diagnostic
    } catch {
        return Diagnostic.error("unexpected \(error)")
    }
}

extension LDIFRecord {
    /// Values of the attribute named `name` (case-insensitive, options included), as text.
    func texts(_ name: String) -> [String?] {
        (attributes ?? []).first { $0.name.lowercased() == name.lowercased() }?.values.map(\.string) ?? []
    }
}
