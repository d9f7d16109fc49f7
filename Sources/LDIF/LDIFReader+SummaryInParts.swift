import Diagnostics
import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `inspect --summary` on two cores: the file cut in two at a record's
/// start near its middle, each part counted by a reader of its own at the
/// same time, the counts added.
///
/// One reader counted a 151 MB export at 264–440 MB/s on the machine the
/// benchmarks run on, on one core. The counts add up exactly, but what is
/// not a count does not: a diagnostic's line in the second part would count
/// from the cut, a warning about content and change records mixed in one
/// file needs both parts, and a strict reader stops at the first error.
/// So a file with any diagnostic at all is counted again by one reader (the
/// usual export has none), and only that reading's result is used.
extension LDIFReader {
    /// A summary, with the statistics and diagnostics of the reading that made it.
    public struct SummaryResult: Sendable {
        public var summary: LDIFSummary
        public var statistics: LDIFReadStatistics
        public var diagnostics: DiagnosticLog
    }

    /// Files smaller than this are counted by one reader: a thread and a
    /// second pass over a few MB cost about what they save.
    public static let summaryInPartsMinimumBytes = 16 << 20

    /// How far past the middle a record's start is looked for: an export's
    /// largest records (a group of 100,000s of members) run to MBs.
    static let cutSearchBytes = 16 << 20

    /// The summary of `path` as `summarizeNext(into:)` makes it, read in two
    /// parts at once; nil where that cannot be had exactly that way: a file
    /// smaller than `minimumBytes`, one where no record starts within
    /// `cutSearchBytes` after its middle, one that cannot be read, and one
    /// with any diagnostic or with both content and change records. The
    /// caller then reads it with one reader.
    public static func summarizeInParts(
        path: String, options: LDIFReaderOptions, minimumBytes: Int = summaryInPartsMinimumBytes
    ) -> SummaryResult? {
        guard let cut = recordStart(nearMiddleOf: path, minimumBytes: minimumBytes) else { return nil }
        let parts = UnsafeMutablePointer<Part?>.allocate(capacity: 2)
        parts.initialize(repeating: nil, count: 2)
        defer {
            parts.deinitialize(count: 2)
            parts.deallocate()
        }
        let slots = Slots(parts: parts)
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            let range = index == 0 ? 0..<cut.position : cut.position..<cut.size
            slots.parts[index] = Part.read(path, range: range, options: options)
        }
        guard let first = parts[0], let second = parts[1] else { return nil }
        // Each part alone warns when it mixes the two kinds; these mix only together.
        guard !((first.sawContent || second.sawContent) && (first.sawChange || second.sawChange)) else { return nil }
        var result = first.result
        result.summary.append(second.result.summary)
        let later = second.result.statistics
        result.statistics.bytesRead += later.bytesRead
        result.statistics.lines += later.lines
        result.statistics.records += later.records
        result.statistics.skippedRecords += later.skippedRecords
        result.statistics.secretValuesDropped += later.secretValuesDropped
        return result
    }

    /// One part's reading: nil when it could not be used (a diagnostic, an error).
    private struct Part {
        var result: SummaryResult
        var sawContent: Bool
        var sawChange: Bool

        static func read(_ path: String, range: Range<Int>, options: LDIFReaderOptions) -> Part? {
            do {
                let reader = try LDIFReader(path: path, range: range, options: options)
                var summary = LDIFSummary()
                while try reader.summarizeNext(into: &summary) {
                    guard reader.diagnostics.diagnostics.isEmpty else { return nil }
                }
                guard reader.diagnostics.diagnostics.isEmpty else { return nil }
                return Part(
                    result: SummaryResult(summary: summary, statistics: reader.statistics, diagnostics: reader.diagnostics),
                    sawContent: reader.sawContent, sawChange: reader.sawChange)
            } catch {
                return nil
            }
        }
    }

    /// Where each of the two readings leaves its part. Unchecked: each
    /// writes only its own slot, and both are read after both are done.
    private struct Slots: @unchecked Sendable {
        let parts: UnsafeMutablePointer<Part?>
    }

    /// The first record start at or after the middle of `path`: a line
    /// beginning `dn:` right after a blank line (`\n\n` or `\r\n\r\n`),
    /// which in LDIF can only end one record and begin the next.
    static func recordStart(nearMiddleOf path: String, minimumBytes: Int) -> (position: Int, size: Int)? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        let size = Int(status.st_size)
        guard size >= max(minimumBytes, 8) else { return nil }
        // From two bytes before the middle, so a blank line just before it counts.
        let start = size / 2 - 2
        let length = min(cutSearchBytes, size - start)
        var window = [UInt8](repeating: 0, count: length)
        let count = window.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, length, off_t(start)) }
        guard count > 0 else { return nil }
        return window.withUnsafeBufferPointer { bytes -> (Int, Int)? in
            var index = 2
            while index + 3 <= count {
                if bytes[index] | 0x20 == 0x64, bytes[index + 1] | 0x20 == 0x6E, bytes[index + 2] == 0x3A,
                    bytes[index - 1] == 0x0A,
                    bytes[index - 2] == 0x0A || (index >= 4 && bytes[index - 2] == 0x0D && bytes[index - 3] == 0x0A)
                {
                    return (start + index, size)
                }
                index += 1
            }
            return nil
        }
    }
}
