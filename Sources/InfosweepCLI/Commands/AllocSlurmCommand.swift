import ArgumentParser
import CoordinatorClient
import Foundation
import Logging
import Pilots
import ServiceLifecycle
import WireProtocol

/// `infosweep alloc slurm`: Slurm pilot jobs running workers, submitted as the coordinator's work needs them.
struct AllocSlurmCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slurm",
        abstract: "Submit Slurm pilot jobs (infosweep-worker.sbatch) while sweeps have work for them.",
        discussion: """
            Every --interval seconds: when the pending tasks of the sweeps named (of every active sweep when none \
            is) need more than the queued and running pilots can take, submits pilots, at most --max-jobs in the \
            queue at once. A pilot runs as many tasks at once as --cpus-per-task holds at their declared cores, \
            or its GPUs at theirs. Pilots exit when idle. Once the sweeps are finished it cancels its queued \
            pilots, gives the running ones time to exit, and exits. Its pilots are the user's jobs named \
            --job-name, so a restarted alloc finds them again.
            """)

    @OptionGroup var target: TargetOptions

    @Option(help: "The most pilot jobs in the queue at once.")
    var maxJobs = 10

    @Option(help: "Each pilot's time limit (sbatch --time, e.g. 04:00:00).")
    var time: String?

    @Option(help: "The partition (sbatch --partition).")
    var partition: String?

    @Option(help: "CPUs of each pilot (sbatch --cpus-per-task).")
    var cpusPerTask = 1

    @Option(help: "Generic resources of each pilot, e.g. gpu:4 (sbatch --gres).")
    var gres: String?

    @Option(help: "Memory of each pilot (sbatch --mem, e.g. 16G).")
    var mem: String?

    @Option(
        name: .customLong("sbatch-option"),
        help: ArgumentHelp("Another sbatch option, given with = (repeatable).", valueName: "--account=NAME"))
    var sbatchOptions: [String] = []

    @Option(help: "Seconds a pilot's worker may stay idle before it exits (INFOSWEEP_IDLE_EXIT).")
    var idleExit: Double?

    @Option(help: "The pilots' job name, by which alloc finds them again.")
    var jobName = "infosweep-pilot"

    @Option(help: "Seconds between decisions.")
    var interval: Double = 30

    @Option(
        help: """
            The pilots' batch script (default: INFOSWEEP_SBATCH_SCRIPT, else the shipped \
            infosweep-worker.sbatch beside the executable, in ../share/infosweep, or in worker/ above it).
            """)
    var sbatchScript: String?

    @Flag(help: "Let the pilots run command tasks (INFOSWEEP_ALLOW_COMMANDS=1).")
    var allowCommands = false

    @Flag(help: "Print the sbatch command lines, one a line, instead of running them.")
    var dryRun = false

    @Flag(help: "Make one decision and exit (with --dry-run: counting no pilots, needing no Slurm).")
    var once = false

    @Flag(help: "Once the sweeps finish, keep watching for new work (as a service does).")
    var keepRunning = false

    @Argument(help: "The sweeps to watch (default: every active sweep).")
    var sweeps: [String] = []

    func validate() throws {
        guard target.coordinator != nil else { throw ValidationError("alloc slurm needs --coordinator HOST:PORT") }
        guard maxJobs >= 1 else { throw ValidationError("--max-jobs must be at least 1") }
        guard cpusPerTask >= 1 else { throw ValidationError("--cpus-per-task must be at least 1") }
        guard interval.isFinite, interval > 0 else { throw ValidationError("--interval must be a positive number") }
        if let idleExit, !(idleExit.isFinite && idleExit >= 0) {
            throw ValidationError("--idle-exit must be 0 or more seconds")
        }
        if let mem, PilotJobTemplate.megabytes(inMemory: mem) == nil {
            throw ValidationError("--mem must be a size sbatch takes (4000, 4000M, 16G), not '\(mem)'")
        }
        if let gres, gres.contains(where: \.isWhitespace) { throw ValidationError("--gres has spaces: '\(gres)'") }
        for option in sbatchOptions where !option.hasPrefix("-") {
            throw ValidationError(
                "--sbatch-option takes an sbatch option (--sbatch-option=--account=ml), not '\(option)'")
        }
    }

    func run() async throws {
        let logger = LogSetup.logger("infosweep.alloc", defaultLevel: .notice)
        let environment = ProcessInfo.processInfo.environment
        let template = PilotJobTemplate(
            script: try PilotScript.locate(
                given: sbatchScript, environment: environment,
                executable: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
                    ?? CommandLine.arguments[0]),
            jobName: jobName, cpusPerTask: cpusPerTask, time: time, partition: partition, gres: gres, memory: mem,
            extraOptions: sbatchOptions, environment: try pilotEnvironment(environment))
        let shape = PilotShape(
            cpus: cpusPerTask, gpus: PilotJobTemplate.gpus(inGres: gres),
            memoryMB: mem.flatMap(PilotJobTemplate.megabytes(inMemory:)), runsCommands: allowCommands)
        let configuration = AllocatorConfiguration(
            sweeps: sweeps, planner: PilotPlanner(shape: shape, maxJobs: maxJobs), template: template,
            user: SlurmCommands.currentUser, intervalSeconds: interval, keepRunning: keepRunning,
            reportsPilots: !dryRun)
        let scheduler: any PilotScheduler =
            dryRun
            ? DryRunScheduler { line in Output.line(line.map(ShellQuoting.quote).joined(separator: " ")) }
            : SlurmCommands()
        let source = CoordinatorWorkSource(address: target.coordinator ?? "") { [target] in
            try await target.connect()
        }
        let allocator = PilotAllocator(
            configuration: configuration, scheduler: scheduler, source: source, logger: logger)
        if once {
            try await allocator.decide()
            await source.close()
            return
        }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [
                    .init(
                        service: allocator, successTerminationBehavior: .gracefullyShutdownGroup,
                        failureTerminationBehavior: .cancelGroup)
                ],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        await source.close()
    }

    /// What the worker script reads from the pilots' environment: where the coordinator is and its token,
    /// and the worker options given here.
    private func pilotEnvironment(_ environment: [String: String]) throws -> [String: String] {
        let coordinator = target.coordinator ?? ""
        var exported = ["INFOSWEEP_COORDINATOR": coordinator]
        if let tokenFile = target.tokenFile {
            exported["INFOSWEEP_TOKEN_FILE"] = URL(fileURLWithPath: tokenFile).standardizedFileURL.path
        } else if (environment["INFOSWEEP_TOKEN"] ?? "").isEmpty,
            let port = try? CoordinatorAddress(parsing: coordinator, option: "--coordinator").port,
            LocalTokenFile.read(port: port) != nil
        {
            exported["INFOSWEEP_TOKEN_FILE"] = LocalTokenFile.path(port: port)
        }
        if let idleExit {
            exported["INFOSWEEP_IDLE_EXIT"] = idleExit.rounded() == idleExit ? "\(Int(idleExit))" : "\(idleExit)"
        }
        if allowCommands { exported["INFOSWEEP_ALLOW_COMMANDS"] = "1" }
        if let unsafe = exported.first(where: { $0.value.contains(",") }) {
            throw ValidationError("\(unsafe.key) would be '\(unsafe.value)': sbatch --export cannot pass a comma")
        }
        return exported
    }
}
