import ArgumentParser
import Foundation
import SweepModel
import TaskStore
import WireProtocol

/// `infosweep logs SWEEP`: the ends of what the attempts of a sweep's command tasks wrote, each headed by
/// task key, attempt, outcome and host; from a database file, or a page at a time through a coordinator.
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
        var output = BufferedOutput()
        defer { output.flush() }
        var shown = 0
        try await forEachPage { logs in
            for log in logs { Self.write(log, to: &output) }
            shown += logs.count
        }
        if shown == 0 { output.write("no attempts match\n") }
    }

    /// Hands the matching attempts to `body` a page at a time, from the database or through the coordinator.
    private func forEachPage(_ body: ([AttemptLog]) -> Void) async throws {
        let state = state.flatMap(TaskState.init(rawValue:))
        if let db = target.db {
            guard FileManager.default.fileExists(atPath: db) else { throw CLIError("no database at \(db)") }
            body(
                try TaskStore(path: db, readOnly: true).attemptLogs(
                    sweep: sweep, keyPrefix: task, state: state, attempt: attempt))
            return
        }
        let connection = try await target.connect()
        defer { connection.close() }
        var request = LogsRequest(sweep: sweep, keyPrefix: task, state: state, attempt: attempt, limit: 50)
        while true {
            let response = try await connection.send(.logs(request))
            guard case .logsPage(let page) = response else { throw CLIError("unexpected reply to logs: \(response)") }
            body(page.entries)
            guard page.more, let last = page.entries.last else { return }
            (request.afterTaskID, request.afterAttemptID) = (last.taskID, last.attemptID)
        }
    }

    private static func write(_ log: AttemptLog, to output: inout BufferedOutput) {
        output.write(
            "== task \(log.key) attempt \(log.attempt): \(log.outcome)" + (log.detail.map { " (\($0))" } ?? "")
                + " on \(log.host)\n")
        if log.tails.isEmpty {
            output.write("(no output kept)\n")
            return
        }
        for (name, text) in [("stdout", log.tails.stdout), ("stderr", log.tails.stderr)] where !text.isEmpty {
            output.write("-- \(name) (last \(AttemptLogTails.limit / 1024) KiB)\n" + text)
            if text.last != "\n" { output.write("\n") }
        }
    }
}
