import ArgumentParser
import CoordinatorClient
import Foundation
import Logging
import Runners
import ServiceLifecycle
import Worker

/// `infosweep worker`: claims tasks from a coordinator and runs them until told to stop.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker", abstract: "Claim tasks from a coordinator and run them.")

    @Option(help: "The coordinator, HOST:PORT.")
    var coordinator: String

    @Option(help: "Threads each task may use.")
    var threads: Int = 1

    @Flag(help: "Exit once nothing is pending or running anywhere.")
    var exitWhenIdle = false

    @Option(help: "Exit after this many tasks.")
    var maxTasks: Int?

    @Option(help: "Tasks per claim (default: adapts to task length).")
    var batch: Int?

    @Option(help: "File holding the coordinator's token (else INFOSWEEP_TOKEN).")
    var tokenFile: String?

    @OptionGroup var tls: TLSClientOptions

    @Option(help: "Seconds a running task may take to finish after SIGTERM before its lease is given back.")
    var stopGrace: Double = 4

    @Option(help: "Memory offered to tasks in GiB, matched against sweeps' requires (default: the machine's).")
    var memoryGb: Double?

    @Option(help: "Write what the worker did (counts, claim latencies) to this JSON file when it exits.")
    var statsFile: String?

    @Option(
        help: ArgumentHelp(
            "Claim no task expected to end after this time (Unix seconds), less the margin.",
            valueName: "unix-seconds"))
    var walltimeEnd: Double?

    @Flag(
        inversion: .prefixedNo,
        help: ArgumentHelp(
            "Take the deadline from the Slurm job's time left (default: on when SLURM_JOB_ID is set)."))
    var deadlineFromSlurm: Bool?

    @Option(help: "Seconds kept free before the deadline for reporting and giving leases back.")
    var walltimeMargin: Double = 10

    func run() async throws {
        let logger = LogSetup.logger("infosweep.worker", defaultLevel: .notice)
        let deadline = try WorkerDeadline.resolve(
            walltimeEnd: walltimeEnd, fromSlurm: deadlineFromSlurm, environment: ProcessInfo.processInfo.environment,
            logger: logger)
        let address = try CoordinatorAddress(parsing: coordinator, option: "--coordinator")
        let configuration = WorkerConfiguration(
            coordinator: address, token: try TokenSource.read(file: tokenFile, port: address.port),
            threads: threads, exitWhenIdle: exitWhenIdle, maxTasks: maxTasks, batch: batch,
            stopGraceSeconds: stopGrace, deadline: deadline, deadlineMarginSeconds: walltimeMargin,
            memoryMB: memoryGb.map { Int($0 * 1024) }, tls: try tls.context())
        let worker = TaskWorker(configuration: configuration, runner: BuiltinExperimentRunner(), logger: logger)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [worker.serviceConfiguration], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        let summary = await worker.summary
        if let statsFile {
            try JSONEncoder().encode(summary).write(to: URL(fileURLWithPath: statsFile))
        }
        logger.notice(
            "worker done",
            metadata: [
                "ran": "\(summary.ran)", "accepted": "\(summary.accepted)", "rejected": "\(summary.rejected)",
                "failed": "\(summary.failed)", "released": "\(summary.released)",
                "stopped_at_deadline": "\(summary.stoppedAtDeadline)",
            ])
    }
}
