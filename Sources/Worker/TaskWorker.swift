import Foundation
import Logging
import SweepModel
import Timekeeping
import WireProtocol

/// A worker: claims leased tasks from a coordinator, runs as many at once as its slots, cores, memory and GPUs
/// hold through its `TaskRunner`, keeps their leases alive and reports each result until the coordinator
/// acknowledges it.
public actor TaskWorker {
    let configuration: WorkerConfiguration
    let runner: any TaskRunner
    let connector: any CoordinatorConnector
    let clock: any WallClock
    let logger: Logger
    var link: (any CoordinatorLink)?
    var connecting: Task<(any CoordinatorLink)?, Never>?
    /// Leased tasks not started yet, in the order they start.
    var queue: [LeasedTask] = []
    var running: [Lease: RunningTask] = [:]
    var pool: ResourcePool
    var reports = ReportBuffer()
    var stopRequested = false
    var fatal: Error?
    var started = 0
    var pacing = TaskPacing()
    var tally = WorkerSummary()
    var claimLatencies: [Double] = []
    var lostLeases: Set<Lease> = []
    /// Runs the worker stopped waiting for: it waits for them, within a bound, before it exits.
    var abandoned: [Task<Void, Never>] = []
    var reconnect = ReconnectState()
    /// The claim that is out, if any; its reply comes back as an event.
    var claiming: Task<Void, Never>?
    /// The last claim came back empty because nothing is pending or running anywhere.
    var sawIdleQueue = false
    /// The next task would overrun the deadline: nothing more starts.
    var stoppedForDeadline = false
    /// Since when the worker has had nothing to run (for `idleExitSeconds`); nil while it has.
    var idleSince: Double?
    var reportTimerSet = false
    /// The idle period (by its start) whose end a timer will wake the loop for.
    var idleTimerFor: Double?
    /// Nothing that fits what is free was pending: the next claim waits for a run to end, or until then.
    var claimPausedUntil: Double?
    let events: AsyncStream<WorkerEvent>
    let eventSink: AsyncStream<WorkerEvent>.Continuation

    /// A worker that runs tasks with `runner` and reads the time from `clock`; it reaches its coordinator
    /// through `connector`, by default over TCP at `configuration.coordinator`.
    public init(
        configuration: WorkerConfiguration, runner: any TaskRunner, clock: any WallClock = SystemWallClock(),
        connector: (any CoordinatorConnector)? = nil, logger: Logger
    ) {
        self.configuration = configuration
        self.runner = runner
        self.clock = clock
        self.connector =
            connector ?? TCPCoordinatorConnector(address: configuration.coordinator, tls: configuration.tls)
        self.logger = logger
        pool = ResourcePool(
            slots: configuration.slots, cores: configuration.cores, memoryMB: configuration.memoryMB,
            gpuIDs: configuration.gpuIDs)
        (events, eventSink) = AsyncStream.makeStream(of: WorkerEvent.self)
    }

    /// What the worker has done so far (all of it once `work()` has returned).
    public var summary: WorkerSummary {
        var summary = tally
        summary.claimLatencies = claimLatencies
        return summary
    }

    /// Asks the worker to stop: it claims nothing more, gives back unstarted leases, and gives the running
    /// tasks `stopGraceSeconds` to finish before cancelling them and giving their leases back too.
    public func stop() {
        guard !stopRequested else { return }
        stopRequested = true
        reconnect.givingUpAt = clock.now() + max(1, configuration.stopGraceSeconds)
        logger.notice("stopping: no more claims", metadata: ["grace": "\(configuration.stopGraceSeconds)s"])
        eventSink.yield(.wake)
        // A claim out now would long-poll on: closing the link ends it (heartbeats and reports reconnect).
        if claiming != nil || running.isEmpty { link?.close() }
        guard !running.isEmpty else { return }
        let grace = configuration.stopGraceSeconds
        Task { [clock] in
            if grace > 0 { try? await clock.sleep(for: grace) }
            await self.abandonRuns()
        }
    }

    var stopping: Bool { stopRequested || fatal != nil }

    /// Works until idle (with `exitWhenIdle` or `idleExitSeconds`), `maxTasks` are done, the deadline is near,
    /// or `stop()`; throws a coordinator's refusal (bad token, version mismatch) or a failed TLS handshake as
    /// it is.
    public func work() async throws -> WorkerSummary {
        let heartbeat = Task { await heartbeatLoop() }
        defer { heartbeat.cancel() }
        idleSince = clock.now()
        await runUntilDone()
        claiming?.cancel()
        if let fatal { throw fatal }
        await finish()
        await awaitAbandonedRuns()
        return summary
    }

    /// Starts what fits, reports, claims, and handles what comes back, until there is nothing more to do.
    private func runUntilDone() async {
        var events = self.events.makeAsyncIterator()
        while true {
            startRuns()
            if wantsToClaim && reachedDeadline() { stoppedForDeadline = true }
            if isDone { return }
            if wantsToFlush || wantsToClaim, let link = await currentLink() {
                if wantsToFlush { await flushReports(on: link) }
                if wantsToClaim { claim(on: link) }
            }
            if isDone { return }
            armReportTimer()
            armIdleTimer()
            guard let event = await events.next() else { return }
            handle(event)
        }
    }

    /// True when the worker has nothing left to run and a reason to end.
    private var isDone: Bool {
        guard running.isEmpty else { return false }
        if stopping || stoppedForDeadline { return true }
        if let maxTasks = configuration.maxTasks, started >= maxTasks { return true }
        let nothingLeft = queue.isEmpty && reports.isEmpty
        if sawIdleQueue && configuration.exitWhenIdle && nothingLeft && claiming == nil { return true }
        if let limit = configuration.idleExitSeconds, let idleSince, nothingLeft, clock.now() - idleSince >= limit {
            logger.notice("exiting: nothing to run", metadata: ["idle": "\(limit)s"])
            return true
        }
        return false
    }

    /// Reports go out when they fall due, and otherwise together: when the worker is about to claim, or has
    /// nothing left to run.
    private var wantsToFlush: Bool {
        guard !reports.isEmpty else { return false }
        return reports.isDue(at: clock.now()) || (queue.isEmpty && (running.isEmpty || wantsToClaim))
    }

    private var wantsToClaim: Bool {
        guard claiming == nil, !stopping, !stoppedForDeadline, queue.isEmpty, pool.fits(Requirements()) else {
            return false
        }
        if let claimPausedUntil, clock.now() < claimPausedUntil { return false }
        if let maxTasks = configuration.maxTasks, started >= maxTasks { return false }
        return !(sawIdleQueue && configuration.exitWhenIdle && running.isEmpty && reports.isEmpty)
    }

    private func handle(_ event: WorkerEvent) {
        switch event {
        case .ended(let lease, let end): ended(lease, end)
        case .claimed(let reply): claimed(reply)
        case .wake: reportTimerSet = false
        }
    }

    /// Seconds left for running tasks before the deadline less its margin; nil without a deadline.
    var secondsBeforeDeadline: Double? {
        configuration.deadline.map {
            $0.timeIntervalSince1970 - clock.now() - configuration.deadlineMarginSeconds
        }
    }

    /// True, and noted once in the log and summary, when the next task would not end before the deadline:
    /// its expected run time (the moving average of those run so far) exceeds the time left.
    private func reachedDeadline() -> Bool {
        guard let usable = secondsBeforeDeadline, pacing.nextTaskOverruns(usableSeconds: usable) else {
            return false
        }
        if !tally.stoppedAtDeadline {
            tally.stoppedAtDeadline = true
            logger.notice(
                "stopping before the deadline: the next task would not finish in time",
                metadata: [
                    "expected": "\(String(format: "%.1f", pacing.averageSeconds ?? 0))s",
                    "left": "\(String(format: "%.1f", max(0, usable)))s",
                    "margin": "\(configuration.deadlineMarginSeconds)s",
                ])
        }
        return true
    }

    /// Sends a claim for what fits the free resources; its reply comes back as an event.
    private func claim(on link: any CoordinatorLink) {
        let free = pool.free
        let remaining = configuration.maxTasks.map { $0 - started }
        let usable = secondsBeforeDeadline
        let rounds = pacing.batchSize(configured: nil, remaining: nil, usableSeconds: usable)
        var limit = min(1024, rounds * max(1, free.slots))
        if let remaining { limit = min(limit, remaining) }
        if let batch = configuration.batch {
            limit = pacing.batchSize(configured: batch, remaining: remaining, usableSeconds: usable)
        }
        // While runs go on, what is free changes when one ends, so the claim does not wait for work.
        var wait = running.isEmpty ? min(configuration.claimWaitSeconds, max(0, usable ?? .infinity)) : 0
        if let idleExit = configuration.idleExitSeconds, let idleSince {
            wait = min(wait, max(0.05, idleSince + idleExit - clock.now()))
        }
        let request = ClaimRequest(
            limit: max(1, limit), waitSeconds: wait, returnWhenIdle: configuration.exitWhenIdle, free: free,
            rounds: configuration.batch == nil ? rounds : Int(Int32.max))
        sawIdleQueue = false
        let sink = eventSink
        claiming = Task {
            let reply = await self.send(request, on: link)
            sink.yield(.claimed(reply))
        }
    }

    private func send(_ request: ClaimRequest, on link: any CoordinatorLink) async -> ClaimReply? {
        do {
            let sent = clock.now()
            guard case .claimed(let reply) = try await link.send(.claim(request)) else { return nil }
            reconnect.answered()
            if !reply.tasks.isEmpty { claimLatencies.append(clock.now() - sent) }
            return reply
        } catch {
            drop(link, because: error)
            return nil
        }
    }

    private func claimed(_ reply: ClaimReply?) {
        claiming = nil
        guard let reply else { return }
        queue.append(contentsOf: reply.tasks)
        if reply.tasks.isEmpty && !running.isEmpty {
            pauseClaims()
        } else if reply.tasks.isEmpty {
            sawIdleQueue = reply.idle
            if running.isEmpty && queue.isEmpty && idleSince == nil { idleSince = clock.now() }
        } else {
            idleSince = nil
        }
    }

    /// Starts the queued tasks that fit what is free, in queue order (one that does not fit waits while later
    /// ones that do start), unless the worker is stopping or the next would overrun the deadline.
    private func startRuns() {
        var index = 0
        while index < queue.count, !stopping, !stoppedForDeadline, pool.free.slots > 0 {
            if let maxTasks = configuration.maxTasks, started >= maxTasks { return }
            let needs = queue[index].requirements
            guard let granted = pool.grant(needs) else {
                index += 1
                continue
            }
            if reachedDeadline() {
                pool.release(granted, needs: needs)
                stoppedForDeadline = true
                return
            }
            start(queue.remove(at: index), holding: granted)
        }
    }

    private func start(_ task: LeasedTask, holding granted: GrantedResources) {
        started += 1
        idleSince = nil
        let runner = self.runner
        let sink = eventSink
        let run = Task {
            let outcome = await runner.run(task, resources: granted)
            sink.yield(.ended(task.lease, .finished(outcome)))
        }
        running[task.lease] = RunningTask(task: task, granted: granted, startedAt: clock.now(), run: run)
    }

    /// Takes in a run's end: gives back what it held, and reports its result or failure, or puts its task
    /// back at the head of the queue to be given back (a cancelled or abandoned run).
    private func ended(_ lease: Lease, _ end: RunEnd) {
        guard let run = running.removeValue(forKey: lease) else { return }
        pool.release(run.granted, needs: run.task.requirements)
        claimPausedUntil = nil
        let task = run.task
        let endedAt = clock.now()
        pacing.record(seconds: endedAt - run.startedAt)
        tally.ran += 1
        if running.isEmpty && queue.isEmpty { idleSince = endedAt }
        if lostLeases.remove(lease) != nil {
            logger.warning("dropping a task whose lease was lost", metadata: ["task": "\(task.key)"])
            return
        }
        switch end {
        case .finished(.succeeded(let metrics, let facts)):
            let provenance = Provenance(
                host: HostFacts.hostName, cpuModel: HostFacts.cpuModel, threads: run.granted.cores,
                version: InfosweepVersion.current, startedAt: run.startedAt, endedAt: endedAt,
                wallSeconds: endedAt - run.startedAt, peakRSSBytes: facts.peakRSSBytes, kernels: facts.kernels,
                taskFolder: facts.taskFolder)
            let result = TaskResult(
                lease: lease, metrics: metrics, provenance: provenance, stdoutTail: facts.stdoutTail,
                stderrTail: facts.stderrTail)
            reports.append(.result(result), at: endedAt)
        case .finished(.failed(let failure)) where !stopping:
            logger.warning("task failed", metadata: ["task": "\(task.key)", "error": "\(failure)"])
            let report = TaskFailure(
                lease: lease, error: "\(failure)", stdoutTail: failure.stdoutTail, stderrTail: failure.stderrTail)
            reports.append(.failure(report), at: endedAt)
        case .finished(.requeued):
            logger.notice("task asked to run again later", metadata: ["task": "\(task.key)"])
            reports.append(.release(lease), at: endedAt)
        case .finished(.failed), .finished(.cancelled), .abandoned:
            queue.insert(task, at: 0)
        }
    }

    /// Cancels the runs still going and stops waiting for them: their leases are given back.
    private func abandonRuns() {
        for (lease, run) in running.sorted(by: { $0.value.startedAt < $1.value.startedAt }).reversed() {
            run.run.cancel()
            abandoned.append(run.run)
            ended(lease, .abandoned)
        }
        eventSink.yield(.wake)
    }

    /// Makes sure the loop wakes when the oldest unsent report falls due.
    private func armReportTimer() {
        guard !reports.isEmpty, !reportTimerSet else { return }
        reportTimerSet = true
        let sink = eventSink
        Task { [clock] in
            try? await clock.sleep(for: ReportBuffer.longestWait)
            sink.yield(.wake)
        }
    }

    /// Holds claims back until a run ends or `claimPauseSeconds` pass, waking the loop then.
    private func pauseClaims() {
        let pause = Self.claimPauseSeconds
        claimPausedUntil = clock.now() + pause
        let sink = eventSink
        Task { [clock] in
            try? await clock.sleep(for: pause)
            sink.yield(.wake)
        }
    }

    /// How long a worker with runs going waits before asking again for work that fits what it has free.
    static let claimPauseSeconds = 2.0

    /// Makes sure the loop wakes when the worker has been idle for `idleExitSeconds`.
    private func armIdleTimer() {
        guard let limit = configuration.idleExitSeconds, let idleSince, idleTimerFor != idleSince else { return }
        idleTimerFor = idleSince
        let sink = eventSink
        let wait = max(0, idleSince + limit - clock.now())
        Task { [clock] in
            try? await clock.sleep(for: wait)
            sink.yield(.wake)
        }
    }

    /// Waits until the runs it stopped waiting for have ended, or `stoppedRunsSeconds` have passed.
    private func awaitAbandonedRuns() async {
        let runs = abandoned
        guard !runs.isEmpty else { return }
        let bound = configuration.stoppedRunsSeconds
        let ended = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let delivery = Delivery(continuation)
            Task {
                for run in runs { await run.value }
                delivery.deliver(true)
            }
            Task { [clock] in
                try? await clock.sleep(for: bound)
                delivery.deliver(false)
            }
        }
        if !ended {
            logger.warning(
                "exiting while a stopped run has not ended", metadata: ["waited": "\(bound)s"])
        }
    }
}
