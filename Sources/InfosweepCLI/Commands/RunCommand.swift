import ArgumentParser
import Coordinator
import Foundation
import Logging
import PhaseDiagram
import Query
import ServiceLifecycle
import SweepModel
import TaskStore

/// `infosweep run FILE`: the whole pipeline on one machine — a local database, a coordinator on loopback,
/// local worker processes, a live progress bar and a summary.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run a sweep on this machine: database, coordinator and local workers.")

    @Argument(help: "The sweep file (YAML).")
    var file: String

    @Option(help: "Local worker processes.")
    var workers: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Cores per worker (each task holds the cores it declares, one by default).")
    var threads: Int = 1

    @OptionGroup var web: WebOptions

    @Option(help: "The database file.")
    var db: String = "infosweep.sqlite"

    @Option(help: "Where command tasks keep their folders (tasks/<task_key>/<attempt>/).")
    var workDir = "infosweep-work"

    @Option(help: "The most points the sweep may have (a coordinator's --max-sweep-points).")
    var maxPoints = SweepSpec.defaultMaxPoints

    func validate() throws {
        guard maxPoints >= 1 else { throw ValidationError("--max-points must be at least 1, not \(maxPoints)") }
    }

    func run() async throws {
        let (spec, text, code) = try SpecLoader.load(file, maxPoints: maxPoints)
        let lock = try DatabaseLock.acquire(forDatabase: db)
        defer { withExtendedLifetime(lock) {} }
        try await StoreExecutor.withStore(path: db) { store in
            try await run(spec: spec, text: text, code: code, store: store)
        }
    }

    /// Submits the sweep, runs it to the end with a coordinator and workers of its own, and prints its results.
    private func run(spec: SweepSpec, text: String, code: CodeBundle?, store: StoreExecutor) async throws {
        let logger = LogSetup.logger("infosweep.run", defaultLevel: .warning)
        let outcome = try await store.perform { store in
            if let code { try store.storeCode(code) }
            return try store.submit(spec, source: text)
        }
        Output.line("sweep \(spec.name): \(outcome.added) tasks added, \(outcome.existing) already stored (\(db))")
        let before = try await store.perform { try $0.progress(sweep: spec.name) }[0]
        guard before.state != .paused else {
            throw CLIError("sweep \(spec.name) is paused: resume it with `infosweep resume \(spec.name) --db \(db)`")
        }

        let token = RandomSecret.make()
        let core = CoordinatorCore(
            configuration: CoordinatorConfiguration(host: "127.0.0.1", port: 0, token: token, leaseSeconds: 15),
            store: store, logger: logger)
        let bound = AsyncStream.makeStream(of: Int.self)
        let server = try CoordinatorServer(core: core, logger: logger) { address in
            bound.continuation.yield(address.port ?? 0)
            bound.continuation.finish()
        }
        let web = try self.web.services(core: core, token: token, database: db, logger: logger, printLink: true)
        let coordinator = ServiceGroup(
            services: [server, LeaseReaper(core: core, logger: logger)] + web, logger: logger)
        let serving = Task { try await coordinator.run() }
        var ports = bound.stream.makeAsyncIterator()
        guard let port = await ports.next(), port > 0 else { throw CLIError("the local coordinator did not start") }

        let processes = try (0..<max(1, workers)).map { _ in
            try Self.startWorker(port: port, token: token, threads: threads, workDir: workDir)
        }
        let started = Date()
        let monitor = LocalRunMonitor(sweep: spec.name, store: store, workers: processes)
        let watching = ServiceGroup(
            configuration: .init(
                services: [.init(service: monitor, successTerminationBehavior: .gracefullyShutdownGroup)],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        var failure: (any Error)?
        do {
            try await watching.run()
        } catch {
            failure = error
        }
        await coordinator.triggerGracefulShutdown()
        try? await serving.value
        if let failure { throw failure }

        let progress = try await store.perform { try $0.progress(sweep: spec.name) }
        Output.line(StatusReport.table(progress))
        guard progress.first?.finished == true else { throw ExitCode(130) }
        Output.line(String(format: "finished in %.1f s with %d workers", Date().timeIntervalSince(started), workers))
        if let view = spec.view {
            let loader = PhaseLoader(
                x: view.x, y: view.y, facet: view.facet, metric: view.metric,
                statistic: SummaryStatistic(rawValue: view.statistic) ?? .median, pooled: view.pool)
            let table = try await loader.load(sweep: spec.name, from: LocalStoreSource(path: db))
            let color = TerminalColor.shouldUseColor(
                environment: ProcessInfo.processInfo.environment,
                isTTY: Output.isTerminal)
            Output.line("\n\(spec.name): \(table.quantityLabel)")
            Output.line(table.terminalTable(color: color, width: 120))
        }
        if let planner = try RefinementPlanner(spec: spec) {
            let table = try await planner.loader.load(sweep: spec.name, from: LocalStoreSource(path: db))
            Output.line("\n\(spec.name): " + PhaseBoundary(table: table, threshold: planner.refine.threshold).text())
        }
    }

    static func startWorker(port: Int, token: String, threads: Int, workDir: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = [
            "worker", "--coordinator", "127.0.0.1:\(port)", "--threads", "\(threads)", "--allow-commands",
            "--work-dir", workDir,
            "--exit-when-idle",
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["INFOSWEEP_TOKEN"] = token
        if environment["INFOSWEEP_LOG_LEVEL"] == nil { environment["INFOSWEEP_LOG_LEVEL"] = "warning" }
        process.environment = environment
        try process.run()
        return process
    }
}
