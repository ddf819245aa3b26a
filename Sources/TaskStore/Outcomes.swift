import SweepModel

/// Who holds a lease: a worker's stable id and its host.
public struct WorkerIdentity: Sendable, Hashable, Codable {
    public var id: String
    public var host: String

    public init(id: String, host: String) {
        self.id = id
        self.host = host
    }
}

/// How the store answered a result or failure report for one lease.
public enum ReportOutcome: String, Sendable, Hashable, Codable {
    /// This attempt's report was stored (or had been stored before: reports are idempotent).
    case accepted
    /// The attempt is no longer current (its lease expired or the task finished); kept in history only.
    case stale
    /// No such task or attempt.
    case unknown
}

/// Limits on how often a task is retried before it ends `failed`.
public struct RetryLimits: Sendable, Hashable {
    /// Leases lost (worker gone or silent past its TTL) before the task fails.
    public var maxLostLeases: Int
    /// Solver failures before the task fails.
    public var maxFailures: Int

    public init(maxLostLeases: Int = 5, maxFailures: Int = 3) {
        self.maxLostLeases = maxLostLeases
        self.maxFailures = maxFailures
    }
}

/// How many tasks in the whole store are waiting or leased, and how many active sweeps have refinement rounds
/// to come (whose tasks are not added yet).
public struct QueueDepth: Sendable, Hashable, Codable {
    public var pending: Int
    public var running: Int
    public var refining: Int

    public init(pending: Int, running: Int, refining: Int = 0) {
        self.pending = pending
        self.running = running
        self.refining = refining
    }

    /// Nothing to run and nothing to come: a worker told so may leave.
    public var isIdle: Bool { pending == 0 && running == 0 && refining == 0 }
}
