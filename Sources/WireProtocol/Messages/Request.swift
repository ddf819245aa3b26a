import SweepModel

/// What a worker or a command-line client asks of the coordinator. Every request carries an id that its
/// response repeats, so several may be in flight on one connection.
public enum Request: Sendable, Hashable {
    case hello(Hello)
    case claim(ClaimRequest)
    case heartbeat(HeartbeatRequest)
    case complete(CompleteRequest)
    case fail(FailRequest)
    case release(ReleaseRequest)
    case submit(SubmitRequest)
    case status(StatusRequest)
    case export(ExportRequest)
    case control(ControlRequest)
    case workers
    case logs(LogsRequest)
    /// One part of a command's code bundle, uploaded before the sweep that names it.
    case putCode(CodeChunk)
    /// One part of a stored code bundle, for a worker's cache.
    case getCode(CodeRequest)
    /// The unfinished work of some sweeps by what it needs, for an allocator of pilot jobs.
    case demand(DemandRequest)
    /// An allocator's pilot jobs, for `workers` to show.
    case pilots(PilotReport)

    public var kind: String {
        switch self {
        case .hello: "hello"
        case .claim: "claim"
        case .heartbeat: "heartbeat"
        case .complete: "complete"
        case .fail: "fail"
        case .release: "release"
        case .submit: "submit"
        case .status: "status"
        case .export: "export"
        case .control: "control"
        case .workers: "workers"
        case .logs: "logs"
        case .putCode: "putCode"
        case .getCode: "getCode"
        case .demand: "demand"
        case .pilots: "pilots"
        }
    }
}

/// The first message on every connection: protocol version, token and who is calling.
public struct Hello: Sendable, Hashable, Codable {
    public enum Role: String, Sendable, Hashable, Codable {
        case worker, client
    }

    public var protocolVersion: Int
    public var token: String
    public var role: Role
    public var worker: WorkerInfo?

    public init(protocolVersion: Int = WireLimits.protocolVersion, token: String, role: Role, worker: WorkerInfo?) {
        self.protocolVersion = protocolVersion
        self.token = token
        self.role = role
        self.worker = worker
    }
}

/// A worker's description of itself, kept with every attempt it makes.
public struct WorkerInfo: Sendable, Hashable, Codable {
    public var id: String
    public var host: String
    public var cpuModel: String
    public var threads: Int
    public var pid: Int
    public var version: String
    /// What the worker offers its tasks in all: no task it cannot hold is handed to it.
    public var capacity: WorkerResources
    /// Whether the worker runs command tasks (`--allow-commands`); one that does not is never handed one.
    public var allowsCommands: Bool
    /// The ids of the GPUs it hands to tasks (as `CUDA_VISIBLE_DEVICES` names them).
    public var gpuIDs: [String]
    /// The Slurm job the worker runs in (`SLURM_JOB_ID`), so that a pilot job can be matched with its worker.
    public var slurmJobID: String?

    public init(
        id: String, host: String, cpuModel: String, threads: Int, pid: Int, version: String,
        capacity: WorkerResources = .unlimited, allowsCommands: Bool = false, gpuIDs: [String] = [],
        slurmJobID: String? = nil
    ) {
        self.gpuIDs = gpuIDs
        self.slurmJobID = slurmJobID
        self.capacity = capacity
        self.allowsCommands = allowsCommands
        self.id = id
        self.host = host
        self.cpuModel = cpuModel
        self.threads = threads
        self.pid = pid
        self.version = version
    }
}

/// Ask for up to `limit` tasks; when none is pending, wait up to `waitSeconds` for one (long poll).
/// With `returnWhenIdle`, the wait ends as soon as nothing is pending or running anywhere.
///
/// With `free`, only tasks that fit what the worker has free are handed out, packed in order into at most
/// `rounds` fills of it: the first fill starts at once, the others as the runs before them end.
public struct ClaimRequest: Sendable, Hashable, Codable {
    public var limit: Int
    public var waitSeconds: Double
    public var returnWhenIdle: Bool
    public var free: WorkerResources?
    public var rounds: Int

    public init(
        limit: Int, waitSeconds: Double, returnWhenIdle: Bool = false, free: WorkerResources? = nil, rounds: Int = 1
    ) {
        self.limit = limit
        self.waitSeconds = waitSeconds
        self.returnWhenIdle = returnWhenIdle
        self.free = free
        self.rounds = rounds
    }
}

/// Keep these leases alive.
public struct HeartbeatRequest: Sendable, Hashable, Codable {
    public var leases: [Lease]
    /// The runs the worker has started, among `leases` (the others wait in its queue).
    public var running: [RunReport]
    /// What the worker has free now, for listing.
    public var free: WorkerResources?

    public init(leases: [Lease], running: [RunReport] = [], free: WorkerResources? = nil) {
        self.leases = leases
        self.running = running
        self.free = free
    }
}

/// A run a worker has started, as its heartbeats report it: the attempt, since when, and the last progress
/// line the run printed (an `INFOSWEEP_PROGRESS` object; empty when it printed none).
public struct RunReport: Sendable, Hashable, Codable {
    public var taskID: Int64
    public var attemptID: Int64
    /// Unix seconds.
    public var startedAt: Double
    public var progress: String

