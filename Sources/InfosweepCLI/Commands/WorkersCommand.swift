import ArgumentParser
import Foundation
import Query
import SweepModel
import WireProtocol

/// `infosweep workers`: the workers connected to a coordinator.
struct WorkersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workers",
        abstract: """
            List connected workers: host, slots, cores, memory and GPUs (used/offered), tasks held and running, \
            last heartbeat, tasks done.
            """)

    @OptionGroup var target: TargetOptions

    @Flag(help: "Print JSON.")
    var json = false

    @Flag(help: "List the ids of the tasks each worker holds, and each run's time and last progress report.")
    var showTasks = false

    func run() async throws {
        guard target.coordinator != nil else { throw ValidationError("workers needs --coordinator HOST:PORT") }
        let connection = try await target.connect()
        defer { connection.close() }
        guard case .workers(let reply) = try await connection.send(.workers) else {
            throw CLIError("unexpected reply to workers")
        }
        if json {
            Output.line(try reply.jsonText())
            return
        }
        let now = Date().timeIntervalSince1970
        let rows = reply.workers.map { worker in
            [worker.id, worker.host, worker.usage.slots, worker.usage.cores, worker.usage.memoryGB, worker.usage.gpus]
                + [
                    "\(worker.leases.count)", "\(worker.running.count)",
                    String(format: "%.1fs ago", max(0, now - worker.lastSeenAt)), "\(worker.tasksDone)",
                ]
        }
        Output.line(
            TextTable.render(
                header: [
                    "worker", "host", "slots", "cores", "memory GB", "gpus", "holding", "running", "last heartbeat",
                    "done",
                ],
                rows: rows, rightAligned: Set(2..<10).subtracting([8])))
        Output.line("\(reply.workers.count) workers connected")
        if !reply.pilots.isEmpty { Output.line(PilotTable.render(reply.pilots, now: now)) }
        guard showTasks else { return }
        for worker in reply.workers where !worker.leases.isEmpty {
            Output.line("\(worker.id): tasks " + worker.leases.map { "\($0.taskID)" }.joined(separator: " "))
            for run in worker.running { Output.line("  " + run.line(host: worker.host, now: now)) }
        }
    }
}
