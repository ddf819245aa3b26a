import SweepModel

/// Decides how many pilot jobs to submit, and how many queued ones to cancel, from the work waiting and the
/// pilots in the queue. The same inputs give the same plan.
///
/// A pilot runs as many tasks of a group at once as its shape holds (`PilotShape.fit`), so a task takes
/// 1/slots of a pilot. Running tasks are taken to be on the running pilots (the others' room is free); queued
/// pilots are all free. Pilots are submitted while the pending tasks need more than that free room, never more
/// than `maxJobs` in the queue at once; queued pilots beyond what the pending tasks need are cancelled, the
/// newest first. Tasks that no pilot can hold are left out, and named.
public struct PilotPlanner: Sendable, Hashable {
    public var shape: PilotShape
    public var maxJobs: Int

    public init(shape: PilotShape, maxJobs: Int) {
        self.shape = shape
        self.maxJobs = maxJobs
    }

    public func plan(for demand: WorkDemand, pilots: PilotCensus) -> PilotPlan {
        var needed = 0.0
        var busy = 0.0
        var misfits: [PilotPlan.Misfit] = []
        for group in demand.groups {
            switch shape.fit(group) {
            case .slots(let slots):
                needed += Double(group.pending) / Double(slots)
                busy += Double(group.running) / Double(slots)
            case .misfit(let reason):
                if group.pending > 0 {
                    misfits.append(.init(requirements: group.requirements, tasks: group.pending, reason: reason))
                }
            }
        }
        let runningRoom = max(0, Double(pilots.running) - busy)
        let wanted = Self.whole(needed - runningRoom)
        let submit = min(max(0, wanted - pilots.queued), max(0, maxJobs - pilots.total))
        let cancel = max(0, pilots.queued - wanted)
        return PilotPlan(
            submit: submit, cancelQueued: cancel, pilotsNeeded: needed + busy, misfits: misfits,
            finished: demand.finished)
    }

    /// The whole pilots that cover `pilots` (a share of a pilot is a pilot), ignoring rounding dust.
    private static func whole(_ pilots: Double) -> Int {
        pilots <= 1e-9 ? 0 : Int((pilots - 1e-9).rounded(.up))
    }
}

/// What the planner decided.
public struct PilotPlan: Sendable, Hashable {
    /// Pending tasks of one kind that no pilot of this shape can run.
    public struct Misfit: Sendable, Hashable, CustomStringConvertible {
        public var requirements: Requirements
        public var tasks: Int
        public var reason: PilotMisfit

        public var description: String { "\(tasks) pending tasks fit no pilot: \(reason)" }
    }

    public var submit: Int
    public var cancelQueued: Int
    /// Pilots' worth of the pending and running tasks that pilots can run.
    public var pilotsNeeded: Double
    public var misfits: [Misfit]
    /// The watched sweeps have nothing pending, running or held.
    public var finished: Bool

    public init(
        submit: Int = 0, cancelQueued: Int = 0, pilotsNeeded: Double = 0, misfits: [Misfit] = [],
        finished: Bool = false
    ) {
        self.submit = submit
        self.cancelQueued = cancelQueued
        self.pilotsNeeded = pilotsNeeded
        self.misfits = misfits
        self.finished = finished
    }
}
