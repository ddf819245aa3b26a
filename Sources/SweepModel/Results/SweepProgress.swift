/// How far one sweep has come: task counts by state, recent throughput and an estimate of what is left.
public struct SweepProgress: Sendable, Hashable, Codable {
    public var name: String
    public var experiment: String
    public var state: SweepState
    public var priority: Int
    public var total: Int
    public var pending: Int
    public var running: Int
    public var done: Int
    public var failed: Int
    public var held: Int
    public var cancelled: Int
    /// Of the `running` tasks (leased to a worker), those whose worker has said it started them, as of its
    /// last heartbeat; the others wait in a worker's queue. Nil when the store cannot tell (an older file).
    public var started: Int?
    /// Accepted results per second over the recent window.
    public var throughput: Double
    /// Seconds until the remaining tasks are done at that throughput, when it is known.
    public var etaSeconds: Double?
    /// What its tasks need of a worker (its `requires`).
    public var requirements: Requirements
    /// Why its pending tasks are not being handed out (no connected worker can hold them), when the
    /// coordinator knows of such a reason.
    public var waiting: String?
    /// The refinement rounds of a sweep with `refine:`; nil for the others.
    public var refinement: RefinementProgress?

    public init(
        name: String, experiment: String, state: SweepState = .active, priority: Int = 0, total: Int = 0,
        pending: Int = 0, running: Int = 0, done: Int = 0, failed: Int = 0, held: Int = 0, cancelled: Int = 0,
        throughput: Double = 0, etaSeconds: Double? = nil, started: Int? = nil,
        requirements: Requirements = Requirements(), waiting: String? = nil
    ) {
        self.requirements = requirements
        self.waiting = waiting
        self.started = started
        self.name = name
        self.experiment = experiment
        self.state = state
        self.priority = priority
        self.held = held
        self.cancelled = cancelled
        self.total = total
        self.pending = pending
        self.running = running
        self.done = done
        self.failed = failed
        self.throughput = throughput
        self.etaSeconds = etaSeconds
    }

    /// Leased tasks that wait in a worker's queue, not started; nil when the store cannot tell.
    public var leasedNotStarted: Int? { started.map { running - $0 } }

    /// Nothing left to run: every task is done, failed or cancelled, and no refinement round is to come.
    public var finished: Bool { pending == 0 && running == 0 && held == 0 && refinementEnded }

    /// True unless a refinement round is still to come.
    public var refinementEnded: Bool { refinement.map { $0.end != nil } ?? true }

    public mutating func add(_ count: Int, in taskState: TaskState) {
        switch taskState {
        case .pending: pending += count
        case .held: held += count
        case .running: running += count
        case .done: done += count
        case .failed: failed += count
        case .cancelled: cancelled += count
        }
        total += count
    }
}

/// Whether a sweep's tasks may be handed out.
public enum SweepState: String, Sendable, Hashable, Codable, CaseIterable {
    case active, paused, cancelled
}
