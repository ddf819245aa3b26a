import ArgumentParser
import Runners

/// `infosweep executor`: the child a worker runs built-in experiments in; not for people to start.
struct ExecutorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "executor", abstract: "Run built-in experiments for the worker that started this process.",
        shouldDisplay: false)

    func run() throws {
        ExecutorServer.serve()
    }
}
