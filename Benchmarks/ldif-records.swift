// Records per second of the LDIF record path, the way the sync engine reads:
// through LDIFEntryMerger, every attribute's baseName, every value as text or
// bytes. Built and run by Benchmarks/ldif-records.sh against the release
// build's LDIF objects, so it measures the library and nothing else.
import Foundation
import LDIF

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: ldif-records FILE.ldif [RUNS] [--reader-only]\n".utf8))
    exit(2)
}
let path = arguments[1]
let runs = arguments.count > 2 ? Int(arguments[2]) ?? 5 : 5
let readerOnly = arguments.contains("--reader-only")

func consume(_ record: LDIFRecord, into checksum: inout Int) {
    if let dn = record.dn.string { checksum &+= dn.utf8.count }
    guard let attributes = record.attributes else { return }
    for attribute in attributes {
        checksum &+= attribute.baseName.utf8.count
        for value in attribute.values {
            if let text = value.string { checksum &+= text.utf8.count } else { checksum &+= value.bytes.count }
        }
    }
}

var times: [Double] = []
var records = 0
var bytes = 0
var checksum = 0
for _ in 0..<runs {
    let start = DispatchTime.now().uptimeNanoseconds
    let reader = try LDIFReader(path: path)
    records = 0
    if readerOnly {
        while let record = try reader.next() {
            records += 1
            checksum &+= record.line
        }
    } else {
        let merger = LDIFEntryMerger(reader: reader)
        while let record = try merger.next() {
            records += 1
            consume(record, into: &checksum)
        }
    }
    bytes = reader.statistics.bytesRead
    times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
}
times.sort()
let median = times[times.count / 2]
print(String(format: "%@: %d records, median %.3f s of %d runs: %.0f records/s, %.0f MB/s (checksum %d)",
             readerOnly ? "reader" : "merger+engine-like use", records, median, runs,
             Double(records) / median, Double(bytes) / median / 1e6, checksum))
