import CoordinatorClient
import Foundation
import NIOSSL
import SweepModel

/// How a worker finds its coordinator, how much it takes on, and when it stops.
public struct WorkerConfiguration: Sendable {
    /// What the worker offers its tasks in all.
    public var capacity: WorkerResources {
        WorkerResources(slots: slots, cores: cores, memoryMB: memoryMB, gpus: gpuIDs.count)
    }

    public var coordinator: CoordinatorAddress
    public var token: String
    /// Cores the worker's runs share; each run holds the cores its task declared (one by default).
    public var cores: Int
    /// The most runs at once.
    public var slots: Int
    /// The GPUs the worker hands to runs, one run each.
    public var gpuIDs: [String]
    /// With it, the worker exits once it has had nothing to run for this many seconds.
    public var idleExitSeconds: Double?
    public var exitWhenIdle: Bool
    public var maxTasks: Int?
    /// Tasks per claim; nil adapts it so that a claim holds about half a second of work.
    public var batch: Int?
    public var claimWaitSeconds: Double
    /// How long a running task may take to finish after SIGTERM before its lease is given back.
    public var stopGraceSeconds: Double
    /// When the worker's allocation ends (a batch job's walltime): it claims no task it expects to overrun it.
    public var deadline: Date?
    /// Seconds kept free before `deadline` for reporting and giving leases back.
    public var deadlineMarginSeconds: Double
    public var workerID: String
    /// TLS for the coordinator connection, when the coordinator speaks it.
    public var tls: NIOSSLContext?
    /// Memory this worker offers to tasks, in MiB (matched against sweeps' `requires`, and shared by its runs).
    public var memoryMB: Int
    /// With `exitWhenIdle`, how long a worker that never reached its coordinator keeps trying before it fails.
    public var connectTimeoutSeconds: Double
    /// Whether the worker runs command tasks (`--allow-commands`); without it, none is handed to it.
    public var allowsCommands: Bool
    /// How long the worker, before it exits, waits for the runs it stopped to end: its runner's time to end
    /// them (a command's group gets SIGTERM, then SIGKILL after the kill grace), so that none outlives it.
    public var stoppedRunsSeconds: Double
    /// The Slurm job the worker runs in, said in its hello so that `workers` can match it with its pilot job.
    public var slurmJobID: String?

    public init(
        coordinator: CoordinatorAddress, token: String = "", cores: Int = 1, slots: Int? = nil,
        gpuIDs: [String] = [], idleExitSeconds: Double? = nil, exitWhenIdle: Bool = false,
        maxTasks: Int? = nil, batch: Int? = nil, claimWaitSeconds: Double = 20, stopGraceSeconds: Double = 4,
        deadline: Date? = nil, deadlineMarginSeconds: Double = 10, workerID: String? = nil, memoryMB: Int? = nil,
        tls: NIOSSLContext? = nil, connectTimeoutSeconds: Double = 180, allowsCommands: Bool = false,
        stoppedRunsSeconds: Double = 0, slurmJobID: String? = nil
    ) {
        self.slurmJobID = slurmJobID
        self.stoppedRunsSeconds = max(0, stoppedRunsSeconds)
        self.allowsCommands = allowsCommands
        self.tls = tls
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.memoryMB = memoryMB ?? HostFacts.memoryMB
        self.coordinator = coordinator
        self.token = token
        self.cores = max(1, cores)
        self.slots = max(1, slots ?? self.cores)
        self.gpuIDs = gpuIDs
        self.idleExitSeconds = idleExitSeconds
        self.exitWhenIdle = exitWhenIdle
        self.maxTasks = maxTasks
        self.batch = batch
        self.claimWaitSeconds = claimWaitSeconds
        self.stopGraceSeconds = stopGraceSeconds
        self.deadline = deadline
        self.deadlineMarginSeconds = max(0, deadlineMarginSeconds)
        self.workerID = workerID ?? "\(HostFacts.hostName)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    }
}
