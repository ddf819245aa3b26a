import ArgumentParser
import Foundation
import Coordinator
import Query
import SweepModel

/// `infosweep status [SWEEP]`: progress per sweep, once or live.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show each sweep's progress: counts by state, throughput and ETA.")

    @Argument(help: "Only this sweep.")
    var sweep: String?

    @OptionGroup var target: TargetOptions

    @Flag(help: "Print JSON.")
    var json = false

    @Flag(help: "Keep showing progress bars until every sweep shown has finished.")
    var watch = false

    @Option(help: "Seconds between refreshes with --watch.")
    var interval: Double = 1

    func validate() throws {
        guard interval.isFinite, interval >= 0.1 else {
            throw ValidationError("--interval must be at least 0.1 seconds, not \(interval)")
        }
    }

    /// Why nothing is working on the sweeps, when that is so: no coordinator serves the database, or none of
    /// the coordinator's workers is connected.
    private func idleReason() async throws -> String? {
        if let db = target.db {
            return DatabaseLock.isHeld(forDatabase: db) ? nil : "no coordinator is serving \(db)"
        }
        let connection = try await target.connect()
        defer { connection.close() }
        guard case .workers(let reply) = try await connection.send(.workers), reply.workers.isEmpty else { return nil }
        return "no worker is connected to the coordinator"
    }

    /// One line per running task that reported progress, through a coordinator (a database file has none).
    private func progressLines() async throws -> [String] {
        guard target.db == nil else { return [] }
        let connection = try await target.connect()
        defer { connection.close() }
        guard case .workers(let reply) = try await connection.send(.workers) else { return [] }
        let now = Date().timeIntervalSince1970
        return reply.workers.flatMap { worker in
            worker.running.filter { !$0.progress.isEmpty }.map { "  " + $0.line(host: worker.host, now: now) }
        }.sorted()
    }

    func run() async throws {
        let source = try await target.source()
        guard watch else {
            let sweeps = try await source.progress(sweep: sweep)
            Output.line(
                json ? StatusReport.json(sweeps) : StatusReport.table(sweeps, noETABecause: try await idleReason()))
            let failing = sweeps.filter { $0.failed > 0 }.map(\.name)
            if !json && !failing.isEmpty { Output.line(FailedTasksHint.line(sweeps: failing)) }
            return
        }
        var shownRows = 0
        while true {
            let sweeps = try await source.progress(sweep: sweep)
            let size = TerminalSize.current() ?? TerminalSize(columns: 120, rows: 1000)
            let lines = StatusReport.screen(
                sweeps, runs: try await progressLines(), width: size.columns - 1, height: size.rows)
            if Output.isTerminal {
                // Overwrite in place, line by line: clearing the whole screen would push it into scrollback.
                if shownRows > 0 { Output.write("\r\u{1B}[\(shownRows)A") }
                Output.write(lines.map { $0 + "\u{1B}[K\n" }.joined() + "\u{1B}[J")
            } else {
                Output.write(lines.joined(separator: "\n") + "\n")
            }
            shownRows = lines.count
            if StatusReport.nothingLeftToWatch(sweeps) {
                if !sweeps.allSatisfy(\.finished) {
                    Output.line("nothing is running: every unfinished sweep is paused or cancelled")
                }
                return
            }
            try await Task.sleep(for: .seconds(interval))
        }
    }
}
