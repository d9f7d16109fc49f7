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
        let path: @Sendable (String) -> String = { directory.appendingPathComponent($0).path }

        let n = options.userCount
        let seed = options.seed
        let hires = options.drift > 0 ? Drift.perCategory(userCount: n, fraction: options.drift) : 0
        let tree = OrgTree(seed: seed, baselineCount: n, count: n + hires)
        let baseline = Snapshot.baseline(tree)
        let contractorRows = HRExtractWriter.contractorRowCount(userCount: n)
        let context = self.context
        let writer = SnapshotWriter(context: context)
        let ldifName = self.ldifName
        var jobs: [ParallelJobs.Job] = []

        jobs.append {
            let members = SnapshotWriter.memberLists(baseline)
            let sizes = try writer.write(
                baseline, members: members, ldifPath: path(ldifName), hrPath: path("hr.csv"), contractorRows: contractorRows)
            let model = try Self.writeText(BDCModelTemplate.text(names: context.names), to: path("models/hr.bdcm"))
            let config = ConfigTemplate.text(
                names: context.names, seed: seed, userCount: n, store: "profiles.db", ldif: ldifName, hr: "hr.csv",
                model: "models/hr.bdcm")
            return [
                .init(path: ldifName, bytes: sizes.ldif), .init(path: "hr.csv", bytes: sizes.hr),
                .init(path: "models/hr.bdcm", bytes: model),
                .init(path: "profilesync.yaml", bytes: try Self.writeText(config, to: path("profilesync.yaml"))),
            ]
        }

        if options.drift > 0 {
            let drift = Drift(tree: tree, seed: seed, fraction: options.drift)
            let next = drift.next
            let options = self.options
            jobs.append {
                let members = SnapshotWriter.memberLists(next)
                let sizes = try writer.write(
                    next, members: members, ldifPath: path("next/" + ldifName), hrPath: path("next/hr.csv"),
                    contractorRows: contractorRows)
                // The next snapshot syncs into the same store, so a run over it reports the drift.
                let config = ConfigTemplate.text(
                    names: context.names, seed: seed, userCount: n, store: "../profiles.db", ldif: ldifName,
                    hr: "hr.csv", model: "../models/hr.bdcm")
                return [
                    .init(path: "next/" + ldifName, bytes: sizes.ldif), .init(path: "next/hr.csv", bytes: sizes.hr),
                    .init(path: "next/profilesync.yaml", bytes: try Self.writeText(config, to: path("next/profilesync.yaml"))),
                ]
            }
            jobs.append {
                let members = SnapshotWriter.memberLists(next)
                let delta = try DeltaWriter(context: context).write(
                    baseline: baseline, next: next, nextMembers: members, path: path("delta.ldif"))
                let manifest = try DriftManifest(context: context).write(
                    baseline: baseline, next: next, drift: drift, options: options,
                    files: .init(
                        baselineLDIF: ldifName, baselineHR: "hr.csv", nextLDIF: "next/" + ldifName,
                        nextHR: "next/hr.csv", delta: "delta.ldif"),
                    contractorRows: contractorRows, path: path("drift.json"))
                return [.init(path: "delta.ldif", bytes: delta), .init(path: "drift.json", bytes: manifest)]
            }
        }
        let files = try ParallelJobs.run(jobs)

        let elapsed = clock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return GenerationSummary(files: files, userCount: n, seconds: seconds)
    }

    private static func writeText(_ text: String, to path: String) throws -> Int {
        let file = try OutputFile(path: path)
        file.append(text)
        return try file.finish()
    }
}
