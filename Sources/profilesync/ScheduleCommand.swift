import ArgumentParser
import Foundation
import ProfileCore

struct ScheduleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Show when the configured schedule is due and print crontab and systemd units for it.",
        discussion: """
            Reads `schedule:` (SharePoint timer grammar, e.g. "Daily at 01:00:00") from the \
            configuration and prints the next due times in the host's time zone, a crontab \
            line and a systemd timer and service that run `profilesync sync --if-due`.
            """)

    @Option(name: .long, help: "The configuration file (profilesync.yaml).")
    var config: String

    @Option(name: .long, help: "How many due times to print.")
    var count = 5

    func validate() throws {
        guard (1...100).contains(count) else { throw ValidationError("--count must be between 1 and 100.") }
    }

    func run() throws {
        let configuration = try ConfigurationLoading.load(config)
        let schedule = try ScheduleLoading.schedule(of: configuration)
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd EEE HH:mm:ss zzz"
        formatter.locale = Locale(identifier: "en_US_POSIX")
        let configPath = URL(fileURLWithPath: configuration.file).standardizedFileURL.path
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
        let command = "\(executable) sync --config \(configPath) --if-due --quiet"

        var text = "schedule: \(schedule.text)\nnext runs:\n"
        for date in schedule.nextRuns(after: Date(), count: count) {
            text += "  \(formatter.string(from: date))\n"
        }
        text += "\n# crontab (crontab -e)\n"
        if let line = schedule.crontabLine(command: command) {
            text += line + "\n"
        } else {
            text += "# this schedule has seconds cron cannot express; use the systemd timer below\n"
        }
        text += """

            # /etc/systemd/system/profilesync.service
            [Unit]
            Description=ProfileSync run for \(configPath)

            [Service]
            Type=oneshot
            ExecStart=\(command)

            # /etc/systemd/system/profilesync.timer
            [Unit]
            Description=ProfileSync schedule: \(schedule.text)

            [Timer]
            OnCalendar=\(schedule.systemdOnCalendar())
            Persistent=true

            [Install]
            WantedBy=timers.target

            """
        print(text, terminator: "")
    }
}

/// The configuration's schedule, parsed, with the error located at its key.
enum ScheduleLoading {
    static func schedule(of configuration: Configuration) throws -> Schedule {
        guard let text = configuration.schedule else {
            throw ToolExit(.failure, "\(configuration.file): error: the configuration has no 'schedule'")
        }
        do {
            return try Schedule(text)
        } catch {
            var location = configuration.scheduleLocation?.description ?? configuration.file
            if let base = configuration.scheduleLocation, let column = base.column {
                location = "\(base.file):\(base.line):\(column + error.column)"
            }
            throw ToolExit(.failure, "\(location): error: schedule: \(error.message)")
        }
    }
}
