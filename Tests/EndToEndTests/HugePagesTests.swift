import Foundation
import Testing
import TestSupport

@testable import profilesync

@Suite struct HugePagesTests {
    private let madvise = "always [madvise] never\n"

    @Test func restartsWhereTheKernelGivesHugePagesOnRequest() {
        #expect(
            HugePages.decision(environment: [:], kernelSetting: madvise, glibcVersion: "2.36")
                == .restart(tunables: "glibc.malloc.hugetlb=1"))
        // The administrator's own tunables are kept, the new one appended.
        #expect(
            HugePages.decision(
                environment: ["GLIBC_TUNABLES": "glibc.malloc.arena_max=2"], kernelSetting: madvise, glibcVersion: "2.39")
                == .restart(tunables: "glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1"))
    }

    @Test func aTunableAlreadySetIsObeyedAndNeverRestartsAgain() {
        // The restarted process sees its own tunable: no second restart.
        #expect(
            HugePages.decision(
                environment: ["GLIBC_TUNABLES": "glibc.malloc.hugetlb=1"], kernelSetting: madvise, glibcVersion: "2.36")
                == .on)
        #expect(
            HugePages.decision(
                environment: ["GLIBC_TUNABLES": "glibc.malloc.hugetlb=1:glibc.malloc.hugetlb=0"], kernelSetting: madvise,
                glibcVersion: "2.36") == .off("GLIBC_TUNABLES sets glibc.malloc.hugetlb=0"))
    }

    @Test func staysAsItIsWhereARestartWouldChangeNothing() {
        #expect(
            HugePages.decision(environment: ["PROFILESYNC_HUGE_PAGES": "0"], kernelSetting: madvise, glibcVersion: "2.36")
                == .off("PROFILESYNC_HUGE_PAGES=0"))
        #expect(
            HugePages.decision(environment: [:], kernelSetting: "[always] madvise never", glibcVersion: "2.36")
                == .off("the kernel gives every process transparent huge pages"))
        #expect(
            HugePages.decision(environment: [:], kernelSetting: "always madvise [never]", glibcVersion: "2.36")
                == .off("the kernel's transparent huge pages are 'never'"))
        #expect(
            HugePages.decision(environment: [:], kernelSetting: nil, glibcVersion: "2.36")
                == .off("the kernel does not say whether it has transparent huge pages"))
        #expect(
            HugePages.decision(environment: [:], kernelSetting: madvise, glibcVersion: "2.34")
                == .off("glibc 2.34 has no glibc.malloc.hugetlb (2.35 and later)"))
        #expect(
            HugePages.decision(environment: [:], kernelSetting: madvise, glibcVersion: nil)
                == .off("the C library is not glibc"))
    }

    /// The line `sync --timings` prints in a process started with `environment`.
    private func timingsLine(_ environment: [String: String]) throws -> String {
        try syncTimingsLine(startingWith: "timing: huge pages: ", environment: environment)
    }

    @Test func syncRestartsItselfOnceWithTheTunable() throws {
        // GLIBC_TUNABLES empty: as if unset. Where this machine would restart, the restarted run says "on".
        let expected: String
        switch HugePages.decision(
            environment: ["GLIBC_TUNABLES": ""], kernelSetting: HugePages.kernelSetting(),
            glibcVersion: HugePages.glibcVersion())
        {
        case .restart, .on: expected = "on (glibc.malloc.hugetlb=1)"
        case .off(let reason): expected = "off: \(reason)"
        }
        #expect(try timingsLine(["GLIBC_TUNABLES": ""]) == "timing: huge pages: \(expected)")
        #expect(try timingsLine(["GLIBC_TUNABLES": "", "PROFILESYNC_HUGE_PAGES": "0"]) == "timing: huge pages: off: PROFILESYNC_HUGE_PAGES=0")
    }
}
