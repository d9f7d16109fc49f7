import Foundation
import Testing
import TestSupport

@testable import profilesync

@Suite struct HeapGrowthTests {
    @Test func padsEveryHeapGrowthUnlessTheTunablesSayOtherwise() {
        #expect(HeapGrowth.decision(tunables: nil) == .set(64 << 20))
        #expect(HeapGrowth.decision(tunables: "") == .set(64 << 20))
        // Other tunables, the huge pages' among them, change nothing here.
        #expect(HeapGrowth.decision(tunables: "glibc.malloc.hugetlb=1:glibc.malloc.arena_max=2") == .set(64 << 20))
        // The administrator's own pad is glibc's already: left as it is.
        #expect(
            HeapGrowth.decision(tunables: "glibc.malloc.hugetlb=1:glibc.malloc.top_pad=131072")
                == .leave("GLIBC_TUNABLES sets glibc.malloc.top_pad=131072"))
    }

    /// The line `sync --timings` prints in a process started with `environment`.
    private func timingsLine(_ environment: [String: String]) throws -> String {
        try syncTimingsLine(startingWith: "timing: heap growth: ", environment: environment)
    }

    @Test func syncSaysWhatItSetAndLeavesTheTunableAlone() throws {
        #if canImport(Glibc)
        #expect(try timingsLine(["GLIBC_TUNABLES": ""]) == "timing: heap growth: 64 MiB at a time (M_TOP_PAD)")
        #expect(
            try timingsLine(["GLIBC_TUNABLES": "glibc.malloc.top_pad=131072"])
                == "timing: heap growth: as it was: GLIBC_TUNABLES sets glibc.malloc.top_pad=131072")
        #endif
    }
}
