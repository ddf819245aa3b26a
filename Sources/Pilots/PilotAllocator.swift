import Logging
import SweepModel
import Timekeeping
import WireProtocol

/// Submits pilot jobs as the coordinator's work needs them: every interval it reads the watched sweeps' work
/// and its pilots in the queue, lets the planner decide, submits and cancels as planned, and reports its pilots
/// to the coordinator. Once the sweeps are finished it cancels its queued pilots, gives the running ones time to
/// leave on their own (their workers exit when idle), cancels those still there, and ends.
public actor PilotAllocator {
    /// One decision and what was done about it.
    public struct Decision: Sendable {
        public var demand: WorkDemand
        public var census: PilotCensus
        public var plan: PilotPlan
        public var submitted: [String]
        public var cancelled: [String]
    }

    /// What an allocator did, when it ends.
    public struct Summary: Sendable, Hashable {
        public var submitted = 0
        public var cancelled = 0
        /// The most of its pilots that were in the queue at once, as far as it saw.
        public var mostAtOnce = 0
        /// The sweeps finished (rather than the allocator being stopped).
        public var finished = false
    }

    public let configuration: AllocatorConfiguration
    private let scheduler: any PilotScheduler
    private let source: any WorkSource
    private let logger: Logger
    private let clock: any WallClock
    private var ledger = PilotLedger()
    private var summary = Summary()
    private var misfits: [PilotPlan.Misfit] = []
    private var lastCensus: PilotCensus?

    public init(
        configuration: AllocatorConfiguration, scheduler: any PilotScheduler, source: any WorkSource,
        logger: Logger, clock: any WallClock = SystemWallClock()
    ) {
        self.configuration = configuration
        self.scheduler = scheduler
        self.source = source
        self.logger = logger
        self.clock = clock
    }

    /// Makes one decision: reads the work and the pilots, submits and cancels as planned, reports the pilots.
    @discardableResult
    public func decide() async throws(PilotError) -> Decision {
        let demand = try await source.demand(sweeps: configuration.sweeps)
        let jobs = try await listPilots()
        let census = PilotCensus(jobs)
        let plan = configuration.planner.plan(for: demand, pilots: census)
        let newestQueued = jobs.filter { $0.phase == .queued }.sorted { Self.isNewer($0, than: $1) }
        let cancelled = Array(newestQueued.prefix(plan.cancelQueued).map(\.id))
        try await cancel(cancelled)
        var submitted: [String] = []
        for _ in 0..<plan.submit {
            let id = try await scheduler.submit(configuration.template)
            ledger.submitted(id, at: clock.now())
            submitted.append(id)
        }
        summary.submitted += submitted.count
        summary.mostAtOnce = max(summary.mostAtOnce, census.total - cancelled.count + submitted.count)
        try await report()
        let decision = Decision(
            demand: demand, census: census, plan: plan, submitted: submitted, cancelled: cancelled)
        log(decision)
        return decision
    }

    /// Decides every interval until the sweeps are finished (never, with `keepRunning`) or the task is cancelled
    /// (SIGTERM: the pilots are left as they are, for a restarted allocator to find).
    public func allocate() async throws(PilotError) -> Summary {
        var failingSince: Double?
        var decided = false
        while !Task.isCancelled {
            do {
                let decision = try await decide()
                decided = true
                failingSince = nil
                if decision.plan.finished && !configuration.keepRunning { return try await finish() }
            } catch {
                if Task.isCancelled { break }
                if !decided || error.isPermanent { throw error }
                let since = failingSince ?? clock.now()
                failingSince = since
                let seconds = clock.now() - since
                if seconds >= configuration.patienceSeconds { throw .persisted(seconds: seconds, last: "\(error)") }
                logger.warning("will try again", metadata: ["error": "\(error)", "failing_for": "\(Int(seconds))s"])
            }
            guard (try? await clock.sleep(for: configuration.intervalSeconds)) != nil else { break }
        }
        return summary
    }

    /// The sweeps are finished: queued pilots were cancelled by the last plan; running ones get `drainSeconds`
    /// to leave the queue on their own, then are cancelled, and get as long again to leave.
    private func finish() async throws(PilotError) -> Summary {
        summary.finished = true
        var deadline = clock.now() + configuration.drainSeconds
        var cancelledAll = false
        var left = try await listPilots()
        while !left.isEmpty {
            if clock.now() >= deadline {
                if cancelledAll { break }
                logger.notice(
                    "cancelling pilots still running after the sweeps finished",
                    metadata: ["jobs": "\(left.map(\.id))", "waited": "\(Int(configuration.drainSeconds))s"])
                try await cancel(left.map(\.id))
                cancelledAll = true
                deadline = clock.now() + configuration.drainSeconds
            }
            guard (try? await clock.sleep(for: min(configuration.intervalSeconds, 1))) != nil else { break }
            left = try await listPilots()
        }
        try await report()
        if left.isEmpty {
            logger.notice(
                "sweeps finished; no pilot left in the queue",
                metadata: ["submitted": "\(summary.submitted)", "most_at_once": "\(summary.mostAtOnce)"])
        } else {
            logger.warning("sweeps finished; pilots still in the queue", metadata: ["jobs": "\(left.map(\.id))"])
        }
        return summary
    }

    private func listPilots() async throws(PilotError) -> [SlurmJob] {
        let jobs = try await scheduler.jobs(named: configuration.template.jobName, user: configuration.user)
        ledger.listed(jobs, now: clock.now())
        summary.mostAtOnce = max(summary.mostAtOnce, jobs.count)
        return jobs
    }

    private func cancel(_ ids: [String]) async throws(PilotError) {
        guard !ids.isEmpty else { return }
        try await scheduler.cancel(ids)
        ledger.cancelled(ids)
        summary.cancelled += ids.count
    }

    private func report() async throws(PilotError) {
        guard configuration.reportsPilots else { return }
        try await source.report(PilotReport(allocator: configuration.allocatorName, pilots: ledger.all))
    }

    /// Later submitted first; by id when the times are equal or unknown.
    private static func isNewer(_ job: SlurmJob, than other: SlurmJob) -> Bool {
        let (time, otherTime) = (job.submittedAt ?? 0, other.submittedAt ?? 0)
        if time != otherTime { return time > otherTime }
        return (Int(job.id) ?? 0, job.id) > (Int(other.id) ?? 0, other.id)
    }

    private func log(_ decision: Decision) {
        if decision.plan.misfits != misfits {
            misfits = decision.plan.misfits
            for misfit in misfits { logger.warning("\(misfit)") }
        }
        let changed = !decision.submitted.isEmpty || !decision.cancelled.isEmpty || decision.census != lastCensus
        lastCensus = decision.census
        let message: Logger.Message =
            if !decision.submitted.isEmpty {
                "submitted \(decision.submitted.count) pilot jobs"
            } else if !decision.cancelled.isEmpty {
                "cancelled \(decision.cancelled.count) queued pilot jobs"
            } else {
                "pilot jobs in the queue changed"
            }
        logger.log(
            level: changed ? .notice : .debug, message,
            metadata: [
                "pending": "\(decision.demand.pending)", "running": "\(decision.demand.running)",
                "queued_pilots": "\(decision.census.queued)", "running_pilots": "\(decision.census.running)",
                "submitted": "\(decision.submitted)", "cancelled": "\(decision.cancelled)",
            ])
    }
}
