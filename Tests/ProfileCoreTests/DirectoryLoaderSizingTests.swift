import Testing
@testable import ProfileCore

/// The loader sizes its maps once, from the first 32 MiB, so they never grow
/// (and move every entry) near the end of a large export.
@Suite struct DirectoryLoaderSizingTests {
    /// Wherever the sample falls in the reader's chunk and whatever the
    /// reader's lead over the records handed over, the estimate covers the
    /// export and overshoots by less than a tenth.
    @Test(arguments: [300, 500, 1_505, 4_000])
    func estimateCoversTheExport(bytesPerEntry: Int) {
        let chunk = 1 << 20
        for total in [100_000, 1_000_000] {
            let fileSize = Int64(total * bytesPerEntry)
            guard fileSize > DirectoryLoader.sizingSample + Int64(chunk) else { continue }
            for position in stride(from: 0, to: chunk, by: chunk / 4) {
                let read = DirectoryLoader.sizingSample + Int64(position)
                for lead in stride(from: 0, through: chunk, by: chunk / 4) {
                    let records = (Int(read) - lead) / bytesPerEntry
                    let estimate = DirectoryLoader.expectedEntries(after: records, read, of: fileSize, holding: records)
                    #expect(estimate >= total, "read \(read) lead \(lead)")
                    #expect(estimate < total + total / 10, "read \(read) lead \(lead)")
                }
            }
        }
    }
}