    public init(taskID: Int64, attemptID: Int64, startedAt: Double, progress: String = "") {
        self.taskID = taskID
        self.attemptID = attemptID
        self.startedAt = startedAt
        self.progress = progress
    }
}

/// One finished task's metrics and provenance, for the attempt that ran it.
public struct TaskResult: Sendable, Hashable, Codable {
    public var lease: Lease
    public var metrics: Metrics
    public var provenance: Provenance
    /// The last bytes of what a command wrote to stdout and stderr (empty for the built-in experiments).
    public var stdoutTail: String
    public var stderrTail: String

    public init(
        lease: Lease, metrics: Metrics, provenance: Provenance, stdoutTail: String = "", stderrTail: String = ""
    ) {
        self.lease = lease
        self.metrics = metrics
        self.provenance = provenance
        self.stdoutTail = stdoutTail
        self.stderrTail = stderrTail
    }
}

public struct CompleteRequest: Sendable, Hashable, Codable {
    public var results: [TaskResult]

    public init(results: [TaskResult]) {
        self.results = results
    }
}

/// One attempt that failed, with the solver's error text.
public struct TaskFailure: Sendable, Hashable, Codable {
    public var lease: Lease
    public var error: String
    /// The last bytes of what a command wrote to stdout and stderr (empty for the built-in experiments).
    public var stdoutTail: String
    public var stderrTail: String

    public init(lease: Lease, error: String, stdoutTail: String = "", stderrTail: String = "") {
        self.lease = lease
        self.error = error
        self.stdoutTail = stdoutTail
        self.stderrTail = stderrTail
    }
}

public struct FailRequest: Sendable, Hashable, Codable {
    public var failures: [TaskFailure]

    public init(failures: [TaskFailure]) {
        self.failures = failures
    }
}

/// Give leases back unrun (a worker stopping).
public struct ReleaseRequest: Sendable, Hashable, Codable {
    public var leases: [Lease]

    public init(leases: [Lease]) {
        self.leases = leases
    }
}

/// A sweep file's text and name, parsed again by the coordinator.
public struct SubmitRequest: Sendable, Hashable, Codable {
    public var file: String
    public var text: String
    /// The absolute folder of the file on the submitter's machine, where a command's relative workdir starts.
    public var directory: String
    /// The hash of the command's packed `code:`, uploaded before; nil without `code:`.
    public var codeHash: String?

    public init(file: String, text: String, directory: String = "/", codeHash: String? = nil) {
        self.file = file
        self.text = text
        self.directory = directory
        self.codeHash = codeHash
    }
}

public struct StatusRequest: Sendable, Hashable, Codable {
    public var sweep: String?

    public init(sweep: String?) {
        self.sweep = sweep
    }
}

/// One page of a sweep's tasks, after the given task id.
public struct ExportRequest: Sendable, Hashable, Codable {
    public var sweep: String
    public var afterTaskID: Int64
    public var limit: Int

    public init(sweep: String, afterTaskID: Int64, limit: Int) {
        self.sweep = sweep
        self.afterTaskID = afterTaskID
        self.limit = limit
    }
}

/// One page of the output tails of a sweep's attempts, past the given task and attempt, filtered as
/// `infosweep logs` filters them.
public struct LogsRequest: Sendable, Hashable, Codable {
    public var sweep: String
    public var keyPrefix: String?
    public var state: TaskState?
    /// Only this attempt of each task (1 is the first).
    public var attempt: Int?
    public var afterTaskID: Int64
    public var afterAttemptID: Int64
    public var limit: Int

    public init(
        sweep: String, keyPrefix: String? = nil, state: TaskState? = nil, attempt: Int? = nil, afterTaskID: Int64 = 0,
        afterAttemptID: Int64 = 0, limit: Int
    ) {
        self.sweep = sweep
        self.keyPrefix = keyPrefix
        self.state = state
        self.attempt = attempt
        self.afterTaskID = afterTaskID
        self.afterAttemptID = afterAttemptID
        self.limit = limit
    }
}

/// Bytes of a code bundle starting at `offset`, out of `total`.
public struct CodeChunk: Sendable, Hashable {
    public var hash: String
    public var offset: Int
    public var total: Int
    public var bytes: [UInt8]

    public init(hash: String, offset: Int, total: Int, bytes: [UInt8]) {
        self.hash = hash
        self.offset = offset
        self.total = total
        self.bytes = bytes
    }
}

/// Which part of which code bundle a worker wants.
public struct CodeRequest: Sendable, Hashable {
    public var hash: String
    public var offset: Int

    public init(hash: String, offset: Int) {
        self.hash = hash
        self.offset = offset
    }
}

/// An operator's command on a sweep.
public struct ControlRequest: Sendable, Hashable, Codable {
    /// What to do with the sweep.
    public enum Action: String, Sendable, Hashable, Codable {
        case pause, resume, cancel, requeue
    }

    public var sweep: String
    public var action: Action
    /// For `requeue`: which task states go back to the queue.
    public var states: [TaskState]
    /// For `pause`: stop the running tasks too (they run again on resume).
    public var stopRunning: Bool

    public init(sweep: String, action: Action, states: [TaskState] = [], stopRunning: Bool = false) {
        self.sweep = sweep
        self.action = action
        self.states = states
        self.stopRunning = stopRunning
    }
}
