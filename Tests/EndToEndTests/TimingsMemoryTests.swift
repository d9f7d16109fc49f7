import Foundation
import Testing
import TestSupport

@Suite struct TimingsMemoryTests {
    /// On Linux every `--timings` line ends with the resident memory, the
    /// peak, and (glibc) the allocator's bytes in use: what tells data the
    /// run holds from memory the allocator keeps free.
    @Test func everyStageLineEndsWithResidentPeakAndHeap() throws {
        #if canImport(Glibc)
        let total = try syncTimingsLine(startingWith: "timing: total", environment: [:])
        let fields = total.split(separator: " ")
        let labels = fields.enumerated().filter { ["rss", "peak", "heap"].contains($0.element) }
        #expect(labels.map(\.element) == ["rss", "peak", "heap"], "\(total)")
        for (position, _) in labels {
            #expect(position + 2 < fields.count && fields[position + 2] == "MB", "\(total)")
        }
        // A sync allocates: its heap is not empty, and is held in resident memory.
        let heap = labels.last.flatMap { Int(fields[$0.offset + 1]) } ?? 0
        let peak = labels.dropLast().last.flatMap { Int(fields[$0.offset + 1]) } ?? 0
        #expect(heap > 0 && heap <= peak, "\(total)")
        #expect(fields.last == "MB", "\(total)")
        #endif
    }
}
