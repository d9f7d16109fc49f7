#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether `sync` asks glibc's allocator for transparent huge pages, and
/// the restart that asks.
///
/// A sync holds every entry and profile of an export at once: about 600 MB
/// at 100,000 users, 5 GB at a million, in small allocations. With 4 KiB
/// pages the kernel faults each page in on first touch, a tenth of the
/// processor time of a 100k sync. Where transparent huge pages are given
/// only to memory that asks for them (the kernel's `madvise` mode, the
/// usual default), glibc asks when its `glibc.malloc.hugetlb=1` tunable
/// is set, and tunables are read only when a process starts: so `sync`
/// starts itself again once, at once, with the tunable added to
/// `GLIBC_TUNABLES`. Measured on a 2-core machine: a 100k first run
/// 2.725 s against 2.90 s (medians of six alternating pairs), system time
/// 0.40 s against 0.50 s. `PROFILESYNC_HUGE_PAGES=0` turns this off.
enum HugePages {
    /// glibc's tunable (glibc 2.35 and later).
    static let tunable = "glibc.malloc.hugetlb"
    /// `0` turns the restart off.
    static let switchVariable = "PROFILESYNC_HUGE_PAGES"

    enum Decision: Equatable {
        /// Start again with `GLIBC_TUNABLES` set to this.
        case restart(tunables: String)
        /// The allocator asks for huge pages already (the tunable is set).
        case on
        /// Nothing to do, and why.
        case off(String)
    }

    /// What a process with this environment should do, on a kernel whose
    /// `/sys/kernel/mm/transparent_hugepage/enabled` reads `kernelSetting`
    /// (nil when unreadable), with this glibc version (nil: not glibc).
    static func decision(environment: [String: String], kernelSetting: String?, glibcVersion: String?) -> Decision {
        let tunables = environment["GLIBC_TUNABLES"] ?? ""
        if let value = value(of: tunable, in: tunables) {
            return value == "0" ? .off("GLIBC_TUNABLES sets \(tunable)=0") : .on
        }
        if environment[switchVariable] == "0" { return .off("\(switchVariable)=0") }
        guard let glibcVersion else { return .off("the C library is not glibc") }
        let parts = glibcVersion.split(separator: ".").compactMap { Int($0) }
        guard parts.count >= 2, (parts[0], parts[1]) >= (2, 35) else {
            return .off("glibc \(glibcVersion) has no \(tunable) (2.35 and later)")
        }
        guard let mode = kernelSetting.flatMap(selectedMode) else {
            return .off("the kernel does not say whether it has transparent huge pages")
        }
        switch mode {
        case "madvise": return .restart(tunables: tunables.isEmpty ? "\(tunable)=1" : "\(tunables):\(tunable)=1")
        case "always": return .off("the kernel gives every process transparent huge pages")
        default: return .off("the kernel's transparent huge pages are '\(mode)'")
        }
    }

    /// The bracketed choice of a sysfs setting such as `always [madvise] never`.
    static func selectedMode(_ setting: String) -> String? {
        guard let open = setting.firstIndex(of: "["), let close = setting[open...].firstIndex(of: "]") else { return nil }
        return String(setting[setting.index(after: open)..<close])
    }

    /// The value a `GLIBC_TUNABLES` list (`name=value:name=value`) gives `name`; the last one wins, as in glibc.
    static func value(of name: String, in tunables: String) -> String? {
        var found: String?
        for item in tunables.split(separator: ":") {
            let pair = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if pair.count == 2, pair[0] == name { found = String(pair[1]) }
        }
        return found
    }

    /// This process's decision.
    static func current() -> Decision {
        var environment: [String: String] = [:]
        for name in ["GLIBC_TUNABLES", switchVariable] {
            if let value = getenv(name) { environment[name] = String(cString: value) }
        }
        return decision(environment: environment, kernelSetting: kernelSetting(), glibcVersion: glibcVersion())
    }

    /// The running C library's version when it is glibc.
    static func glibcVersion() -> String? {
        #if canImport(Glibc)
        // "glibc 2.36"; confstr knows the name only where the C library is glibc.
        var buffer = [CChar](repeating: 0, count: 64)
        guard confstr(Int32(_CS_GNU_LIBC_VERSION), &buffer, buffer.count) > 0 else { return nil }
        let text = Self.text(buffer)
        return text.hasPrefix("glibc ") ? String(text.dropFirst(6)) : nil
        #else
        nil
        #endif
    }

    /// Starts this program again in place (same process, arguments and
    /// descriptors) when `current()` says so; returns only when it did not.
    /// A failed restart leaves the environment as it was and the run goes on.
    static func restartIfAsked() {
        #if canImport(Glibc)
        guard case .restart(let tunables) = current() else { return }
        let previous = getenv("GLIBC_TUNABLES").map { String(cString: $0) }
        setenv("GLIBC_TUNABLES", tunables, 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        if let previous { setenv("GLIBC_TUNABLES", previous, 1) } else { unsetenv("GLIBC_TUNABLES") }
        #endif
    }

    /// One line for `sync --timings`.
    static func describe(_ decision: Decision) -> String {
        switch decision {
        case .on: "on (\(tunable)=1)"
        case .restart: "off (not restarted)"
        case .off(let reason): "off: \(reason)"
        }
    }

    /// A C buffer's text up to its terminating zero.
    private static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The kernel's transparent huge page setting, as sysfs words it.
    static func kernelSetting() -> String? {
        #if canImport(Glibc)
        guard let file = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r") else { return nil }
        defer { fclose(file) }
        var buffer = [CChar](repeating: 0, count: 128)
        guard fgets(&buffer, Int32(buffer.count), file) != nil else { return nil }
        return Self.text(buffer)
        #else
        return nil
        #endif
    }
}
