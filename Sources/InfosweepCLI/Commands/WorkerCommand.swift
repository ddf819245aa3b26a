import ArgumentParser
import CoordinatorClient
import Foundation
import Logging
import Runners
import ServiceLifecycle
import SweepModel
import WireProtocol
import Worker

/// `infosweep worker`: claims tasks from a coordinator and runs them until told to stop.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker", abstract: "Claim tasks from a coordinator and run them.")

    @Option(help: "The coordinator, HOST:PORT.")
    var coordinator: String

    @Option(
        name: [.customLong("cores"), .customLong("threads")],
        help: """
            Cores the worker's tasks share; each task holds the cores it declares (requires.cores, default 1) and \
            runs that many threads. --threads is another name for it. (default: the CPUs this process may use)
            """)
    var cores: Int?

    @Option(help: "The most tasks at once (default: as many as the cores, memory and GPUs hold).")
    var slots: Int?

    @Option(
        help: ArgumentHelp(
            "GPUs to hand to tasks, one task each: a list of ids, auto (CUDA_VISIBLE_DEVICES, else nvidia-smi -L) "
                + "or none.", valueName: "list|auto|none"))
    var gpus = "auto"

    @Option(help: "Exit after this many seconds with nothing to run.")
    var idleExit: Double?

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

    @Option(
        help: "Memory offered to tasks in GiB, matched against sweeps' requires (default: the machine's or cgroup's).")
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

    @Flag(help: "Run command tasks (sweeps with a command: block): programs that holders of the token submit.")
    var allowCommands = false

    @Option(help: "Where command tasks keep their folders (tasks/<task_key>/<attempt>/: params, metrics, logs).")
    var workDir = "infosweep-work"

    @Option(
        help: """
            Seconds a stopped run has to end before it is killed: between SIGTERM and SIGKILL to a command's \
            process group, and from a built-in experiment's cancel to killing its executor process.
            """)
    var killGrace: Double = 10

    @Option(help: "With --exit-when-idle: fail (exit 69) if the coordinator was never reached in this many seconds.")
    var connectTimeout: Double = 180

    /// Exit statuses that tell a service manager not to restart blindly: a configuration it must fix (bad
    /// token, certificate, protocol version) or a coordinator that was never reached.
    enum ExitStatus {
        static let configuration: Int32 = 78
        static let unavailable: Int32 = 69
    }

    func validate() throws {
        if let cores, !(1...Requirements.maxCores).contains(cores) {
            throw ValidationError("--cores must be from 1 to \(Requirements.maxCores), not \(cores)")
        }
        if let slots, !(1...Requirements.maxCores).contains(slots) {
            throw ValidationError("--slots must be from 1 to \(Requirements.maxCores), not \(slots)")
        }
        if let idleExit, !(idleExit.isFinite && idleExit > 0) {
            throw ValidationError("--idle-exit must be a positive number of seconds, not \(idleExit)")
        }
        do { _ = try GPUSelection(parsing: gpus) } catch { throw ValidationError("\(error)") }
        if let batch, batch < 1 { throw ValidationError("--batch must be at least 1") }
        if let maxTasks, maxTasks < 1 { throw ValidationError("--max-tasks must be at least 1") }
        guard stopGrace.isFinite, stopGrace >= 0 else {
            throw ValidationError("--stop-grace must be 0 or more seconds")
        }
        guard killGrace.isFinite, killGrace >= 0 else {
            throw ValidationError("--kill-grace must be 0 or more seconds, not \(killGrace)")
        }
        if let memoryGb, !(memoryGb.isFinite && memoryGb > 0 && memoryGb < 1e9) {
            throw ValidationError("--memory-gb must be a positive number of GiB, not \(memoryGb)")
        }
        guard walltimeMargin.isFinite, walltimeMargin >= 0 else {
            throw ValidationError("--walltime-margin must be 0 or more seconds")
        }
        guard connectTimeout.isFinite, connectTimeout > 0 else {
            throw ValidationError("--connect-timeout must be a positive number of seconds")
        }
    }

    func run() async throws {
        let logger = LogSetup.logger("infosweep.worker", defaultLevel: .notice)
        let deadline = try WorkerDeadline.resolve(
            walltimeEnd: walltimeEnd, fromSlurm: deadlineFromSlurm, environment: ProcessInfo.processInfo.environment,
            logger: logger)
        let address = try CoordinatorAddress(parsing: coordinator, option: "--coordinator")
        let offer = WorkerOffer.resolve(
            cores: cores, slots: slots, memoryGB: memoryGb, gpus: try GPUSelection(parsing: gpus), logger: logger)
        let configuration = WorkerConfiguration(
            coordinator: address, token: try TokenSource.read(file: tokenFile, port: address.port),
            cores: offer.cores, slots: offer.slots, gpuIDs: offer.gpuIDs, idleExitSeconds: idleExit,
            exitWhenIdle: exitWhenIdle, maxTasks: maxTasks, batch: batch,
            stopGraceSeconds: stopGrace, deadline: deadline, deadlineMarginSeconds: walltimeMargin,
            memoryMB: offer.memoryMB, tls: try tls.context(), connectTimeoutSeconds: connectTimeout,
            allowsCommands: allowCommands, stoppedRunsSeconds: killGrace + 2,
            slurmJobID: ProcessInfo.processInfo.environment["SLURM_JOB_ID"].flatMap { $0.isEmpty ? nil : $0 })
        let builtin = ExecutorRunner(executable: "/proc/self/exe", killGraceSeconds: killGrace)
        let codeSource = CoordinatorCodeSource(
            address: address, token: configuration.token, tls: configuration.tls)
        let runner = CommandRunner(
            builtin: builtin, workDirectory: workDir, killGraceSeconds: killGrace, codeSource: codeSource)
        let worker = TaskWorker(configuration: configuration, runner: runner, logger: logger)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [worker.serviceConfiguration], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch is Refusal, is TLSFailure {
            throw ExitCode(ExitStatus.configuration)
        } catch ConnectionError.neverReached {
            throw ExitCode(ExitStatus.unavailable)
        }
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
