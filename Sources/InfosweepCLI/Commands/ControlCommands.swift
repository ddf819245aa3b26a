import ArgumentParser
import SweepModel
import TaskStore
import WireProtocol

/// Carries out an operator's command on a sweep, through a coordinator or on a database file.
enum SweepControl {
    static func perform(_ request: ControlRequest, target: TargetOptions) async throws {
        let changed: Int
        if let db = target.db {
            changed = try TaskStore(path: db).transaction { store in
                switch request.action {
                case .pause: try store.pause(sweep: request.sweep, stopRunning: request.stopRunning)
                case .resume: try store.resume(sweep: request.sweep)
                case .cancel: try store.cancel(sweep: request.sweep)
                case .requeue: try store.requeue(sweep: request.sweep, states: Set(request.states))
                }
            }
        } else {
            let connection = try await target.connect()
            defer { connection.close() }
            guard case .controlled(let reply) = try await connection.send(.control(request)) else {
                throw CLIError("unexpected reply to \(request.action.rawValue)")
            }
            changed = reply.changed
        }
        Output.line("sweep \(request.sweep): \(request.action.rawValue) changed \(changed) tasks")
    }
}

/// `infosweep pause SWEEP [--stop-running]`: stop handing out a sweep's tasks; running ones finish, or are
/// stopped and run again on resume.
struct PauseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pause",
        abstract: "Stop handing out a sweep's tasks (running ones finish, unless --stop-running).")

    @Argument(help: "The sweep.") var sweep: String
    @OptionGroup var target: TargetOptions

    @Flag(
        help: """
            Stop the running tasks too, as cancel does (a command's group gets SIGTERM, then SIGKILL after the \
            worker's --kill-grace); they run again on resume, at no cost to their budgets.
            """)
    var stopRunning = false

    func run() async throws {
        try await SweepControl.perform(
            ControlRequest(sweep: sweep, action: .pause, stopRunning: stopRunning), target: target)
    }
}

/// `infosweep resume SWEEP`: hand out a paused or cancelled sweep's tasks again.
struct ResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume", abstract: "Hand out a paused or cancelled sweep's tasks again.")

    @Argument(help: "The sweep.") var sweep: String
    @OptionGroup var target: TargetOptions

    func run() async throws {
        try await SweepControl.perform(ControlRequest(sweep: sweep, action: .resume), target: target)
    }
}

/// `infosweep cancel SWEEP`: cancel a sweep's unfinished tasks; workers running them are told to stop.
struct CancelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Cancel a sweep's unfinished tasks (tasks shared with an active sweep keep running).")

    @Argument(help: "The sweep.") var sweep: String
    @OptionGroup var target: TargetOptions

    func run() async throws {
        try await SweepControl.perform(ControlRequest(sweep: sweep, action: .cancel), target: target)
    }
}

/// `infosweep requeue SWEEP --state failed`: run a sweep's failed (or cancelled, or done) tasks again.
struct RequeueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "requeue", abstract: "Put a sweep's failed, cancelled or done tasks back in the queue.")

    @Argument(help: "The sweep.") var sweep: String

    @Option(name: .customLong("state"), help: "failed, cancelled or done (repeatable).")
    var states: [TaskState] = [.failed]

    @OptionGroup var target: TargetOptions

    func run() async throws {
        try await SweepControl.perform(ControlRequest(sweep: sweep, action: .requeue, states: states), target: target)
    }
}

extension TaskState: ExpressibleByArgument {}
