import ArgumentParser
import Foundation
import SyntheticDirectory

/// `profilesync generate`: synthetic exports for tests, demos and benchmarks.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a synthetic AD export, HR extract, BDC model and configuration.",
        discussion: """
            Writes into DIR: <domain>.ldif (an ldifde-style export of N users and their \
            groups), hr.csv (the matching HR extract), models/hr.bdcm and profilesync.yaml. \
            With --drift F also next/ (a second snapshot where about F·N users were each \
            retitled, re-phoned, added, removed, moved, disabled, re-managed and regrouped), \
            delta.ldif (the uSNChanged delta between the two) and drift.json (every change). \
            The same seed gives byte-identical files. One summary line goes to stderr.
            """)

    @Option(help: "Number of users in the first snapshot (at least 1).")
    var users: Int

    @Option(help: "The folder to write into (created if needed).")
    var out: String

    @Option(help: "Seed of every random choice.")
    var seed: UInt64 = 1

    @Option(help: "Fraction of users each kind of change touches in a second snapshot (0 <= F < 0.5).")
    var drift: Double = 0

    @Option(help: "DNS name of the domain; its first label names the LDIF file and the account domain.")
    var domain: String = "contoso.com"

    @Flag(help: "Replace files a previous run generated.")
    var force = false

    private var options: GeneratorOptions {
        GeneratorOptions(userCount: users, seed: seed, drift: drift, domain: domain, force: force)
    }

    func validate() throws {
        if let problem = options.problem { throw ValidationError(problem) }
    }

    func run() throws {
        do {
            let generator = try SyntheticDirectoryGenerator(options: options)
            let summary = try generator.generate(into: URL(fileURLWithPath: out, isDirectory: true))
            Console.error(summary.line)
        } catch let error as GeneratorError {
            throw ToolExit(.failure, error.description)
        }
    }
}
