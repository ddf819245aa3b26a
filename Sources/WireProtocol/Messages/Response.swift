import SweepModel

/// What the coordinator answers, one per request, tagged with the request's id.
public enum Response: Sendable, Hashable {
    case welcome(Welcome)
    case refused(Refusal)
    case claimed(ClaimReply)
    case heartbeatAck(HeartbeatReply)
    case reportAck(ReportReply)
    case submitted(SubmitOutcome)
    case status(StatusReply)
    case exportPage(ExportPage)
    case logsPage(LogsPage)
    /// A code part stored; `complete` once the whole bundle is, checked against its hash.
    case codeStored(complete: Bool)
    case codeChunk(CodeChunk)
    case controlled(ControlReply)
    case workers(WorkersReply)
    case demand(WorkDemand)
    case pilotsRecorded

    public var kind: String {
        switch self {
        case .welcome: "welcome"
        case .refused: "refused"
        case .claimed: "claimed"
        case .heartbeatAck: "heartbeatAck"
        case .reportAck: "reportAck"
        case .submitted: "submitted"
        case .status: "status"
        case .exportPage: "exportPage"
        case .logsPage: "logsPage"
        case .codeStored: "codeStored"
        case .codeChunk: "codeChunk"
        case .controlled: "controlled"
        case .workers: "workers"
        case .demand: "demand"
        case .pilotsRecorded: "pilotsRecorded"
        }
    }
}

/// The answer to a good hello: the lease terms the coordinator enforces.
public struct Welcome: Sendable, Hashable, Codable {
    public var protocolVersion: Int
    public var coordinatorVersion: String
    public var leaseSeconds: Double
    public var heartbeatSeconds: Double

    public init(protocolVersion: Int, coordinatorVersion: String, leaseSeconds: Double, heartbeatSeconds: Double) {
        self.protocolVersion = protocolVersion
        self.coordinatorVersion = coordinatorVersion
        self.leaseSeconds = leaseSeconds
        self.heartbeatSeconds = heartbeatSeconds
    }
}

/// A request the coordinator would not or could not carry out, and why.
public struct Refusal: Sendable, Hashable, Codable, Error, CustomStringConvertible {
    /// Stable reasons a client can act on.
    public enum Code: String, Sendable, Hashable, Codable {
        case badToken, versionMismatch, notAuthenticated, badRequest, storeUnavailable, notFound
    }

    public var code: Code
    public var message: String

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// The message alone: the code is for programs (and log metadata), not for the person reading it.
    public var description: String { message }
}

/// Leased tasks; empty with `idle` true when nothing is pending or running anywhere.
public struct ClaimReply: Sendable, Hashable, Codable {
    public var tasks: [LeasedTask]
    public var idle: Bool

    public init(tasks: [LeasedTask], idle: Bool) {
        self.tasks = tasks
        self.idle = idle
    }
}

/// The leases that could not be renewed: the worker should stop their runs.
public struct HeartbeatReply: Sendable, Hashable, Codable {
    public var lost: [Lease]

    public init(lost: [Lease]) {
        self.lost = lost
    }
}

/// The fate of each reported lease; the report is stored (committed) before this is sent.
public struct ReportReply: Sendable, Hashable, Codable {
    public struct Entry: Sendable, Hashable, Codable {
        public var lease: Lease
        public var accepted: Bool

        public init(lease: Lease, accepted: Bool) {
            self.lease = lease
            self.accepted = accepted
        }
    }

    public var entries: [Entry]

    public init(entries: [Entry]) {
        self.entries = entries
    }
}

public struct StatusReply: Sendable, Hashable, Codable {
    public var sweeps: [SweepProgress]

    public init(sweeps: [SweepProgress]) {
        self.sweeps = sweeps
    }
}

/// One page of an export, with the sweep's axes; `nextAfterTaskID` is nil on the last page.
public struct ExportPage: Sendable, Hashable, Codable {
    public var records: [TaskRecord]
    public var nextAfterTaskID: Int64?
    public var axes: [Axis]

    public init(records: [TaskRecord], nextAfterTaskID: Int64?, axes: [Axis] = []) {
        self.records = records
        self.nextAfterTaskID = nextAfterTaskID
        self.axes = axes
    }
}

/// One page of attempts with their output tails; `more` is false on the last page.
public struct LogsPage: Sendable, Hashable {
    public var entries: [AttemptLog]
    public var more: Bool

    public init(entries: [AttemptLog], more: Bool) {
        self.entries = entries
        self.more = more
    }
}

/// How many tasks an operator's command changed.
public struct ControlReply: Sendable, Hashable, Codable {
    public var sweep: String
    public var action: ControlRequest.Action
    public var changed: Int

    public init(sweep: String, action: ControlRequest.Action, changed: Int) {
        self.sweep = sweep
        self.action = action
        self.changed = changed
    }
}

/// The workers connected to a coordinator, and the pilot jobs allocators reported.
public struct WorkersReply: Sendable, Hashable, Codable {
    public var workers: [WorkerStatus]
    public var pilots: [PilotStatus]

    public init(workers: [WorkerStatus], pilots: [PilotStatus] = []) {
        self.workers = workers
        self.pilots = pilots
    }
}

/// One connected worker as the coordinator sees it.
public struct WorkerStatus: Sendable, Hashable, Codable {
    public var id: String
    public var host: String
    public var threads: Int
    public var version: String
    public var connectedAt: Double
    /// When the worker last sent anything (a claim, heartbeat or report).
    public var lastSeenAt: Double
    /// The leases it held at its last claim or heartbeat.
    public var leases: [Lease]
    /// Results of this worker the coordinator accepted since the worker connected.
    public var tasksDone: Int
    /// Whether it runs command tasks.
    public var allowsCommands: Bool
    /// The runs it has started, with their progress, as of its last heartbeat.
    public var running: [RunReport]
    /// What it offers its tasks in all, and what it had free at its last heartbeat (nil before the first).
    public var capacity: WorkerResources
    public var free: WorkerResources?
    public var gpuIDs: [String]
    /// The Slurm job it runs in, as its hello said.
    public var slurmJobID: String?

    public init(
        id: String, host: String, threads: Int, version: String, connectedAt: Double, lastSeenAt: Double,
        leases: [Lease] = [], tasksDone: Int = 0, allowsCommands: Bool = false, running: [RunReport] = [],
        capacity: WorkerResources = .unlimited, free: WorkerResources? = nil, gpuIDs: [String] = [],
        slurmJobID: String? = nil
    ) {
        self.capacity = capacity
        self.free = free
        self.gpuIDs = gpuIDs
        self.slurmJobID = slurmJobID
        self.running = running
        self.allowsCommands = allowsCommands
        self.id = id
        self.host = host
        self.threads = threads
        self.version = version
        self.connectedAt = connectedAt
        self.lastSeenAt = lastSeenAt
        self.leases = leases
        self.tasksDone = tasksDone
    }
}
