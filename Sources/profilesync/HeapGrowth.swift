import CMalloc

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How much glibc's allocator adds each time it grows a heap
/// (`M_TOP_PAD`), set once for the whole process when it starts.
///
/// Every thread that allocates gets heaps of its own, each reserved 64 MiB
/// at a time and made usable as it fills: by what was asked plus the pad
/// (128 KiB unless set), one `mprotect` call each time. A 100k first import
/// made 10,134 of them, and each changes the process's memory map under the
/// lock that page faults on the other core wait for. With a 64 MiB pad a
/// thread's heap is usable whole when it is made (64 MiB is the most a heap
/// holds), and the main heap grows 64 MiB at a time: 83 calls, and a sixth
/// to a half of the minor faults (6,407–18,438 against 36,436–42,311).
/// Measured by `Benchmarks/stages.sh`, 100k first imports: 3.655 against
/// 3.908 s (faster in 5 of 8 pairs) and 4.182 against 4.341 s (11 of 16);
/// through `GLIBC_TUNABLES` beforehand, 64 MiB 3.734 against 4.099 s (7 of
/// 8), 16 MiB 4.364 against 4.437 s (6 of 8), 256 MiB 4.216 against 4.481 s
/// (5 of 8). Peak 405 against 381 MB: the
/// pad is kept instead of given back and taken again.
///
/// A `GLIBC_TUNABLES` that names `glibc.malloc.top_pad` is the
/// administrator's choice, which glibc has applied already: it is left alone.
enum HeapGrowth {
    /// glibc's tunable for the same setting.
    static let tunable = "glibc.malloc.top_pad"
    /// The pad set when the environment does not set one: the size of a thread's heap.
    static let pad = 64 << 20

    enum Decision: Equatable {
        /// Set the pad to this many bytes.
        case set(Int)
        /// Leave glibc's pad as it is, and why.
        case leave(String)
    }

    /// What a process whose `GLIBC_TUNABLES` is `tunables` (nil: unset) does.
    static func decision(tunables: String?) -> Decision {
        if let tunables, let value = HugePages.value(of: tunable, in: tunables) {
            return .leave("GLIBC_TUNABLES sets \(tunable)=\(value)")
        }
        return .set(pad)
    }

    /// What this process did (`apply()`), for `sync --timings`.
    nonisolated(unsafe) private(set) static var applied = "not set"

    /// Sets the pad, as `decision` says, before the process's threads start;
    /// called once, at the start of `main`.
    static func apply() {
        let tunables = getenv("GLIBC_TUNABLES").map { String(cString: $0) }
        switch decision(tunables: tunables) {
        case .set(let bytes):
            applied =
                profilesync_set_top_pad(Int32(bytes)) == 1
                ? "\(bytes >> 20) MiB at a time (M_TOP_PAD)" : "as the C library has it (no mallopt)"
        case .leave(let reason):
            applied = "as it was: \(reason)"
        }
    }
}
