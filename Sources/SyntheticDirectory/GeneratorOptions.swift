import Foundation

/// What `profilesync generate` was asked for.
public struct GeneratorOptions: Sendable, Equatable {
    /// Number of people (staff and contractors) in the first snapshot; ≥ 1.
    public var userCount: Int
    /// Seed of every random choice: equal options give byte-identical files.
    public var seed: UInt64
    /// Fraction of users each drift category touches in the second snapshot
    /// (0 = no second snapshot); `0 ≤ drift < 0.5`.
    public var drift: Double
    /// DNS name of the domain, e.g. `contoso.com`; its first label names the
    /// LDIF file, the connection and (upper-cased) the NetBIOS account domain.
    public var domain: String
    /// Overwrite files a previous run generated.
    public var force: Bool

    public init(userCount: Int, seed: UInt64 = 1, drift: Double = 0, domain: String = "contoso.com", force: Bool = false) {
        self.userCount = userCount
        self.seed = seed
        self.drift = drift
        self.domain = domain
        self.force = force
    }

    /// Why these options cannot be generated, or nil when they can.
    public var problem: String? {
        if userCount < 1 { return "--users must be at least 1." }
        if userCount > 50_000_000 { return "--users must be at most 50000000." }
        if !(drift >= 0 && drift < 0.5) { return "--drift must be a fraction with 0 <= F < 0.5." }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        let validLabel: (Substring) -> Bool = { label in
            !label.isEmpty && label.count <= 63 && label.first != "-" && label.last != "-"
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
        if labels.count < 2 || !labels.allSatisfy(validLabel) {
            return "--domain must be a DNS name such as contoso.com."
        }
        return nil
    }
}
