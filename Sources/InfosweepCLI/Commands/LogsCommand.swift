import ArgumentParser
import Foundation
import SweepModel
import TaskStore

/// `infosweep logs SWEEP`: the ends of what the attempts of a sweep's command tasks wrote, each headed by
/// task key, attempt, outcome and host.
struct LogsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs", abstract: "Show the stdout and stderr tails of a sweep's attempts.")

    @Argument(help: "The sweep.")
    var sweep: String

    @Option(help: "Only tasks whose key starts with this.")
    var task: String?

    @Option(help: "Only tasks in this state (pending, running, done, failed, held, cancelled).")
    var state: String?

    @Option(help: "Only this attempt of each task (1 is the first).")
    var attempt: Int?

    @OptionGroup var target: TargetOptions

    func validate() throws {
        if let state, TaskState(rawValue: state) == nil {
            let states = TaskState.allCases.map(\.rawValue).joined(separator: ", ")
            throw ValidationError("--state must be one of \(states), not \(state)")
        }
        if let attempt, attempt < 1 { throw ValidationError("--attempt must be at least 1, not \(attempt)") }
    }

    func run() async throws {
        guard let db = target.db else {
            throw CLIError(
                "infosweep logs reads the database: run it with --db on the coordinator's machine "
                    + "(logs through --coordinator are not served yet)")
        }
        guard FileManager.default.fileExists(atPath: db) else { throw CLIError("no database at \(db)") }
        let logs = try TaskStore(path: db, readOnly: true).attemptLogs(
            sweep: sweep, keyPrefix: task, state: state.flatMap(TaskState.init(rawValue:)), attempt: attempt)
        var output = BufferedOutput()
        defer { output.flush() }
        for log in logs {
            output.write(
                "== task \(log.key) attempt \(log.attempt): \(log.outcome)"
                    + (log.detail.map { " (\($0))" } ?? "") + " on \(log.host)\n")
            if log.tails.isEmpty {
                output.write("(no output kept)\n")
                continue
            }
            for (name, text) in [("stdout", log.tails.stdout), ("stderr", log.tails.stderr)] where !text.isEmpty {
                output.write("-- \(name) (last \(AttemptLogTails.limit / 1024) KiB)\n" + text)
                if text.last != "\n" { output.write("\n") }
            }
        }
        if logs.isEmpty { output.write("no attempts match\n") }
    }
}
