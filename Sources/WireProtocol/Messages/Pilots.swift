/// Which sweeps' work an allocator of pilot jobs watches: the named ones, or every active sweep when empty.
public struct DemandRequest: Sendable, Hashable, Codable {
    public var sweeps: [String]

    public init(sweeps: [String] = []) {
        self.sweeps = sweeps
    }
}

/// One pilot job: a batch job that runs a worker.
public struct PilotJob: Sendable, Hashable, Codable {
    public var jobID: String
    /// The batch system's word for its state (PENDING, RUNNING, ...); ENDED once it left the queue.
    public var state: String
    /// Unix seconds.
    public var submittedAt: Double

    public init(jobID: String, state: String, submittedAt: Double) {
        self.jobID = jobID
        self.state = state
        self.submittedAt = submittedAt
    }
}

/// An allocator's pilot jobs as its batch system last listed them; it replaces the same allocator's earlier
/// report, so that a restarted allocator takes over its own.
public struct PilotReport: Sendable, Hashable, Codable {
    public var allocator: String
    public var pilots: [PilotJob]

    public init(allocator: String, pilots: [PilotJob]) {
        self.allocator = allocator
        self.pilots = pilots
    }
}

/// A reported pilot job as `infosweep workers` shows it: the workers it runs and the tasks they did.
public struct PilotStatus: Sendable, Hashable, Codable {
    public var allocator: String
    public var job: PilotJob
    /// When its allocator last reported it (Unix seconds).
    public var reportedAt: Double
    /// The connected workers that said, in their hello, that they run in this job.
    public var workers: [String]
    /// Tasks its workers hold now.
    public var holding: Int
    /// Results of its workers the coordinator accepted, those of workers that left included.
    public var tasksDone: Int

    public init(
        allocator: String, job: PilotJob, reportedAt: Double, workers: [String] = [], holding: Int = 0,
        tasksDone: Int = 0
    ) {
        self.allocator = allocator
        self.job = job
        self.reportedAt = reportedAt
        self.workers = workers
        self.holding = holding
        self.tasksDone = tasksDone
    }
}
