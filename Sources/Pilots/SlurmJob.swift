/// A pilot job as the batch system lists it.
public struct SlurmJob: Sendable, Hashable {
    /// Whether a job takes tasks, will take them, or neither.
    public enum Phase: Sendable, Hashable {
        /// Waiting in the queue; it will take tasks once it starts.
        case queued
        /// Starting or running: its worker takes tasks.
        case running
        /// Completing, suspended, preempted...: in the queue, but it takes no tasks.
        case other
    }

    public var id: String
    /// Slurm's state name: PENDING, RUNNING, COMPLETING, ...
    public var state: String
    /// Unix seconds; nil when the batch system did not say.
    public var submittedAt: Double?

    public init(id: String, state: String, submittedAt: Double? = nil) {
        self.id = id
        self.state = state
        self.submittedAt = submittedAt
    }

    public var phase: Phase {
        switch state {
        case "PENDING", "REQUEUED", "REQUEUE_HOLD", "REQUEUE_FED", "RESV_DEL_HOLD": .queued
        case "RUNNING", "CONFIGURING", "RESIZING", "SIGNALING": .running
        default: .other
        }
    }
}

/// The pilot jobs in the queue, counted by phase.
public struct PilotCensus: Sendable, Hashable {
    public var queued: Int
    public var running: Int
    public var other: Int

    public init(queued: Int = 0, running: Int = 0, other: Int = 0) {
        self.queued = queued
        self.running = running
        self.other = other
    }

    public init(_ jobs: [SlurmJob]) {
        self.init()
        for job in jobs {
            switch job.phase {
            case .queued: queued += 1
            case .running: running += 1
            case .other: other += 1
            }
        }
    }

    /// Every job in the queue, whatever it does: what `--max-jobs` bounds.
    public var total: Int { queued + running + other }
}
