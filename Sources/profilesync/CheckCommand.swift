import BDCModel
import ArgumentParser
import Diagnostics
import Foundation
import ProfileCore

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate a configuration, its models and inputs, and print what a run would read.",
        discussion: "Writes nothing. Exit 0 when a run could start, 1 with located errors otherwise.")

    @Option(name: .long, help: "The configuration file (profilesync.yaml).")
    var config: String

    func run() throws {
        let configuration = try ConfigurationLoading.load(config)
        var log = DiagnosticLog()
        var problems = 0
        var plans: [PropertyPlan] = []
        do {
            plans = try PropertyPlan.compile(configuration, log: &log)
            for connection in configuration.directoryConnections {
                _ = try ConnectionScope(connection, file: configuration.file)
            }
        } catch {
            Console.diagnostic(error)
            problems += 1
        }
        var entities: [String: BDCEntity] = [:]
        var lines: [String] = ["configuration: \(configuration.file)", "store: \(configuration.store)"]
        for connection in configuration.directoryConnections {
            lines.append("connection \(connection.name) (ldif, anchor \(connection.anchor)):")
            for file in connection.files { lines.append("  " + describe(file, problems: &problems)) }
        }
        for connection in configuration.businessConnections {
            lines.append("connection \(connection.name) (csv, entity \(connection.entity), join \(connection.join.property)):")
            lines.append("  " + describe(connection.file, problems: &problems))
            lines.append("  model " + describe(connection.model, problems: &problems))
            if FileManager.default.isReadableFile(atPath: connection.model) {
                do {
                    let document = try BDCModelReader.read(path: connection.model)
                    if let entity = document.entity(named: connection.entity) {
                        entities[connection.name] = entity
                    } else {
                        Console.diagnostic(
                            .error("connection '\(connection.name)': the model has no entity '\(connection.entity)'", at: connection.location))
                        problems += 1
                    }
                } catch {
                    Console.diagnostic(error)
                    problems += 1
                }
            }
        }
        do {
            try BusinessFieldCheck.validate(plans, entities: entities, configuration: configuration)
        } catch {
            Console.diagnostic(error)
            problems += 1
        }
        lines.append("properties: \(configuration.properties.map(\.name).joined(separator: ", "))")
        if let threshold = configuration.deletionThreshold { lines.append("deletion threshold: \(threshold)") }
        if configuration.schedule != nil {
            do {
                let schedule = try ScheduleLoading.schedule(of: configuration)
                let next = schedule.nextRuns(after: Date(), count: 1).first
                lines.append("schedule: \(schedule.text) (next: \(next.map { ISO8601DateFormatter().string(from: $0) } ?? "never"))")
            } catch let exit as ToolExit {
                Console.error(exit.message)
                problems += 1
            }
        }
        print(lines.joined(separator: "\n"))
        if problems > 0 { throw ToolExit(.failure, "\(problems) problem(s) found") }
    }

    private func describe(_ path: String, problems: inout Int) -> String {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            FileManager.default.isReadableFile(atPath: path)
        else {
            Console.error("\(path): error: cannot read the file")
            problems += 1
            return "\(path) (missing)"
        }
        let size = (attributes[.size] as? NSNumber)?.int64Value ?? 0
        return "\(path) (\(size) bytes)"
    }
}
