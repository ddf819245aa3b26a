import Coordinator
import Foundation
import Query
import ServiceLifecycle
import SweepModel

/// The local workers of `infosweep run` and the progress line: ends when the sweep is finished, and on
/// SIGINT/SIGTERM (the group's graceful shutdown) stops the workers, which give their leases back, so that a
/// rerun resumes where this one stopped.
final class LocalRunMonitor: Service, Sendable {
    /// Why a local run ended before its sweep did.
    enum Failure: Error, CustomStringConvertible {
        case workersExited(runningTasks: [String])

        var description: String {
            switch self {
            case .workersExited(let tasks):
                "every local worker exited before the sweep finished"
                    + (tasks.isEmpty ? "" : "; running when they died: " + tasks.joined(separator: ", "))
            }
        }
    }

    private let sweep: String
    private let store: StoreExecutor
    private let workers: [Process]
    private let stopGraceSeconds: Double

    init(sweep: String, store: StoreExecutor, workers: [Process], stopGraceSeconds: Double = 10) {
        self.sweep = sweep
        self.store = store
        self.workers = workers
        self.stopGraceSeconds = stopGraceSeconds
    }

    func run() async throws {
        let finished = try await cancelWhenGracefulShutdown { try await self.watch() }
        if finished != true { await stopWorkers() }
    }

    /// Prints progress until the sweep is finished (true); nil when cancelled by a shutdown.
    private func watch() async throws -> Bool {
        let started = Date()
        var lastLine = ""
        while !Task.isCancelled {
            let sweep = self.sweep
            let progress = try await store.perform { try $0.progress(sweep: sweep) }[0]
            let line = StatusReport.progressLine(progress)
            if Output.isTerminal {
                Output.write("\r\u{1B}[K" + line)
            } else if line != lastLine, Date().timeIntervalSince(started).truncatingRemainder(dividingBy: 5) < 0.5 {
                Output.line(line)
            }
            lastLine = line
            if progress.finished {
                if Output.isTerminal { Output.write("\n") }
                for worker in workers { worker.waitUntilExit() }
                return true
            }
            if workers.allSatisfy({ !$0.isRunning }) {
                throw Failure.workersExited(runningTasks: try await runningTasks())
            }
            try? await Task.sleep(for: .milliseconds(500))
        }
        return false
    }

    private func runningTasks() async throws -> [String] {
        let sweep = self.sweep
        return try await store.perform { store in
            try store.tasks(ofSweep: sweep, limit: .max).filter { $0.state == .running }.prefix(10)
                .map { "\($0.key.prefix(12)) \($0.parameters.canonicalJSON)" }
        }
    }

    /// SIGTERM to every worker, then SIGKILL to any still running after the grace.
    private func stopWorkers() async {
        if Output.isTerminal { Output.write("\n") }
        Output.line("stopping: the local workers give their leases back; run the same command again to resume")
        for worker in workers where worker.isRunning { kill(worker.processIdentifier, SIGTERM) }
        let deadline = Date().addingTimeInterval(stopGraceSeconds)
        while workers.contains(where: \.isRunning), Date() < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        for worker in workers where worker.isRunning { kill(worker.processIdentifier, SIGKILL) }
    }
}
