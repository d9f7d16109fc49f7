import Foundation
import SyntheticDirectory
import TestSupport

/// One generated data set (3,200 users, 2 % drift), parsed once and shared by the structure tests.
// Unchecked: drift.json is kept as parsed `[String: Any]`, never mutated after init.
struct GeneratedFixture: @unchecked Sendable {
    static let userCount = 3_200
    static let drift = 0.02
    static let shared: Result<GeneratedFixture, MiniLDIF.Failure> = {
        do { return .success(try GeneratedFixture()) } catch { return .failure(MiniLDIF.Failure(description: "\(error)")) }
    }()

    static func get() throws -> GeneratedFixture { try shared.get() }

    let summary: GenerationSummary
    let baselineData: Data
    let baseline: [MiniLDIF.Record]
    let next: [MiniLDIF.Record]
    let delta: [MiniLDIF.Record]
    let hr: [[String]]
    let nextHR: [[String]]
    let drift: [String: Any]
    let model: String
    let config: String
    let nextConfig: String

    /// Everything is read into memory and the folder removed, so test runs leave nothing behind.
    private init() throws {
        let temporary = try TemporaryDirectory(prefix: "synthetic-fixture")
        defer { temporary.cleanup() }
        let directory = temporary.url
        let generator = try SyntheticDirectoryGenerator(
            options: GeneratorOptions(userCount: Self.userCount, seed: 42, drift: Self.drift))
        summary = try generator.generate(into: directory)
        baselineData = try Data(contentsOf: directory.appendingPathComponent("contoso.ldif"))
        baseline = try MiniLDIF(data: baselineData).records
        next = try MiniLDIF(url: directory.appendingPathComponent("next/contoso.ldif")).records
        delta = try MiniLDIF(url: directory.appendingPathComponent("delta.ldif")).records
        hr = try readCSV(directory.appendingPathComponent("hr.csv"))
        nextHR = try readCSV(directory.appendingPathComponent("next/hr.csv"))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("drift.json")))
        drift = json as? [String: Any] ?? [:]
        model = try String(contentsOf: directory.appendingPathComponent("models/hr.bdcm"), encoding: .utf8)
        config = try String(contentsOf: directory.appendingPathComponent("profilesync.yaml"), encoding: .utf8)
        nextConfig = try String(contentsOf: directory.appendingPathComponent("next/profilesync.yaml"), encoding: .utf8)
    }
}

extension MiniLDIF.Record {
    var isPerson: Bool {
        changetype == "add" && strings("objectClass").contains("user")
            && (dn.hasSuffix("OU=Staff,DC=contoso,DC=com") || dn.hasSuffix("OU=Contractors,DC=contoso,DC=com")
                || dn.hasSuffix("OU=Disabled Accounts,DC=contoso,DC=com"))
    }

    var anchor: String? { all("objectGUID").first.map(guidString) }
}

extension Array where Element == MiniLDIF.Record {
    var people: [MiniLDIF.Record] { filter(\.isPerson) }

    /// People by objectGUID string.
    var peopleByAnchor: [String: MiniLDIF.Record] {
        Dictionary(people.map { ($0.anchor!, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Every member DN of a group, merging ldifde's `modify`/`add: member` continuation records.
    func members(of groupDN: String) -> [String] {
        filter { $0.dn == groupDN }.flatMap { $0.strings("member") }
    }
}
