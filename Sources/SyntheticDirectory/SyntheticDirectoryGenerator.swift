import Foundation

/// Generates a synthetic Active Directory export, the matching HR extract,
/// its BDC model and a ready-to-run configuration — and, with drift, a second
/// snapshot, the delta export between the two and `drift.json` listing every
/// change. Equal options give byte-identical files.
public struct SyntheticDirectoryGenerator: Sendable {
    public let options: GeneratorOptions
    private let context: GenerationContext

    /// Fails with `GeneratorError.invalidOptions` when `options.problem` is set.
    public init(options: GeneratorOptions) throws {
        if let problem = options.problem { throw GeneratorError.invalidOptions(problem) }
        self.options = options
        context = GenerationContext(seed: options.seed, domain: options.domain)
    }

    /// The LDIF file name: the domain's first label (`contoso.ldif`).
    public var ldifName: String { context.names.stem + ".ldif" }

    /// Every file a run writes, relative to the output folder.
    public var plannedFiles: [String] {
        var files = [ldifName, "hr.csv", "models/hr.bdcm", "profilesync.yaml"]
        if options.drift > 0 {
            files += ["next/" + ldifName, "next/hr.csv", "next/profilesync.yaml", "delta.ldif", "drift.json"]
        }
        return files
    }

    /// Writes everything into `directory` (created if needed).
    ///
    /// Refuses with `GeneratorError.wouldOverwrite` when one of `plannedFiles`
    /// exists, unless `options.force`.
    public func generate(into directory: URL) throws -> GenerationSummary {
        let clock = ContinuousClock()
        let started = clock.now
        let manager = FileManager.default
        let existing = plannedFiles.filter { manager.fileExists(atPath: directory.appendingPathComponent($0).path) }
        if !existing.isEmpty && !options.force { throw GeneratorError.wouldOverwrite(existing) }
        for folder in options.drift > 0 ? ["models", "next"] : ["models"] {
            let url = directory.appendingPathComponent(folder)
            do {
                try manager.createDirectory(at: url, withIntermediateDirectories: true)
            } catch {
                throw GeneratorError.io(path: url.path, message: "cannot create the folder (\(error.localizedDescription))")
            }
        }
        func path(_ relative: String) -> String { directory.appendingPathComponent(relative).path }

        let n = options.userCount
        let hires = options.drift > 0 ? Drift.perCategory(userCount: n, fraction: options.drift) : 0
        let tree = OrgTree(seed: options.seed, baselineCount: n, count: n + hires)
        let baseline = Snapshot.baseline(tree)
        let contractorRows = HRExtractWriter.contractorRowCount(userCount: n)
        let writer = SnapshotWriter(context: context)
        var files: [GenerationSummary.File] = []

        let baselineMembers = SnapshotWriter.memberLists(baseline)
        let sizes = try writer.write(
            baseline, members: baselineMembers, ldifPath: path(ldifName), hrPath: path("hr.csv"),
            contractorRows: contractorRows)
        files.append(.init(path: ldifName, bytes: sizes.ldif))
        files.append(.init(path: "hr.csv", bytes: sizes.hr))
        files.append(.init(path: "models/hr.bdcm", bytes: try writeText(BDCModelTemplate.text(names: context.names), to: path("models/hr.bdcm"))))
        let config = ConfigTemplate.text(
            names: context.names, seed: options.seed, userCount: n, store: "profiles.db", ldif: ldifName, hr: "hr.csv",
            model: "models/hr.bdcm")
        files.append(.init(path: "profilesync.yaml", bytes: try writeText(config, to: path("profilesync.yaml"))))

        if options.drift > 0 {
            let drift = Drift(tree: tree, seed: options.seed, fraction: options.drift)
            let next = drift.next
            let nextMembers = SnapshotWriter.memberLists(next)
            let nextSizes = try writer.write(
                next, members: nextMembers, ldifPath: path("next/" + ldifName), hrPath: path("next/hr.csv"),
                contractorRows: contractorRows)
            files.append(.init(path: "next/" + ldifName, bytes: nextSizes.ldif))
            files.append(.init(path: "next/hr.csv", bytes: nextSizes.hr))
            // The next snapshot syncs into the same store, so a run over it reports the drift.
            let nextConfig = ConfigTemplate.text(
                names: context.names, seed: options.seed, userCount: n, store: "../profiles.db", ldif: ldifName,
                hr: "hr.csv", model: "../models/hr.bdcm")
            files.append(.init(path: "next/profilesync.yaml", bytes: try writeText(nextConfig, to: path("next/profilesync.yaml"))))
            let delta = try DeltaWriter(context: context).write(
                baseline: baseline, next: next, nextMembers: nextMembers, path: path("delta.ldif"))
            files.append(.init(path: "delta.ldif", bytes: delta))
            let manifest = try DriftManifest(context: context).write(
                baseline: baseline, next: next, drift: drift, options: options,
                files: .init(
                    baselineLDIF: ldifName, baselineHR: "hr.csv", nextLDIF: "next/" + ldifName, nextHR: "next/hr.csv",
                    delta: "delta.ldif"),
                contractorRows: contractorRows, path: path("drift.json"))
            files.append(.init(path: "drift.json", bytes: manifest))
        }

        let elapsed = clock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return GenerationSummary(files: files, userCount: n, seconds: seconds)
    }

    private func writeText(_ text: String, to path: String) throws -> Int {
        let file = try OutputFile(path: path)
        file.append(text)
        return try file.finish()
    }
}
